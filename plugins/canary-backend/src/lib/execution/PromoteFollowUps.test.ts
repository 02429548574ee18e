import { pluginDatabases } from '../../__testUtils__/pluginDatabases';
import {
  mockServices,
  type TestDatabaseId,
} from '@backstage/backend-test-utils';
import type { AuditorService } from '@backstage/backend-plugin-api';
import {
  AuthenticationError,
  ConflictError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  type Application,
  type Canary,
  getRolloutActions,
} from '@backstage-canary/plugin-canary-common';
import type {
  ClusterCallContext,
  ClusterGateway,
  KubeWatchEvent,
} from '../cluster/ClusterGateway';
import { RolloutRecorder } from '../recorder/RolloutRecorder';
import type { FoundRollout } from '../resolve/RolloutTarget';
import { RolloutStore } from '../store/RolloutStore';
import { PromoteFollowUps } from './PromoteFollowUps';

// The recorder, the follow-ups and the store are the real ones, on SQLite and on PostgreSQL when
// BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING names a server (never containers); the
// clusters are an in-memory fake of the gateway that applies merge and JSON patches with their
// preconditions.
const databases = pluginDatabases();

// Each test starts from a fresh database with every migration applied: on PostgreSQL under load
// (load 10-15 on 2 cores) that alone took 1.2-3.5 s per test, so Jest's default 5 s cut off
// correct tests. The waits below are on the recorder having handled what the clusters hold, never
// on a fixed time.
jest.setTimeout(30_000);

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
  /** Fails every patch before it is applied (a cluster that is down or refuses the plugin). */
  failPatches?: (context?: ClusterCallContext) => Error | undefined;
  /** Applies the next patch, then fails as if its answer was lost. */
  loseNextAnswer = false;
  contexts: Array<ClusterCallContext | undefined> = [];
  /** Canary watches that have handed over everything queued for their cluster, per cluster. */
  private delivered = new Map<string, number>();
  private onDelivered: Array<() => void> = [];

  constructor(private readonly clusters: string[]) {}

  /**
   * Resolves once a canary watch of every cluster, started from now on, has handed everything
   * queued to the recorder and the recorder has handled it (its handler is awaited).
   */
  everythingDelivered(): Promise<void> {
    const before = new Map(this.delivered);
    return new Promise(resolve => {
      const check = () => {
        if (
          this.clusters.every(
            cluster =>
              (this.delivered.get(cluster) ?? 0) > (before.get(cluster) ?? 0),
          )
        ) {
          this.onDelivered = this.onDelivered.filter(c => c !== check);
          resolve();
        }
      };
      this.onDelivered.push(check);
    });
  }

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

  /** Deletes an object; a canary's watch sees it go. */
  remove(cluster: string, apiPath: string) {
    const object = this.objects.get(`${cluster}${apiPath}`);
    this.objects.delete(`${cluster}${apiPath}`);
    this.version += 1;
    if (apiPath === CANARY_PATH) {
      const list = this.queued.get(cluster) ?? [];
      list.push({
        type: 'DELETED',
        object: {
          ...object,
          metadata: {
            ...object.metadata,
            resourceVersion: String(this.version),
          },
        },
      });
      this.queued.set(cluster, list);
    }
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
      this.delivered.set(cluster, (this.delivered.get(cluster) ?? 0) + 1);
      for (const check of [...this.onDelivered]) check();
    }
    await new Promise(resolve => setTimeout(resolve, 10));
  };

  patch = async (
    cluster: string,
    apiPath: string,
    body: any,
    type: string,
    context?: ClusterCallContext,
  ): Promise<any> => {
    this.contexts.push(context);
    const failure = this.failPatches?.(context);
    if (failure) throw failure;
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
    const stored = this.put(cluster, apiPath, current);
    if (this.loseNextAnswer) {
      this.loseNextAnswer = false;
      throw new ServiceUnavailableError(`Cluster ${cluster}: connection reset`);
    }
    return stored;
  };
}

/**
 * Runs a recorder until it has handled everything the clusters hold: its sweep of the pending
 * follow-ups, then a canary watch of every cluster. Not for a fixed time: on a busy machine (or a
 * slow database) a fixed window can end before the recorder watched at all.
 */
async function record(recorder: RolloutRecorder, fleet: FakeFleet) {
  const stop = new AbortController();
  const delivered = fleet.everythingDelivered();
  const running = recorder.run({ signal: stop.signal });
  try {
    await Promise.race([delivered, running]);
  } finally {
    stop.abort();
  }
  await running;
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
      fail: async (result?: { meta?: any }) => {
        events.push({
          eventId: options.eventId,
          outcome: 'failure',
          meta: { ...options.meta, ...result?.meta },
        });
      },
    }),
  } as AuditorService;
}

