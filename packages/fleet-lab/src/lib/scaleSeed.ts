import type { KubeObject } from './KubeClient';
import { exampleManifest } from './manifests';
import { attachedClusterSecret, loadtester } from './seed';
import {
  SCALE_CANARY_INTERVAL,
  SCALE_CANARY_USER_RPS,
  USER_RPS_ANNOTATION,
} from './scaleProfile';

/** Namespace of the scale canaries on every member. */
export const SCALE_NAMESPACE = 'scale';
/** The Fleet of every member and the Application placing a rollout policy on it. */
export const SCALE_FLEET = 'scale';
export const SCALE_APPLICATION = 'scale-demo';
/** Namespace of the scale Application's workload on every member. */
export const SCALE_APPLICATION_NAMESPACE = 'scale-demo';
/** Marks the lab's copies of the demo's objects (the source is the value). */
export const SCALE_COPY_ANNOTATION =
  'fleet-lab.backstage-canary.io/scale-copy-of';

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value));

function find(objects: KubeObject[], kind: string, name: string): KubeObject {
  const found = objects.find(o => o.kind === kind && o.metadata.name === name);
  if (!found) {
    throw new Error(`examples/fleet has no ${kind} ${name}`);
  }
  return found;
}

function copyOf(
  source: KubeObject,
  name: string,
  namespace: string,
): KubeObject {
  const copy = clone(source);
  copy.metadata = {
    ...copy.metadata,
    name,
    namespace,
    annotations: {
      ...copy.metadata.annotations,
      [SCALE_COPY_ANNOTATION]: `${source.metadata.namespace}/${source.metadata.name}`,
    },
  };
  return copy;
}

/** `podinfo-001`, `podinfo-002`...: the name of the i-th scale canary (1-based). */
export function scaleCanaryName(index: number): string {
  return `podinfo-${String(index).padStart(3, '0')}`;
}

/**
 * One copy of the demo's native podinfo canary (examples/fleet/member1-native.yaml) named `name` in
 * the namespace `scale`: its Deployment, Service and Canary, with the labels, selectors, webhook
 * URLs and load-test hosts renamed.
 */
function podinfoCopy(native: KubeObject[], name: string): KubeObject[] {
  const ns = SCALE_NAMESPACE;
  const deployment = copyOf(find(native, 'Deployment', 'podinfo'), name, ns);
  const labels = { app: name, 'backstage.io/kubernetes-id': name };
  deployment.metadata.labels = labels;
  deployment.spec.selector.matchLabels = { app: name };
  deployment.spec.template.metadata.labels = labels;

  const service = copyOf(find(native, 'Service', 'podinfo'), name, ns);
  service.metadata.labels = labels;
  service.spec.selector = { app: name };

  const canary = copyOf(find(native, 'Canary', 'podinfo'), name, ns);
  canary.metadata.labels = { 'backstage.io/kubernetes-id': name };
  canary.metadata.annotations = {
    ...canary.metadata.annotations,
    [USER_RPS_ANNOTATION]: String(SCALE_CANARY_USER_RPS),
  };
  canary.spec.targetRef.name = name;
  canary.spec.analysis.interval = SCALE_CANARY_INTERVAL;
  for (const metric of canary.spec.analysis.metrics ?? []) {
    if (metric.templateRef) metric.templateRef.namespace = ns;
  }
  for (const hook of canary.spec.analysis.webhooks ?? []) {
    hook.url = hook.url.replace('.test/', `.${ns}/`);
    if (hook.metadata?.cmd) {
      hook.metadata.cmd = hook.metadata.cmd.replace(
        'podinfo-canary.test',
        `${name}-canary.${ns}`,
      );
    }
  }
  return [deployment, service, canary];
}

/**
 * The scale objects of one member: `count` copies of podinfo with their MetricTemplates and a
 * loadtester in the namespace `scale`, and the workload the scale Application rolls out.
 */
export function scaleMemberSeed(count: number): KubeObject[] {
  const objects: KubeObject[] = [];
  const workloads = exampleManifest('member-workloads.yaml');
  objects.push(
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: SCALE_APPLICATION_NAMESPACE },
    },
    ...['Deployment', 'Service'].map(kind => {
      const copy = copyOf(
        find(
          workloads.filter(o => o.metadata.namespace === 'webapp'),
          kind,
          'backend',
        ),
        'backend',
        SCALE_APPLICATION_NAMESPACE,
      );
      const id = { 'backstage.io/kubernetes-id': SCALE_APPLICATION };
      copy.metadata.labels = { ...copy.metadata.labels, ...id };
      if (kind === 'Deployment') {
        copy.spec.template.metadata.labels = {
          ...copy.spec.template.metadata.labels,
          ...id,
        };
      }
      return copy;
    }),
  );
  if (count === 0) {
    return objects;
  }
  const native = exampleManifest('member1-native.yaml');
  objects.push(
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: SCALE_NAMESPACE },
    },
    ...loadtester(SCALE_NAMESPACE),
    ...native
      .filter(o => o.kind === 'MetricTemplate')
      .map(t => copyOf(t, t.metadata.name, SCALE_NAMESPACE)),
  );
  for (let i = 1; i <= count; i++) {
    objects.push(...podinfoCopy(native, scaleCanaryName(i)));
  }
  return objects;
}

/**
 * The scale objects of the fleet control plane, shaped like examples/fleet/host.yaml: an
 * AttachedCluster and its kubeconfig Secret for each member the demo does not attach
 * (`extraMembers`), the Fleet `scale` of every member, and the Application `scale-demo`, a copy of
 * `rollout-demo` placing its rollout policy on that Fleet.
 */
export function scaleHostSeed(
  allMembers: string[],
  extraMemberKubeconfigs: Record<string, string>,
): KubeObject[] {
  const host = exampleManifest('host.yaml');
  const template = find(host, 'AttachedCluster', 'kurator-member1');
  const objects: KubeObject[] = [];
  for (const [member, kubeconfig] of Object.entries(extraMemberKubeconfigs)) {
    const attached = clone(template);
    attached.metadata = { name: member, namespace: 'default' };
    attached.spec.kubeconfig = { name: member, key: `${member}.config` };
    objects.push(attachedClusterSecret(attached, kubeconfig), attached);
  }

  const fleet = copyOf(
    find(host, 'Fleet', 'quickstart'),
    SCALE_FLEET,
    'default',
  );
  fleet.spec.clusters = allMembers.map(name => ({
    kind: 'AttachedCluster',
    name,
  }));
  objects.push(fleet);

  const app = copyOf(
    find(host, 'Application', 'rollout-demo'),
    SCALE_APPLICATION,
    'default',
  );
  app.metadata.annotations = {
    ...app.metadata.annotations,
    'backstage-canary.io/entity-ref': `component:default/${SCALE_APPLICATION}`,
  };
  for (const policy of app.spec.syncPolicies) {
    policy.destination = { fleet: SCALE_FLEET };
    const rollout = policy.rollout;
    if (!rollout) continue;
    rollout.workload.namespace = SCALE_APPLICATION_NAMESPACE;
    const routing = rollout.rolloutPolicy.trafficRouting;
    routing.hosts = [`backend.${SCALE_APPLICATION_NAMESPACE}`];
    const webhooks = rollout.rolloutPolicy.trafficAnalysis.webhooks;
    webhooks.command = webhooks.command.map((c: string) =>
      c.replace(
        'backend-canary.webapp',
        `backend-canary.${SCALE_APPLICATION_NAMESPACE}`,
      ),
    );
  }
  objects.push(app);
  return objects;
}
