import { InputError, NotFoundError } from '@backstage/errors';
import type {
  Application,
  Canary,
} from '@backstage-canary/plugin-canary-common';
import { getRolloutActions } from '@backstage-canary/plugin-canary-common';
import type { ClusterGateway } from '../cluster/ClusterGateway';
import type { FoundRollout } from '../resolve/RolloutTarget';
import { KuratorAbort } from './KuratorAbort';

/** Clusters as objects by path, taking JSON patches with their `test` operations as the API server does. */
class Clusters {
  objects = new Map<string, any>();
  patches: Array<{ cluster: string; path: string; body: any[] }> = [];
  /** Objects whose controller writes their status right after the next read of them. */
  statusWriteAfterRead = new Set<string>();

  put(cluster: string, path: string, object: any) {
    this.objects.set(`${cluster}${path}`, object);
  }

  gateway(): ClusterGateway {
    return {
      get: async (cluster: string, path: string) => {
        const object = this.objects.get(`${cluster}${path}`);
        if (!object) throw new NotFoundError(`${cluster}${path}`);
        const read = structuredClone(object);
        if (this.statusWriteAfterRead.delete(`${cluster}${path}`)) {
          // A status write: a new version, the same generation.
          object.metadata.resourceVersion = String(
            Number(object.metadata.resourceVersion) + 1,
          );
        }
        return read;
      },
      patch: async (cluster: string, path: string, body: any[]) => {
        this.patches.push({ cluster, path, body });
        const object = this.objects.get(`${cluster}${path}`);
        const at = (pointer: string) => {
          const parts = pointer.split('/').slice(1);
          const last = parts.pop()!;
          const parent = parts.reduce((node: any, p) => node[p], object);
          return { parent, last };
        };
        for (const op of body.filter(o => o.op === 'test')) {
          const { parent, last } = at(op.path);
          if (parent?.[last] !== op.value) {
            throw new InputError(`test failed at ${op.path}`);
          }
        }
        for (const op of body.filter(o => o.op !== 'test')) {
          const { parent, last } = at(op.path);
          parent[last] = op.value;
        }
        object.metadata.resourceVersion = String(
          Number(object.metadata.resourceVersion) + 1,
        );
        return object;
      },
    } as unknown as ClusterGateway;
  }
}

const DEPLOYMENTS = '/apis/apps/v1/namespaces/webapp/deployments';
const APPLICATION =
  '/apis/apps.kurator.dev/v1alpha1/namespaces/default/applications/rollout-demo';
const MEMBERS = ['kurator-member1', 'kurator-member2'];

const application = {
  apiVersion: 'apps.kurator.dev/v1alpha1',
  kind: 'Application',
  metadata: {
    name: 'rollout-demo',
    namespace: 'default',
    resourceVersion: '50',
    generation: 4,
  },
  spec: {
    source: {},
    syncPolicies: [
      {
        rollout: {
          workload: { name: 'backend', namespace: 'webapp' },
          serviceName: 'backend',
          port: 9898,
          rolloutPolicy: {},
        },
      },
    ],
  },
} as unknown as Application;

const canary = {
  apiVersion: 'flagger.app/v1beta1',
  kind: 'Canary',
  metadata: {
    name: 'backend',
    namespace: 'webapp',
    annotations: { 'kurator.dev/rollout': 'rollout-demo-0' },
  },
  spec: {
    targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'backend' },
    service: { port: 9898 },
    analysis: { interval: '1m', threshold: 2, maxWeight: 50, stepWeight: 10 },
  },
  status: { phase: 'Progressing', lastAppliedSpec: 'b', lastPromotedSpec: 'a' },
} as unknown as Canary;

const deployment = (name: string, image: string) => ({
  metadata: { name, namespace: 'webapp', resourceVersion: '10', generation: 2 },
  spec: { template: { spec: { containers: [{ name: 'backend', image }] } } },
});

function member(cluster: string, reachable = true): FoundRollout {
  return {
    cluster,
    namespace: 'webapp',
    name: 'backend',
    source: 'kurator',
    kurator: {
      hostCluster: 'host',
      application: { namespace: 'default', name: 'rollout-demo' },
      fleet: 'quickstart',
      policyName: 'rollout-demo-0',
      policyIndex: 0,
      kuratorCluster: cluster,
    },
    application,
    ...(reachable
      ? { canary, binding: { bound: true, by: 'kurator-application' } as any }
      : {
          error: {
            cluster,
            name: 'backend',
            message: `Cluster ${cluster}: HTTP 500`,
          },
        }),
  };
}

function setup() {
  const clusters = new Clusters();
  for (const cluster of MEMBERS) {
    clusters.put(
      cluster,
      `${DEPLOYMENTS}/backend`,
      deployment('backend', 'podinfo:6.0.1'),
    );
    clusters.put(
      cluster,
      `${DEPLOYMENTS}/backend-primary`,
      deployment('backend-primary', 'podinfo:6.0.0'),
    );
  }
  clusters.put('host', APPLICATION, structuredClone(application));
  const availability = getRolloutActions(canary, {
    application,
    clusterCount: 2,
  }).find(a => a.action === 'abort')!;
  const operation = availability.operation as any;
  return { clusters, operation };
}

const imageOn = (clusters: Clusters, cluster: string) =>
  clusters.objects.get(`${cluster}${DEPLOYMENTS}/backend`).spec.template.spec
    .containers[0].image;
const policyOf = (clusters: Clusters) =>
  clusters.objects.get(`host${APPLICATION}`).spec.syncPolicies[0].rollout
    .rolloutPolicy;