async function setup(clusters: string[], databaseId: TestDatabaseId) {
  const knex = await databases.migrated(databaseId);
  // A fresh store per use: every instance below only shares the database, as after a restart.
  const store = new RolloutStore({ db: knex });
  const fleet = new FakeFleet(clusters);
  const gateway = fleet as unknown as ClusterGateway;
  const audited: Audited[] = [];
  const logger = mockServices.logger.mock();
  const clock = { now: Date.now() };
  const followUps = () =>
    new PromoteFollowUps({
      gateway,
      store: new RolloutStore({ db: knex }),
      auditor: fakeAuditor(audited),
      logger,
      now: () => new Date(clock.now),
    });
  // A new recorder per run, as after a backend restart.
  const run = () =>
    record(
      new RolloutRecorder({
        gateway,
        store: new RolloutStore({ db: knex }),
        logger,
        followUps: followUps(),
      }),
      fleet,
    );
  const actionLog = async (cluster: string) =>
    (
      await store.timeline(
        { cluster, namespace: 'shop', name: 'checkout' },
        { kinds: ['action'] },
      )
    ).items;
  return { store, fleet, audited, followUps, run, actionLog, clock };
}

/**
 * Promotes as the action route does: stores the follow-up's intent, then applies the domain core's
 * operation. `crash` stops after the intent (`before-write`) or after the write reached the cluster
 * but before its answer came back (`after-write`), as a killed backend would.
 */
async function promoteNative(
  fleet: FakeFleet,
  followUps: PromoteFollowUps,
  options: { cluster?: string; crash?: 'before-write' | 'after-write' } = {},
) {
  const cluster = options.cluster ?? 'prod';
  const current = await fleet.get<Canary>(cluster, CANARY_PATH);
  const availability = getRolloutActions(current).find(
    a => a.action === 'promote',
  )!;
  expect(availability.route).toBe('canary-patch');
  const rollout: FoundRollout = {
    cluster,
    namespace: 'shop',
    name: 'checkout',
    source: 'native' as any,
    canary: current,
  };
  const intent = await followUps.intend({
    rollouts: { rollouts: [rollout], errors: [] },
    target: { cluster, namespace: 'shop', name: 'checkout' },
    entityRef: 'component:default/checkout',
    actor: 'user:default/alice',
  });
  if (options.crash === 'before-write') return intent;
  fleet.loseNextAnswer = options.crash === 'after-write';
  await fleet.patch!(
    cluster,
    CANARY_PATH,
    {
      ...(availability.operation as any).mergePatch,
      metadata: { resourceVersion: current.metadata.resourceVersion },
    },
    'merge',
  ).catch(error => {
    if (options.crash !== 'after-write') throw error;
  });
  return intent;
}

