import path from 'path';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { AuditorService } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  type Application,
  type Canary,
  getRolloutActions,
} from '@backstage-canary/plugin-canary-common';
import type { ClusterGateway, KubeWatchEvent } from '../cluster/ClusterGateway';
import { RolloutRecorder } from '../recorder/RolloutRecorder';
import type { FoundRollout } from '../resolve/RolloutTarget';
import { RolloutStore } from '../store/RolloutStore';
import { PromoteFollowUps } from './PromoteFollowUps';

// The recorder, the follow-ups and the store (SQLite) are the real ones; the clusters are an
// in-memory fake of the gateway that applies merge and JSON patches with their preconditions.
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const migrations = path.resolve(__dirname, '../../../migrations');

const CANARY_PATH =
  '/apis/flagger.app/v1beta1/namespaces/shop/canaries/checkout';
const APP_PATH =
  '/apis/apps.kurator.dev/v1alpha1/namespaces/shop/applications/shop';

function canary(
  phase: string,
  options: {
    skipAnalysis?: boolean;
    revision?: string;
    kurator?: boolean;
  } = {},
): Canary {
  return {
    apiVersion: 'flagger.app/v1beta1',
    kind: 'Canary',
    metadata: {
      name: 'checkout',
      namespace: 'shop',
      uid: 'c-1',
      annotations: options.kurator ? { 'kurator.dev/rollout': 'shop-0' } : {},
    },
    spec: {
      skipAnalysis: options.skipAnalysis,
      targetRef: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: 'checkout',
      },
      service: { port: 80 },
      analysis: { interval: '1m', threshold: 2, maxWeight: 50, stepWeight: 10 },
    },
    status: {
      phase: phase as any,
      canaryWeight: 20,
      failedChecks: 0,
      lastAppliedSpec: options.revision ?? 'rev-2',
      lastPromotedSpec: 'rev-1',
      lastTransitionTime: new Date().toISOString(),
    },
  } as Canary;
}

function application(skip: boolean): Application {
  return {
    apiVersion: 'apps.kurator.dev/v1alpha1',
    kind: 'Application',
    metadata: { name: 'shop', namespace: 'shop' },
    spec: {
      source: { gitRepository: { url: 'https://example.test/shop' } },
      syncPolicies: [
        {
          destination: { fleet: 'fleet' },
          kustomization: { path: './shop' },
          rollout: {
            testLoader: false,
            trafficRoutingProvider: 'kuma',
            workload: {
              apiVersion: 'apps/v1',
              kind: 'Deployment',
              name: 'checkout',
              namespace: 'shop',
            },
            serviceName: 'checkout',
            port: 80,
            rolloutPolicy: {
              trafficAnalysis: { timeout: 60, checkFailedTimes: 2 },
              skipTrafficAnalysis: skip,
            },
          },
        },
      ],
    },
  } as unknown as Application;
}

/** Clusters holding one canary each (and the host's Application); watches replay what is queued. */
class FakeFleet implements Partial<ClusterGateway> {
  objects = new Map<string, any>();
  patches: Array<{ cluster: string; path: string; type: string; body: any }> =
    [];
  private version = 1;
  private queued = new Map<string, Array<KubeWatchEvent<any>>>();
  /** Changes the object behind the backend's back just before the next patch. */
  raceNextPatch?: () => void;

  constructor(private readonly clusters: string[]) {}

  put(cluster: string, apiPath: string, object: any) {
    this.version += 1;
    const stamped = {
      ...object,
      metadata: { ...object.metadata, resourceVersion: String(this.version) },
    };
    this.objects.set(`${cluster}${apiPath}`, stamped);
    if (apiPath === CANARY_PATH) {
      const list = this.queued.get(cluster) ?? [];
      list.push({ type: 'MODIFIED', object: stamped });
      this.queued.set(cluster, list);
    }
    return stamped;
  }

  listClusters = async () => this.clusters;

  get = async <T>(cluster: string, apiPath: string): Promise<T> => {
    const object = this.objects.get(`${cluster}${apiPath}`);
    if (!object) throw new NotFoundError(`${apiPath} not found`);
    return structuredClone(object);
  };

