import { USER_RPS_ANNOTATION } from './scaleProfile';
import {
  SCALE_COPY_ANNOTATION,
  scaleCanaryName,
  scaleHostSeed,
  scaleMemberSeed,
} from './scaleSeed';

const names = (objects: any[], kind: string) =>
  objects
    .filter(o => o.kind === kind)
    .map(o => `${o.metadata.namespace ?? ''}/${o.metadata.name}`);

describe('scale seed', () => {
  it('copies the podinfo canary with distinct names into the namespace scale', () => {
    const objects: any[] = scaleMemberSeed(3);
    expect(names(objects, 'Canary')).toEqual([
      'scale/podinfo-001',
      'scale/podinfo-002',
      'scale/podinfo-003',
    ]);
    expect(names(objects, 'Deployment')).toEqual([
      'scale-demo/backend',
      'scale/flagger-loadtester',
      'scale/podinfo-001',
      'scale/podinfo-002',
      'scale/podinfo-003',
    ]);
    expect(names(objects, 'MetricTemplate')).toEqual([
      'scale/success-rate',
      'scale/latency',
    ]);
    expect(names(objects, 'Namespace')).toEqual(['/scale-demo', '/scale']);

    const canary = objects.find(
      o => o.kind === 'Canary' && o.metadata.name === 'podinfo-002',
    );
    expect(canary.metadata.annotations[SCALE_COPY_ANNOTATION]).toBe(
      'test/podinfo',
    );
    expect(canary.metadata.labels['backstage.io/kubernetes-id']).toBe(
      'podinfo-002',
    );
    expect(canary.spec.targetRef.name).toBe('podinfo-002');
    expect(canary.spec.analysis.interval).toBe('2m');
    expect(canary.metadata.annotations[USER_RPS_ANNOTATION]).toBe('2');
    expect(
      canary.spec.analysis.metrics.map((m: any) => m.templateRef.namespace),
    ).toEqual(['scale', 'scale']);
    expect(canary.spec.analysis.webhooks.map((w: any) => w.url)).toEqual([
      'http://flagger-loadtester.scale/',
      'http://flagger-loadtester.scale/',
    ]);
    expect(canary.spec.analysis.webhooks[1].metadata.cmd).toBe(
      'hey -z 2m -q 10 -c 2 http://podinfo-002-canary.scale:9898/',
    );

    const deployment = objects.find(
      o => o.kind === 'Deployment' && o.metadata.name === 'podinfo-002',
    );
    expect(deployment.spec.selector.matchLabels).toEqual({
      app: 'podinfo-002',
    });
    expect(deployment.spec.template.metadata.labels.app).toBe('podinfo-002');
    const service = objects.find(
      o => o.kind === 'Service' && o.metadata.name === 'podinfo-002',
    );
    expect(service.spec.selector).toEqual({ app: 'podinfo-002' });
  });

  it('names canaries with three digits', () => {
    expect(scaleCanaryName(7)).toBe('podinfo-007');
    expect(scaleCanaryName(100)).toBe('podinfo-100');
  });

  it('attaches the extra members and places scale-demo on a Fleet of every member', () => {
    const members = ['kurator-member1', 'kurator-member2', 'kurator-member3'];
    const objects: any[] = scaleHostSeed(members, {
      'kurator-member3': 'kubeconfig of 3',
    });
    expect(names(objects, 'AttachedCluster')).toEqual([
      'default/kurator-member3',
    ]);
    const attached = objects.find(o => o.kind === 'AttachedCluster')!;
    expect(attached.spec.kubeconfig).toEqual({
      name: 'kurator-member3',
      key: 'kurator-member3.config',
    });
    const secret = objects.find(o => o.kind === 'Secret')!;
    expect(secret.metadata).toEqual({
      name: 'kurator-member3',
      namespace: 'default',
    });
    expect(secret.stringData).toEqual({
      'kurator-member3.config': 'kubeconfig of 3',
    });

    const fleet = objects.find(o => o.kind === 'Fleet')!;
    expect(fleet.metadata.name).toBe('scale');
    expect(fleet.spec.clusters).toEqual(
      members.map(name => ({ kind: 'AttachedCluster', name })),
    );

    const app = objects.find(o => o.kind === 'Application')!;
    expect(app.metadata.name).toBe('scale-demo');
    expect(app.metadata.annotations['backstage-canary.io/entity-ref']).toBe(
      'component:default/scale-demo',
    );
    const [withRollout] = app.spec.syncPolicies;
    expect(withRollout.destination).toEqual({ fleet: 'scale' });
    expect(withRollout.rollout.workload).toMatchObject({
      name: 'backend',
      namespace: 'scale-demo',
    });
    expect(withRollout.rollout.rolloutPolicy.trafficRouting.hosts).toEqual([
      'backend.scale-demo',
    ]);
    expect(
      withRollout.rollout.rolloutPolicy.trafficAnalysis.webhooks.command,
    ).toEqual(['hey -z 1m -q 10 -c 2 http://backend-canary.scale-demo:9898/']);
  });
});