describe('KuratorAbort', () => {
  it('reverts every member to its primary, then skips the analysis of the revert on the policy', async () => {
    const { clusters, operation } = setup();
    const members = MEMBERS.map(c => member(c));

    const result = await new KuratorAbort({ gateway: clusters.gateway() }).run({
      rollout: members[0],
      members,
      operation,
      context: {},
    });

    for (const cluster of MEMBERS) {
      expect(imageOn(clusters, cluster)).toBe('podinfo:6.0.0');
    }
    expect(policyOf(clusters)).toEqual({ skipTrafficAnalysis: true });
    // Each write is pinned to the version it was decided on.
    expect(clusters.patches.map(p => [p.cluster, p.body[0]])).toEqual([
      [
        'kurator-member1',
        { op: 'test', path: '/metadata/resourceVersion', value: '10' },
      ],
      [
        'kurator-member2',
        { op: 'test', path: '/metadata/resourceVersion', value: '10' },
      ],
      ['host', { op: 'test', path: '/metadata/resourceVersion', value: '50' }],
    ]);
    // ... and to its sync policy still rolling out this workload.
    expect(clusters.patches[2].body[1]).toEqual({
      op: 'test',
      path: '/spec/syncPolicies/0/rollout/workload/name',
      value: 'backend',
    });
    expect(result).toMatchObject({
      action: 'abort',
      route: 'application-policy-patch',
      changed: true,
      affects: MEMBERS.map(cluster => ({
        cluster,
        name: 'backend',
      })),
    });
    expect(result.message).toContain(
      'Reverted backend to the images of backend-primary on kurator-member1, kurator-member2. skipTrafficAnalysis is set',
    );
    expect(result.message).toContain(
      "The Application's source (Git) still names the new revision",
    );
  });

  it('does not skip the analysis when a member could not be reverted, and names it', async () => {
    const { clusters, operation } = setup();
    const members = [
      member('kurator-member1'),
      member('kurator-member2', false),
    ];

    const result = await new KuratorAbort({ gateway: clusters.gateway() }).run({
      rollout: members[0],
      members,
      operation,
      context: {},
    });

    expect(imageOn(clusters, 'kurator-member1')).toBe('podinfo:6.0.0');
    expect(imageOn(clusters, 'kurator-member2')).toBe('podinfo:6.0.1');
    // Skipping the analysis there would promote the aborted revision.
    expect(policyOf(clusters)).toEqual({});
    expect(result.affects.map(a => a.cluster)).toEqual(['kurator-member1']);
    expect(result.message).toContain('skipTrafficAnalysis was not set');
    expect(result.message).toContain(
      'Not reverted on kurator-member2 (Cluster kurator-member2: HTTP 500)',
    );
  });

  it('writes nothing when a member cannot be planned', async () => {
    const { clusters, operation } = setup();
    clusters.put('kurator-member2', `${DEPLOYMENTS}/backend-primary`, {
      metadata: { name: 'backend-primary', resourceVersion: '3' },
      spec: {
        template: { spec: { containers: [{ name: 'other', image: 'x' }] } },
      },
    });
    const members = MEMBERS.map(c => member(c));

    await expect(
      new KuratorAbort({ gateway: clusters.gateway() }).run({
        rollout: members[0],
        members,
        operation,
        context: {},
      }),
    ).rejects.toThrow(
      'Cluster kurator-member2: backend-primary has no container backend, so backend cannot be reverted to it.',
    );
    expect(clusters.patches).toEqual([]);
  });

  it("is not refused by the controllers' status writes made after it read the objects", async () => {
    const { clusters, operation } = setup();
    const members = MEMBERS.map(c => member(c));
    // The Deployment controller and Kurator write status between each read and its write.
    clusters.statusWriteAfterRead.add(`kurator-member2${DEPLOYMENTS}/backend`);
    clusters.statusWriteAfterRead.add(`host${APPLICATION}`);

    const result = await new KuratorAbort({ gateway: clusters.gateway() }).run({
      rollout: members[0],
      members,
      operation,
      context: {},
    });

    for (const cluster of MEMBERS) {
      expect(imageOn(clusters, cluster)).toBe('podinfo:6.0.0');
    }
    expect(policyOf(clusters)).toEqual({ skipTrafficAnalysis: true });
    expect(result.message).toContain('skipTrafficAnalysis is set');
    // Each refused write went out again on the version after the status write.
    const pins = (cluster: string) =>
      clusters.patches
        .filter(p => p.cluster === cluster)
        .map(p => p.body[0].value);
    expect(pins('kurator-member2')).toEqual(['10', '11']);
    expect(pins('host')).toEqual(['50', '51']);
  });

  it('does not skip the analysis when the sync policy no longer rolls out the workload, and says so', async () => {
    const { clusters, operation } = setup();
    const members = MEMBERS.map(c => member(c));
    // Someone edited the Application meanwhile: policy 0 now rolls out another workload.
    const changed = clusters.objects.get(`host${APPLICATION}`);
    changed.metadata.resourceVersion = '58';
    changed.metadata.generation = 5;
    changed.spec.syncPolicies[0].rollout.workload.name = 'frontend';

    const result = await new KuratorAbort({ gateway: clusters.gateway() }).run({
      rollout: members[0],
      members,
      operation,
      context: {},
    });

    for (const cluster of MEMBERS) {
      expect(imageOn(clusters, cluster)).toBe('podinfo:6.0.0');
    }
    expect(policyOf(clusters)).toEqual({});
    expect(result.message).toContain(
      'skipTrafficAnalysis was not set because Application default/rollout-demo no longer matches',
    );
  });
});