  list = async (cluster: string, apiPath: string): Promise<any> => {
    const items = apiPath.includes('canaries')
      ? [this.objects.get(`${cluster}${CANARY_PATH}`)].filter(Boolean)
      : [];
    if (apiPath.includes('canaries')) this.queued.set(cluster, []);
    return { items, metadata: { resourceVersion: String(this.version) } };
  };

  watch = async (
    cluster: string,
    apiPath: string,
    _options: unknown,
    onEvent: (event: KubeWatchEvent<any>) => void | Promise<void>,
  ) => {
    if (apiPath.includes('canaries')) {
      const events = this.queued.get(cluster) ?? [];
      this.queued.set(cluster, []);
      for (const event of events) await onEvent(event);
    }
    await new Promise(resolve => setTimeout(resolve, 10));
  };

  patch = async (
    cluster: string,
    apiPath: string,
    body: any,
    type: string,
  ): Promise<any> => {
    this.raceNextPatch?.();
    this.raceNextPatch = undefined;
    const current = structuredClone(this.objects.get(`${cluster}${apiPath}`));
    this.patches.push({ cluster, path: apiPath, type, body });
    if (type === 'merge') {
      if (body.metadata.resourceVersion !== current.metadata.resourceVersion) {
        throw new ConflictError('the object has been modified');
      }
      current.spec = { ...current.spec, ...body.spec };
    } else {
      for (const op of body) {
        const keys = op.path.slice(1).split('/');
        const last = keys.pop();
        let at = current;
        for (const key of keys) at = at[key];
        if (op.op === 'test') {
          if (at[last] !== op.value) throw new Error('test operation failed');
        } else {
          at[last] = op.value;
        }
      }
    }
    return this.put(cluster, apiPath, current);
  };
}

type Audited = { eventId: string; outcome: string; meta: any };
function fakeAuditor(events: Audited[]): AuditorService {
  return {
    createEvent: async options => ({
      success: async (result?: { meta?: any }) => {
        events.push({
          eventId: options.eventId,
          outcome: 'success',
          meta: { ...options.meta, ...result?.meta },
        });
      },
      fail: async () => {
        events.push({
          eventId: options.eventId,
          outcome: 'failure',
          meta: options.meta,
        });
      },
    }),
  } as AuditorService;
}

async function setup(clusters: string[]) {
  const knex = await databases.init('SQLITE_3');
  await knex.migrate.latest({ directory: migrations });
  const store = new RolloutStore(knex);
  const fleet = new FakeFleet(clusters);
  const gateway = fleet as unknown as ClusterGateway;
  const audited: Audited[] = [];
  const logger = mockServices.logger.mock();
  const followUps = () =>
    new PromoteFollowUps({
      gateway,
      store,
      auditor: fakeAuditor(audited),
      logger,
    });
  // A new recorder per run, as after a backend restart.
  const run = () =>
    new RolloutRecorder({
      gateway,
      store,
      logger,
      followUps: followUps(),
    }).run({ durationMs: 100 });
  const actionLog = async (cluster: string) =>
    (
      await store.timeline(
        { cluster, namespace: 'shop', name: 'checkout' },
        { kinds: ['action'] },
      )
    ).items;
  return { store, fleet, audited, followUps, run, actionLog };
}

/** Promotes as the action route does: applies the domain core's operation and schedules its follow-up. */
async function promoteNative(
  fleet: FakeFleet,
  followUps: PromoteFollowUps,
  cluster = 'prod',
) {
  const current = await fleet.get<Canary>(cluster, CANARY_PATH);
  const availability = getRolloutActions(current).find(
    a => a.action === 'promote',
  )!;
  expect(availability.route).toBe('canary-patch');
  await fleet.patch!(
    cluster,
    CANARY_PATH,
    {
      ...(availability.operation as any).mergePatch,
      metadata: { resourceVersion: current.metadata.resourceVersion },
    },
    'merge',
  );
  const rollout: FoundRollout = {
    cluster,
    namespace: 'shop',
    name: 'checkout',
    source: 'native' as any,
    canary: current,
  };
  return followUps.schedule({
    availability,
    affected: [rollout],
    entityRef: 'component:default/checkout',
    actor: 'user:default/alice',
  });
}

