import { mockServices } from '@backstage/backend-test-utils';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  type Canary,
  CANARY_PHASE,
  kubeCollectionPath,
} from '@backstage-canary/plugin-canary-common';
import type { Knex } from 'knex';
import { pluginDatabases } from '../../__testUtils__/pluginDatabases';
import type {
  ClusterGateway,
  KubeList,
  KubeWatchEvent,
} from '../cluster/ClusterGateway';
import { FleetState } from '../state/FleetState';
import type { CollectionSpec } from '../state/WatchedCollection';
import { RolloutStore } from '../store/RolloutStore';
import { RolloutRecorder, type RecordedChange } from './RolloutRecorder';

// The recorder, the fleet state and the store (SQLite) are the real ones; the cluster is an
// in-memory fake whose canary watch the test drives. The fleet state and the recorder reach it
// through gateways of their own, so the calls each makes can be told apart.
const databases = pluginDatabases();
const CANARIES = kubeCollectionPath('Canary');
const EVENTS = kubeCollectionPath('Event');
const specs: CollectionSpec[] = [
  { resource: 'canaries', path: CANARIES, journaled: true },
];

type Phase = NonNullable<Canary['status']>['phase'];

function canary(
  name: string,
  rv: string,
  phase: Phase,
  canaryWeight = 0,
): Canary {
  return {
    apiVersion: 'flagger.app/v1beta1',
    kind: 'Canary',
    metadata: {
      name,
      namespace: 'shop',
      uid: `uid-${name}`,
      resourceVersion: rv,
    },
    spec: {
      targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
      service: { port: 80 },
      analysis: { interval: '1m', threshold: 2, maxWeight: 50, stepWeight: 10 },
    },
    status: {
      phase,
      canaryWeight,
      failedChecks: 0,
      lastAppliedSpec: 'rev-2',
    },
  } as Canary;
}

/** One cluster, `member`: lists what it holds and streams what the test sends to open watches. */
class FakeCluster {
  canaries: Canary[] = [
    canary('web', '5', CANARY_PHASE.Progressing, 10),
    canary('api', '6', CANARY_PHASE.Succeeded),
  ];
  listVersion = '10';
  refused = false;
  private watchers = new Set<{
    path: string;
    onEvent: (event: KubeWatchEvent<any>) => void | Promise<void>;
    end: (error?: Error) => void;
  }>();

  /** A gateway to this cluster that notes each call it makes in `calls`. */
  gateway(calls: string[]): ClusterGateway {
    return {
      listClusters: async () => ['member'],
      get: async (_cluster: string, path: string) => {
        calls.push(`get ${path}`);
        throw new NotFoundError(`${path} not found`);
      },
      list: async <T>(_cluster: string, path: string) => {
        calls.push(`list ${path}`);
        if (this.refused && path === CANARIES) {
          throw new NotAllowedError(`${path} is forbidden`);
        }
        return {
          items: (path === CANARIES ? this.canaries : []) as T[],
          metadata: { resourceVersion: this.listVersion },
        } as KubeList<T>;
      },
      watch: async (
        _cluster: string,
        path: string,
        _options: unknown,
        onEvent: (event: KubeWatchEvent<any>) => void | Promise<void>,
        context?: { signal?: AbortSignal },
      ) => {
        calls.push(`watch ${path}`);
        await new Promise<void>((resolve, reject) => {
          const watcher = {
            path,
            onEvent,
            end: (error?: Error) => {
              this.watchers.delete(watcher);
              if (error) reject(error);
              else resolve();
            },
          };
          this.watchers.add(watcher);
          context?.signal?.addEventListener('abort', () => watcher.end(), {
            once: true,
          });
        });
      },
      patch: jest.fn(),
      create: jest.fn(),
    } as unknown as ClusterGateway;
  }