describe.each(databases.eachSupportedId())(
  'PromoteFollowUps on %s',
  databaseId => {
    it('re-enables the analysis of a native canary once the promoted run succeeds, once', async () => {
      const { fleet, followUps, run, audited, actionLog } = await setup(
        ['prod'],
        databaseId,
      );
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

      fleet.put(
        'prod',
        CANARY_PATH,
        canary('Succeeded', { skipAnalysis: true }),
      );
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
      expect(
        (await actionLog('prod')).map((item: any) => item.message),
      ).toEqual([
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
      const { fleet, followUps, run, store } = await setup(
        ['prod'],
        databaseId,
      );
      fleet.put('prod', CANARY_PATH, canary('Progressing'));
      await run();
      await promoteNative(fleet, followUps());
      // The run ends and the recorder records it before the follow-up was looked at (an old
      // recorder without follow-ups, then a restart).
      fleet.put(
        'prod',
        CANARY_PATH,
        canary('Succeeded', { skipAnalysis: true }),
      );
      await record(
        new RolloutRecorder({
          gateway: fleet as unknown as ClusterGateway,
          store,
          logger: mockServices.logger.mock(),
          followUps: {
            observe: async () => undefined,
            sweep: async () => undefined,
          } as any,
        }),
        fleet,
      );
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

    it('is not ended by a lagging sight of the run before the promoted one', async () => {
      const { fleet, followUps, run, store } = await setup(
        ['prod'],
        databaseId,
      );
      // The recorder last saw the previous revision fail; the promoted revision runs already.
      fleet.put('prod', CANARY_PATH, canary('Failed', { revision: 'rev-1' }));
      await run();
      fleet.put('prod', CANARY_PATH, canary('Progressing'));
      await promoteNative(fleet, followUps());
      // The recorder, behind, now delivers the old state: it ends nothing.
      await followUps().observe(
        { cluster: 'prod', namespace: 'shop', name: 'checkout' },
        canary('Failed', { revision: 'rev-1', skipAnalysis: true }),
      );
      expect(fleet.objects.get(`prod${CANARY_PATH}`).spec.skipAnalysis).toBe(
        true,
      );
      expect(await store.followUps.pending()).toHaveLength(1);

      // It catches up: the promoted run, then its end.
      await run();
      expect(fleet.objects.get(`prod${CANARY_PATH}`).spec.skipAnalysis).toBe(
        true,
      );
      fleet.put(
        'prod',
        CANARY_PATH,
        canary('Succeeded', { skipAnalysis: true }),
      );
      await run();
      expect(fleet.objects.get(`prod${CANARY_PATH}`).spec.skipAnalysis).toBe(
        false,
      );
      expect(await store.followUps.pending()).toEqual([]);
    });

    it('ends with a new revision, and retries with the new version when another change won', async () => {
      const { fleet, followUps, run } = await setup(['prod'], databaseId);
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
      const { fleet, followUps, run, actionLog } = await setup(
        ['host', 'member1', 'member2'],
        databaseId,
      );
      fleet.put('host', APP_PATH, application(false));
      for (const member of ['member1', 'member2']) {
        fleet.put(
          member,
          CANARY_PATH,
          canary('Progressing', { kurator: true }),
        );
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
      const { fleet, followUps, run, actionLog } = await setup(
        ['prod'],
        databaseId,
      );
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

    const KEY = { cluster: 'prod', namespace: 'shop', name: 'checkout' };
    const skipAnalysis = (fleet: FakeFleet) =>
      fleet.objects.get(`prod${CANARY_PATH}`).spec.skipAnalysis;

    it('survives a kill between the intent and the answer of the write: a fresh instance clears when the run ends', async () => {
      const { fleet, followUps, run, audited, actionLog } = await setup(
        ['prod'],
        databaseId,
      );
      fleet.put('prod', CANARY_PATH, canary('Progressing'));
      await run();
      // The promote's write reaches the cluster, then the backend dies before it hears back.
      await promoteNative(fleet, followUps(), { crash: 'after-write' });
      expect(skipAnalysis(fleet)).toBe(true);
      // While pending, the follow-up is in the timeline.
      expect(await actionLog('prod')).toEqual([
        expect.objectContaining({
          action: 'promote',
          actor: 'canary-backend',
          outcome: 'unchanged',
          reason: 'Follow-up of the promote by user:default/alice',
          message: expect.stringMatching(
            /^promote follow-up pending: spec\.skipAnalysis of Canary shop\/checkout on prod is cleared again once the promoted run ends/,
          ),
        }),
      ]);

      // After the restart: new recorder and follow-ups on the same database.
      fleet.put(
        'prod',
        CANARY_PATH,
        canary('Succeeded', { skipAnalysis: true }),
      );
      await run();
      expect(skipAnalysis(fleet)).toBe(false);
      expect((await actionLog('prod')).map((i: any) => i.message)).toEqual([
        'promote follow-up: analysis re-enabled (the run it was given for ended)',
      ]);
      expect(audited).toEqual([
        expect.objectContaining({
          eventId: 'rollout-action-follow-up',
          outcome: 'success',
          meta: expect.objectContaining({
            clusterChanged: true,
            result: 'cleared',
            field: 'spec.skipAnalysis of Canary shop/checkout on prod',
          }),
        }),
      ]);
    });

    it('survives a kill before the write: the run ends and the audit says the cluster was not changed', async () => {
      const { fleet, followUps, run, audited, store } = await setup(
        ['prod'],
        databaseId,
      );
      fleet.put('prod', CANARY_PATH, canary('Progressing'));
      await run();
      await promoteNative(fleet, followUps(), { crash: 'before-write' });
      expect(await store.followUps.pending()).toHaveLength(1);

      fleet.put('prod', CANARY_PATH, canary('Failed'));
      await run();
      expect(fleet.patches).toEqual([]);
      expect(await store.followUps.pending()).toEqual([]);
      expect(audited).toEqual([
        expect.objectContaining({
          outcome: 'success',
          meta: expect.objectContaining({
            clusterChanged: false,
            result: 'already-cleared',
          }),
        }),
      ]);
    });

    it('drops the intent when the cluster refused the promote, and keeps it when the answer is unknown', async () => {
      const { fleet, followUps, run, store, actionLog } = await setup(
        ['prod'],
        databaseId,
      );
      fleet.put('prod', CANARY_PATH, canary('Progressing'));
      await run();
      const refused = await promoteNative(fleet, followUps(), {
        crash: 'before-write',
      });
      expect(await followUps().promoteFailed(refused, false)).toBe(false);
      expect(await store.followUps.pending()).toEqual([]);
      expect(await actionLog('prod')).toEqual([]);

      const lost = await promoteNative(fleet, followUps(), {
        crash: 'before-write',
      });
      expect(lost).toEqual({ id: expect.any(Number), created: true });
      // A second promote of the same run finds the pending follow-up and never drops it.
      const again = await promoteNative(fleet, followUps(), {
        crash: 'before-write',
      });
      expect(again).toEqual({ id: lost!.id, created: false });
      expect(await followUps().promoteFailed(again, false)).toBe(true);
      expect(await followUps().promoteFailed(lost, 'unknown')).toBe(true);
      expect(await store.followUps.pending()).toHaveLength(1);
    });

    it('retries with backoff and without a cap while the cluster is down, visibly, then clears', async () => {
      const { fleet, followUps, run, audited, actionLog, clock, store } =
        await setup(['prod'], databaseId);
      fleet.put('prod', CANARY_PATH, canary('Progressing'));
      await run();
      await promoteNative(fleet, followUps());
      fleet.contexts = [];
      fleet.failPatches = () =>
        new ServiceUnavailableError('Cluster prod: HTTP 503');
      fleet.put(
        'prod',
        CANARY_PATH,
        canary('Succeeded', { skipAnalysis: true }),
      );
      await run();
      expect(fleet.patches).toHaveLength(1);

      // Every recorder run before the backoff is over leaves it alone; after it, it is tried again.
      const waits: number[] = [];
      for (let attempt = 1; attempt < 9; attempt++) {
        const [pending] = await store.followUps.pending();
        expect(pending.attempts).toBe(attempt);
        const wait = Date.parse(pending.nextAttemptAt!) - clock.now;
        waits.push(wait);
        clock.now += wait - 1;
        await followUps().sweep();
        expect(fleet.contexts).toHaveLength(attempt);
        clock.now += 1;
        await followUps().sweep();
        expect(fleet.contexts).toHaveLength(attempt + 1);
      }
      expect(waits).toEqual([
        30_000, 60_000, 120_000, 240_000, 480_000, 600_000, 600_000, 600_000,
      ]);
      expect(skipAnalysis(fleet)).toBe(true);
      expect(await actionLog('prod')).toEqual([
        expect.objectContaining({
          outcome: 'failed',
          message: expect.stringContaining(
            'promote follow-up pending: attempt 9 to clear spec.skipAnalysis of Canary shop/checkout on prod failed (Cluster prod: HTTP 503); analysis stays skipped.',
          ),
        }),
      ]);
      expect(audited.at(-1)).toMatchObject({
        outcome: 'failure',
        meta: { pending: true, attempts: 9, clusterChanged: 'unknown' },
      });

      fleet.failPatches = undefined;
      clock.now += 600_000;
      await run();
      expect(skipAnalysis(fleet)).toBe(false);
      expect((await actionLog('prod')).map((i: any) => i.message)).toEqual([
        'promote follow-up: analysis re-enabled (the run it was given for ended); after 9 failed attempts',
      ]);
      expect(audited.at(-1)).toMatchObject({
        outcome: 'success',
        meta: { clusterChanged: true, attempt: 10 },
      });
    });

    it('stays pending on a cluster that wants a user token, and is finished when a user acts', async () => {
      const { fleet, followUps, run, actionLog } = await setup(
        ['prod'],
        databaseId,
      );
      fleet.put('prod', CANARY_PATH, canary('Progressing'));
      await run();
      await promoteNative(fleet, followUps());
      fleet.failPatches = context =>
        context?.providerTokens?.oidc
          ? undefined
          : new AuthenticationError('Cluster prod: Unauthorized');
      fleet.put(
        'prod',
        CANARY_PATH,
        canary('Succeeded', { skipAnalysis: true }),
      );
      await run();
      expect(skipAnalysis(fleet)).toBe(true);
      expect((await actionLog('prod'))[0]).toMatchObject({
        outcome: 'failed',
        message: expect.stringContaining(
          "The cluster refused the plugin's own credentials",
        ),
      });

      await followUps().retryEnded(KEY, {
        providerTokens: { oidc: 'user-token' },
      });
      expect(skipAnalysis(fleet)).toBe(false);
      expect((await actionLog('prod'))[0]).toMatchObject({
        outcome: 'succeeded',
        message:
          'promote follow-up: analysis re-enabled (the run it was given for ended); after 1 failed attempt',
      });
    });

    it('finishes as unchanged when the canary was deleted', async () => {
      const { fleet, followUps, run, actionLog } = await setup(
        ['prod'],
        databaseId,
      );
      fleet.put('prod', CANARY_PATH, canary('Progressing'));
      await run();
      await promoteNative(fleet, followUps());
      fleet.remove('prod', CANARY_PATH);
      await run();
      expect((await actionLog('prod')).map((i: any) => i.message)).toEqual([
        'promote follow-up: nothing to clear, the object behind spec.skipAnalysis of Canary shop/checkout on prod is gone (the run it was given for ended); nothing changed',
      ]);
    });
  },
);
