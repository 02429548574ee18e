import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import type { ClusterGateway } from '../cluster/ClusterGateway';
import { KuratorApplicationReader } from './KuratorApplicationReader';

const APPS = '/apis/apps.kurator.dev/v1alpha1/namespaces/default/applications';
const FLEETS = '/apis/fleet.kurator.dev/v1alpha1/namespaces/default/fleets';
const ATTACHED =
  '/apis/cluster.kurator.dev/v1alpha1/namespaces/default/attachedclusters';

const rollout = (workload: string) => ({
  trafficRoutingProvider: 'istio',
  serviceName: workload,
  port: 80,
  workload: {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    name: workload,
    namespace: 'webapp',
  },
  rolloutPolicy: {
    trafficRouting: { canaryStrategy: { stepWeight: 10, maxWeight: 50 } },
    trafficAnalysis: { checkIntervalSeconds: 60, checkFailedTimes: 2 },
  },
});

const fleet = {
  apiVersion: 'fleet.kurator.dev/v1alpha1',
  kind: 'Fleet',
  metadata: { name: 'quickstart', namespace: 'default' },
  spec: {
    clusters: [
      { name: 'eu-1', kind: 'AttachedCluster' },
      { name: 'us-1', kind: 'AttachedCluster' },
      { name: 'eu-2', kind: 'AttachedCluster' },
    ],
  },
};

const attached = (name: string, labels: Record<string, string>) => ({
  apiVersion: 'cluster.kurator.dev/v1alpha1',
  kind: 'AttachedCluster',
  metadata: { name, namespace: 'default', labels },
  spec: {},
});

/** The Application `default/shop` with this spec (besides its source). */
const shopApplication = (spec: Record<string, unknown>) => ({
  apiVersion: 'apps.kurator.dev/v1alpha1',
  kind: 'Application',
  metadata: { name: 'shop', namespace: 'default' },
  spec: { source: {}, ...spec },
});

/** The host cluster's objects by `<cluster> <path>`; a value that is an Error is thrown. */
function gateway(objects: Record<string, unknown>) {
  const calls: string[] = [];
  const fake = {
    calls,
    async get(cluster: string, path: string) {
      const key = `${cluster} ${path}`;
      calls.push(key);
      const found = objects[key];
      if (found instanceof Error) throw found;
      if (!found) throw new NotFoundError(`${key} not found`);
      return structuredClone(found);
    },
  };
  return fake as typeof fake & ClusterGateway;
}

const reader = (clusters: ClusterGateway) =>
  new KuratorApplicationReader({
    gateway: clusters,
    config: { clusterNames: {}, hostCluster: 'host' },
  });

const ref = { namespace: 'default', name: 'shop' };

describe('KuratorApplicationReader', () => {
  it("places a policy without a destination on the Application's fleet, named <app>-<index> when unnamed", async () => {
    const clusters = gateway({
      [`host ${APPS}/shop`]: shopApplication({
        destination: { fleet: 'quickstart' },
        syncPolicies: [
          { name: 'frontend', kustomization: {} },
          { kustomization: {}, rollout: rollout('backend') },
        ],
      }),
      [`host ${FLEETS}/quickstart`]: fleet,
    });
    const read = await reader(clusters).read(ref);
    expect(read.errors).toEqual([]);
    expect(read.hostCluster).toBe('host');
    expect(
      read.policies.map(p => ({
        index: p.index,
        name: p.name,
        fleet: p.fleet,
        members: p.members.map(m => m.name),
      })),
    ).toEqual([
      {
        index: 1,
        name: 'shop-1',
        fleet: 'quickstart',
        members: ['eu-1', 'us-1', 'eu-2'],
      },
    ]);
  });

  it("keeps only the members whose labels match the destination's clusterSelector, reading each once", async () => {
    const clusters = gateway({
      [`host ${APPS}/shop`]: shopApplication({
        destination: {
          fleet: 'quickstart',
          clusterSelector: { matchLabels: { region: 'eu' } },
        },
        syncPolicies: [
          { name: 'backend', rollout: rollout('backend') },
          {
            name: 'api',
            destination: {
              fleet: 'quickstart',
              clusterSelector: { matchLabels: { region: 'us' } },
            },
            rollout: rollout('api'),
          },
        ],
      }),
      [`host ${FLEETS}/quickstart`]: fleet,
      [`host ${ATTACHED}/eu-1`]: attached('eu-1', { region: 'eu' }),
      [`host ${ATTACHED}/us-1`]: attached('us-1', { region: 'us' }),
      [`host ${ATTACHED}/eu-2`]: attached('eu-2', { region: 'eu', tier: 'b' }),
    });
    const read = await reader(clusters).read(ref);
    expect(read.errors).toEqual([]);
    expect(
      read.policies.map(p => [p.name, p.members.map(m => m.name)]),
    ).toEqual([
      ['backend', ['eu-1', 'eu-2']],
      ['api', ['us-1']],
    ]);
    expect(
      clusters.calls.filter(c => c.includes('attachedclusters')),
    ).toHaveLength(3);
    expect(clusters.calls.filter(c => c.includes('/fleets/'))).toHaveLength(1);
  });

  it('says which host read failed and leaves the policy without members', async () => {
    const clusters = gateway({
      [`host ${APPS}/shop`]: shopApplication({
        syncPolicies: [
          {
            destination: { fleet: 'quickstart' },
            rollout: rollout('backend'),
          },
        ],
      }),
      [`host ${FLEETS}/quickstart`]: new ServiceUnavailableError(
        'host: connection refused',
      ),
    });
    const read = await reader(clusters).read(ref);
    expect(read.policies.map(p => [p.name, p.fleet, p.members])).toEqual([
      ['shop-0', 'quickstart', []],
    ]);
    expect(read.errors).toEqual([
      {
        cluster: 'host',
        name: 'ServiceUnavailableError',
        message: 'host: connection refused',
      },
    ]);
  });

  it('answers a host that cannot be read as its problem, and a missing Application as not found', async () => {
    const down = gateway({
      [`host ${APPS}/shop`]: new ServiceUnavailableError('host is down'),
    });
    await expect(reader(down).read(ref)).resolves.toEqual({
      hostCluster: 'host',
      policies: [],
      errors: [
        {
          cluster: 'host',
          name: 'ServiceUnavailableError',
          message: 'host is down',
        },
      ],
    });
    await expect(reader(gateway({})).read(ref)).rejects.toThrow(
      'Kurator Application default/shop was not found in host cluster host',
    );
  });
});