  /** A change of the canaries, as the API server streams it to every open watch. */
  send(event: KubeWatchEvent<any>) {
    if (event.type !== 'ERROR') {
      const name = event.object.metadata.name;
      this.canaries = this.canaries.filter(c => c.metadata.name !== name);
      if (event.type !== 'DELETED') this.canaries.push(event.object);
    }
    for (const watcher of this.watchers) {
      if (watcher.path !== CANARIES) continue;
      // As a watch stream does: an event its handler rejects ends the watch with that error.
      Promise.resolve()
        .then(() => watcher.onEvent(event))
        .catch(error => watcher.end(error));
    }
  }
}

async function until(check: () => boolean | Promise<boolean>, what: string) {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 10));
  }
}

describe.each(databases.eachSupportedId())(
  'RolloutRecorder fed by the fleet state, on %p',
  databaseId => {
    let cluster: FakeCluster;
    let state: FleetState;
    let store: RolloutStore;
    let fleetCalls: string[];
    let stops: Array<() => Promise<void>>;
    let knex: Knex;

    beforeEach(async () => {
      knex = await databases.migrated(databaseId);
      store = new RolloutStore({ db: knex });
      cluster = new FakeCluster();
      fleetCalls = [];
      stops = [];
    });

    afterEach(async () => {
      for (const stop of stops.reverse()) await stop();
    });

    const startFleetState = async (
      ready: () => boolean = () => state.status('member').connected,
    ) => {
      state = new FleetState({
        gateway: cluster.gateway(fleetCalls),
        logger: mockServices.logger.mock(),
        specs,
        probeIntervalMs: 60_000,
      });
      stops.push(() => state.stop());
      await state.start();
      await until(ready, 'the fleet state');
    };

    /** A recorder, as on a new leader: its own calls, what it reported, and its stop. */
    const startRecorder = () => {
      const calls: string[] = [];
      const reported: string[] = [];
      const logger = mockServices.logger.mock();
      const recorder = new RolloutRecorder({
        gateway: cluster.gateway(calls),
        store,
        logger,
        fleetState: state,
        onRecorded: async (change: RecordedChange) => {
          if (change.type !== 'transition') return;
          const { metadata, status } = change.canary;
          reported.push(
            `${metadata.name} ${status?.phase} ${status?.canaryWeight}`,
          );
        },
      });
      const controller = new AbortController();
      const running = recorder.run({
        signal: controller.signal,
        housekeepingMs: 50,
      });
      const stop = async () => {
        controller.abort();
        await running;
      };
      stops.push(stop);
      return { calls, reported, logger, stop };
    };

    const cursor = () => store.getCursor('member', 'canaries');
    const deletedAt = async (name: string) =>
      (await knex('canaries').where({ name }).first('deleted_at'))?.deleted_at;

    it('records the canaries from the fleet state, in order, with no canary watch of its own', async () => {
      await startFleetState();
      const { calls, reported } = startRecorder();
      await until(async () => (await cursor()) === '10', 'the reconcile');
      expect(reported).toEqual([
        `web ${CANARY_PHASE.Progressing} 10`,
        `api ${CANARY_PHASE.Succeeded} 0`,
      ]);

      cluster.send({
        type: 'MODIFIED',
        object: canary('web', '11', CANARY_PHASE.Progressing, 20),
      });
      cluster.send({
        type: 'MODIFIED',
        object: canary('web', '12', CANARY_PHASE.Progressing, 30),
      });
      cluster.send({
        type: 'MODIFIED',
        object: canary('web', '13', CANARY_PHASE.Succeeded, 0),
      });
      await until(async () => (await cursor()) === '13', 'the changes');
      expect(reported.slice(2)).toEqual([
        `web ${CANARY_PHASE.Progressing} 20`,
        `web ${CANARY_PHASE.Progressing} 30`,
        `web ${CANARY_PHASE.Succeeded} 0`,
      ]);
      // Its Events are still its own watch; the canaries it never lists nor watches.
      expect(calls).toContain(`watch ${EVENTS}`);
      expect(
        calls.filter(
          call => call.endsWith(CANARIES) || call.includes(`${CANARIES}?`),
        ),
      ).toEqual([]);
      expect(
        fleetCalls.filter(call => call === `watch ${CANARIES}`),
      ).toHaveLength(1);
    });

    it('a new leader replays what changed after the stored cursor, in order and once, deletions too', async () => {
      await startFleetState();
      const first = startRecorder();
      await until(async () => (await cursor()) === '10', 'the first leader');
      await first.stop();

      // While no recorder runs, the fleet state (on every instance) keeps watching.
      cluster.send({
        type: 'MODIFIED',
        object: canary('web', '11', CANARY_PHASE.Progressing, 20),
      });
      cluster.send({
        type: 'MODIFIED',
        object: canary('web', '12', CANARY_PHASE.Progressing, 30),
      });
      cluster.send({
        type: 'DELETED',
        object: canary('api', '13', CANARY_PHASE.Succeeded),
      });

      const second = startRecorder();
      await until(async () => (await cursor()) === '13', 'the replay');
      expect(second.reported).toEqual([
        `web ${CANARY_PHASE.Progressing} 20`,
        `web ${CANARY_PHASE.Progressing} 30`,
      ]);
      expect(await deletedAt('api')).toBeTruthy();
      expect(await deletedAt('web')).toBeFalsy();
      // Following on from there.
      cluster.send({
        type: 'MODIFIED',
        object: canary('web', '14', CANARY_PHASE.Succeeded, 0),
      });
      await until(async () => (await cursor()) === '14', 'the next change');
      expect(second.reported.slice(2)).toEqual([
        `web ${CANARY_PHASE.Succeeded} 0`,
      ]);
    });

    it('reconciles when the stored cursor is not in the journal: current state, missing ones deleted', async () => {
      // Recorded long ago: web at an older phase, and a canary the cluster no longer has.
      await store.recordCanary(
        'member',
        canary('web', '1', CANARY_PHASE.Progressing, 10),
      );
      await store.recordCanary(
        'member',
        canary('gone', '2', CANARY_PHASE.Succeeded),
      );
      await store.setCursor('member', 'canaries', '2');
      cluster.canaries = [canary('web', '7', CANARY_PHASE.Succeeded, 0)];
      await startFleetState();
      const { reported } = startRecorder();
      await until(async () => (await cursor()) === '10', 'the reconcile');
      expect(reported).toEqual([`web ${CANARY_PHASE.Succeeded} 0`]);
      expect(await deletedAt('gone')).toBeTruthy();
      expect(await deletedAt('web')).toBeFalsy();
    });

    it('reconciles again when the fleet state lists the canaries again', async () => {
      await startFleetState();
      const { reported, logger } = startRecorder();
      await until(async () => (await cursor()) === '10', 'the reconcile');
      // The watch expires; meanwhile web moved on and api was deleted.
      cluster.canaries = [canary('web', '18', CANARY_PHASE.Failed, 0)];
      cluster.listVersion = '20';
      cluster.send({
        type: 'ERROR',
        object: { code: 410, message: 'too old' },
      });
      await until(async () => (await cursor()) === '20', 'the relist');
      expect(reported.slice(2)).toEqual([`web ${CANARY_PHASE.Failed} 0`]);
      expect(await deletedAt('api')).toBeTruthy();
      expect(logger.info).toHaveBeenCalledWith(
        expect.stringContaining('the canaries of member were listed again'),
      );
    });

    it('waits, with backoff, while the cluster refuses the canaries to the plugin', async () => {
      cluster.refused = true;
      await startFleetState(() =>
        Boolean(state.journaled('member', 'canaries')?.unavailable),
      );
      const { calls, logger } = startRecorder();
      await until(
        () =>
          logger.warn.mock.calls.some(([m]) =>
            /could not follow cluster member \(trying again in 1 s\).*forbidden/.test(
              String(m),
            ),
          ),
        'the refusal',
      );
      expect(calls.filter(call => call.endsWith(CANARIES))).toEqual([]);
      expect(await cursor()).toBeUndefined();
    });
  },
);