describe('PromoteFollowUps', () => {
  it('re-enables the analysis of a native canary once the promoted run succeeds, once', async () => {
    const { fleet, followUps, run, audited, actionLog } = await setup(['prod']);
    fleet.put('prod', CANARY_PATH, canary('Progressing'));
    await run();
    await promoteNative(fleet, followUps());
    // Promoting twice keeps one follow-up.
    await promoteNative(fleet, followUps());
    expect(fleet.objects.get(`prod${CANARY_PATH}`).spec.skipAnalysis).toBe(
      true,
    );

    fleet.put(
      'prod',
      CANARY_PATH,
      canary('Finalising', { skipAnalysis: true }),
    );
    await run();
    // Still the promoted run: the field stays.
    expect(fleet.objects.get(`prod${CANARY_PATH}`).spec.skipAnalysis).toBe(
      true,
    );

    fleet.put('prod', CANARY_PATH, canary('Succeeded', { skipAnalysis: true }));
    await run();
    const cleared = fleet.patches.filter(
      p => p.body.spec?.skipAnalysis === false,
    );
    expect(cleared).toHaveLength(1);
    expect(cleared[0].body.metadata.resourceVersion).toBeDefined();
    expect(fleet.objects.get(`prod${CANARY_PATH}`).spec.skipAnalysis).toBe(
      false,
    );

    // Replays and later runs change nothing more.
    await run();
    await run();
    expect(
      fleet.patches.filter(p => p.body.spec?.skipAnalysis === false),
    ).toHaveLength(1);
    expect((await actionLog('prod')).map((item: any) => item.message)).toEqual([
      'promote follow-up: analysis re-enabled (the run it was given for ended)',
    ]);
    expect(audited).toEqual([
      expect.objectContaining({
        eventId: 'rollout-action-follow-up',
        outcome: 'success',
        meta: expect.objectContaining({
          entityRef: 'component:default/checkout',
          changed: true,
          route: 'canary-patch',
        }),
      }),
    ]);
  });

  it('survives a restart: a run that ended while no recorder watched is caught by the next one', async () => {
    const { fleet, followUps, run, store } = await setup(['prod']);
    fleet.put('prod', CANARY_PATH, canary('Progressing'));
    await run();
    await promoteNative(fleet, followUps());
    // The run ends and the recorder records it before the follow-up was looked at (an old
    // recorder without follow-ups, then a restart).
    fleet.put('prod', CANARY_PATH, canary('Succeeded', { skipAnalysis: true }));
    await new RolloutRecorder({
      gateway: fleet as unknown as ClusterGateway,
      store,
      logger: mockServices.logger.mock(),
      followUps: {
        observe: async () => undefined,
        sweep: async () => undefined,
      } as any,
    }).run({ durationMs: 100 });
    expect(fleet.objects.get(`prod${CANARY_PATH}`).spec.skipAnalysis).toBe(
      true,
    );
    expect(await store.followUps.pending()).toHaveLength(1);

    await run();
    expect(fleet.objects.get(`prod${CANARY_PATH}`).spec.skipAnalysis).toBe(
      false,
    );
    expect(await store.followUps.pending()).toEqual([]);
  });

  it('ends with a new revision, and retries with the new version when another change won', async () => {
    const { fleet, followUps, run } = await setup(['prod']);
    fleet.put('prod', CANARY_PATH, canary('Progressing'));
    await run();
    await promoteNative(fleet, followUps());
    fleet.put(
      'prod',
      CANARY_PATH,
      canary('Progressing', { skipAnalysis: true, revision: 'rev-3' }),
    );
    fleet.raceNextPatch = () => {
      const current = fleet.objects.get(`prod${CANARY_PATH}`);
      fleet.objects.set(`prod${CANARY_PATH}`, {
        ...current,
        metadata: { ...current.metadata, resourceVersion: '999' },
      });
    };
    await run();
    const attempts = fleet.patches.filter(
      p => p.body.spec?.skipAnalysis === false,
    );
    expect(attempts.map(p => p.body.metadata.resourceVersion)).toEqual([
      expect.not.stringMatching(/^999$/),
      '999',
    ]);
    expect(fleet.objects.get(`prod${CANARY_PATH}`).spec.skipAnalysis).toBe(
      false,
    );
  });

  it('clears the Kurator policy once, after the run ended on every cluster of the policy', async () => {
    const { fleet, followUps, run, actionLog } = await setup([
      'host',
      'member1',
      'member2',
    ]);
    fleet.put('host', APP_PATH, application(false));
    for (const member of ['member1', 'member2']) {
      fleet.put(member, CANARY_PATH, canary('Progressing', { kurator: true }));
    }
    await run();
    const app = await fleet.get<Application>('host', APP_PATH);
    const affected: FoundRollout[] = [];
    for (const member of ['member1', 'member2']) {
      affected.push({
        cluster: member,
        namespace: 'shop',
        name: 'checkout',
        source: 'kurator' as any,
        canary: await fleet.get<Canary>(member, CANARY_PATH),
        application: app,
        kurator: {
          hostCluster: 'host',
          application: { namespace: 'shop', name: 'shop' },
          fleet: 'fleet',
          policyName: 'shop-0',
          policyIndex: 0,
          kuratorCluster: member,
        },
      });
    }
    const availability = getRolloutActions(affected[0].canary!, {
      application: app,
      clusterCount: 2,
    }).find(a => a.action === 'promote')!;
    expect(availability.route).toBe('application-policy-patch');
    fleet.put('host', APP_PATH, application(true));
    await followUps().schedule({
      availability,
      affected,
      entityRef: 'component:default/checkout',
      actor: 'user:default/alice',
    });

    fleet.put(
      'member1',
      CANARY_PATH,
      canary('Succeeded', { kurator: true, skipAnalysis: true }),
    );
    await run();
    const policy = () =>
      fleet.objects.get(`host${APP_PATH}`).spec.syncPolicies[0].rollout
        .rolloutPolicy.skipTrafficAnalysis;
    // member2 still runs the promoted revision: the policy keeps skipping.
    expect(policy()).toBe(true);

    fleet.put(
      'member2',
      CANARY_PATH,
      canary('Succeeded', { kurator: true, skipAnalysis: true }),
    );
    await run();
    expect(policy()).toBe(false);
    const appPatches = fleet.patches.filter(p => p.path === APP_PATH);
    expect(appPatches).toHaveLength(1);
    expect(appPatches[0].body[0]).toEqual({
      op: 'test',
      path: '/metadata/resourceVersion',
      value: expect.any(String),
    });
    expect((await actionLog('member2'))[0]).toMatchObject({
      action: 'promote',
      outcome: 'succeeded',
      message:
        'promote follow-up: analysis re-enabled (the run it was given for ended)',
    });
  });

  it('clears at once when the user resumes or aborts, and says nothing changed when already cleared', async () => {
    const { fleet, followUps, run, actionLog } = await setup(['prod']);
    fleet.put('prod', CANARY_PATH, canary('Progressing'));
    await run();
    await promoteNative(fleet, followUps());
    await followUps().clearNow(
      { cluster: 'prod', namespace: 'shop', name: 'checkout' },
      'the rollout was aborted',
    );
    expect(fleet.objects.get(`prod${CANARY_PATH}`).spec.skipAnalysis).toBe(
      false,
    );

    await promoteNative(fleet, followUps());
    fleet.put(
      'prod',
      CANARY_PATH,
      canary('Progressing', { skipAnalysis: false }),
    );
    await followUps().clearNow(
      { cluster: 'prod', namespace: 'shop', name: 'checkout' },
      'the rollout was resumed',
    );
    expect((await actionLog('prod')).map((i: any) => i.message)).toEqual([
      // newest first
      'promote follow-up: analysis re-enabled already (the rollout was resumed); nothing changed',
      'promote follow-up: analysis re-enabled (the rollout was aborted)',
    ]);
  });
});
