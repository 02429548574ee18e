import {
  type Canary,
  describeRolloutState,
  type EntityRolloutsResponse,
  type RolloutSummary,
} from '@backstage-canary/plugin-canary-common';
import { pluginDatabases } from '../../__testUtils__/pluginDatabases';
import type { RecordedRolloutReads } from '../store/RecordedRolloutReads';
import { RolloutStore } from '../store/RolloutStore';
import { addRecordedContext } from './recordedContext';

const databases = pluginDatabases();

const key = {
  cluster: 'kurator-member1',
  namespace: 'webapp',
  name: 'backend',
};

function canary(
  phase: string,
  time: string,
  status: { revision: string; promoted: string; weight?: number },
): Canary {
  return {
    apiVersion: 'flagger.app/v1beta1',
    kind: 'Canary',
    metadata: { ...key, uid: 'uid-1' },
    spec: {
      targetRef: { kind: 'Deployment', name: 'backend' },
      analysis: { interval: '1m', threshold: 2, stepWeight: 10, maxWeight: 50 },
    },
    status: {
      phase,
      canaryWeight: status.weight ?? 0,
      failedChecks: 0,
      lastAppliedSpec: status.revision,
      lastPromotedSpec: status.promoted,
      lastTransitionTime: time,
    },
  } as unknown as Canary;
}

/** The lane as the reader gives it for a canary read from its cluster. */
function lane(
  live: Canary,
  images: string[],
  extra: Partial<RolloutSummary> = {},
): RolloutSummary {
  return {
    ...key,
    source: 'label',
    found: true,
    state: describeRolloutState(live),
    revision: {
      images,
      lastAppliedSpec: live.status?.lastAppliedSpec,
      lastPromotedSpec: live.status?.lastPromotedSpec,
    },
    lastTransitionTime: live.status?.lastTransitionTime,
    ...extra,
  };
}

const response = (
  items: RolloutSummary[],
  freshness: EntityRolloutsResponse['freshness'] = [],
): EntityRolloutsResponse => ({
  entityRef: 'component:default/backend',
  items,
  errors: [],
  summary: '',
  freshness,
});

describe.each(databases.eachSupportedId())(
  'The lanes with their recorded context on %s',
  databaseId => {
    async function recordedRun() {
      const store = new RolloutStore({
        db: await databases.migrated(databaseId),
      });
      const started = canary('Progressing', '2026-12-07T12:00:00Z', {
        revision: 'rev-2',
        promoted: 'rev-1',
      });
      const { runId } = await store.recordCanary(key.cluster, started);
      await store.setRunImages(runId!, ['podinfo:6.0.1']);
      return store;
    }

    it('gives a running lane its run, for the run clock', async () => {
      const store = await recordedRun();
      const live = canary('Progressing', '2026-12-07T12:02:00Z', {
        revision: 'rev-2',
        promoted: 'rev-1',
        weight: 20,
      });
      const { items } = await addRecordedContext(
        response([lane(live, ['podinfo:6.0.1'])]),
        store.recorded,
      );
      expect(items[0].run).toEqual({
        number: 1,
        startedAt: '2026-12-07T12:00:00.000Z',
      });
      expect(items[0].pending).toBeUndefined();
    });

    it("shows a user's promote as pending until Flagger leaves the analysis", async () => {
      const store = await recordedRun();
      await store.recordAction(key, {
        entityRef: 'component:default/backend',
        action: 'promote',
        route: 'application-policy-patch',
        actor: 'user:default/guest',
        reason: 'looks good',
        outcome: 'succeeded',
        message: 'skipTrafficAnalysis set',
        at: new Date('2026-12-07T12:03:00Z'),
      });
      const live = canary('Progressing', '2026-12-07T12:03:00Z', {
        revision: 'rev-2',
        promoted: 'rev-1',
        weight: 30,
      });
      const kurator = {
        hostCluster: 'kurator-host',
        application: { namespace: 'webapp', name: 'rollout-demo' },
        fleet: 'quickstart',
        policyName: 'rollout-demo-0',
        policyIndex: 0,
        kuratorCluster: 'kurator-member1',
      };
      const { items } = await addRecordedContext(
        response([
          lane(live, ['podinfo:6.0.1'], { kurator, source: 'kurator' }),
        ]),
        store.recorded,
      );
      expect(items[0].pending).toEqual({
        kind: 'promote',
        actor: 'user:default/guest',
        requestedAt: '2026-12-07T12:03:00.000Z',
        intervalMs: 60_000,
        kurator: true,
        // A minute's interval and Kurator's 30 s re-render.
        takesEffectBy: '2026-12-07T12:04:30.000Z',
      });

      const promoted = canary('Succeeded', '2026-12-07T12:04:10Z', {
        revision: 'rev-2',
        promoted: 'rev-2',
      });
      await store.recordCanary(key.cluster, promoted);
      const after = await addRecordedContext(
        response([lane(promoted, ['podinfo:6.0.1'])]),
        store.recorded,
      );
      expect(after.items[0].pending).toBeUndefined();
    });

    it('does not take a refused promote, or one of an earlier run, as pending', async () => {
      const store = await recordedRun();
      await store.recordAction(key, {
        entityRef: 'component:default/backend',
        action: 'promote',
        actor: 'user:default/guest',
        reason: 'now',
        outcome: 'failed',
        message: 'refused',
        at: new Date('2026-12-07T12:01:00Z'),
      });
      // Asked before this run started: it belonged to an earlier one.
      await store.recordAction(key, {
        entityRef: 'component:default/backend',
        action: 'promote',
        actor: 'user:default/guest',
        reason: 'earlier',
        outcome: 'succeeded',
        message: 'skipAnalysis set',
        at: new Date('2026-12-07T11:00:00Z'),
      });
      const live = canary('Progressing', '2026-12-07T12:02:00Z', {
        revision: 'rev-2',
        promoted: 'rev-1',
      });
      const { items } = await addRecordedContext(
        response([lane(live, ['podinfo:6.0.1'])]),
        store.recorded,
      );
      expect(items[0].pending).toBeUndefined();
    });

    it('detects a new image that Flagger has not started a run for', async () => {
      const store = await recordedRun();
      const done = canary('Succeeded', '2026-12-07T12:07:00Z', {
        revision: 'rev-2',
        promoted: 'rev-2',
      });
      await store.recordCanary(key.cluster, done);
      const { items } = await addRecordedContext(
        response([lane(done, ['podinfo:6.0.2'])]),
        store.recorded,
      );
      expect(items[0].pending).toEqual({
        kind: 'new-revision',
        images: ['podinfo:6.0.2'],
        previousImages: ['podinfo:6.0.1'],
        intervalMs: 60_000,
      });
      const same = await addRecordedContext(
        response([lane(done, ['podinfo:6.0.1'])]),
        store.recorded,
      );
      expect(same.items[0].pending).toBeUndefined();
    });

    it('gives an unreachable cluster its last recorded state and since when', async () => {
      const store = await recordedRun();
      const last = canary('Progressing', '2026-12-07T12:02:00Z', {
        revision: 'rev-2',
        promoted: 'rev-1',
        weight: 20,
      });
      await store.recordCanary(
        key.cluster,
        last,
        new Date('2026-12-07T12:02:01Z'),
      );
      const failing: RolloutSummary = {
        ...key,
        source: 'label',
        found: false,
        error: {
          cluster: key.cluster,
          name: 'ServiceUnavailableError',
          message: 'Cluster kurator-member1: HTTP 500',
        },
      };
      const { items } = await addRecordedContext(
        response(
          [failing],
          [
            {
              cluster: key.cluster,
              source: 'live',
              disconnected: true,
              lastContactAt: '2026-12-07T12:02:30.000Z',
            },
          ],
        ),
        store.recorded,
      );
      expect(items[0].recorded).toMatchObject({
        state: {
          phase: 'Progressing',
          weight: { status: 20 },
        },
        revision: {
          images: ['podinfo:6.0.1'],
          lastAppliedSpec: 'rev-2',
          lastPromotedSpec: 'rev-1',
        },
        lastTransitionTime: '2026-12-07T12:02:00Z',
        recordedAt: '2026-12-07T12:02:01.000Z',
        unreachableSince: '2026-12-07T12:02:30.000Z',
      });
      // A rollout the cluster side does not bind shows none of its history.
      const unbound = await addRecordedContext(
        response([
          { ...failing, binding: { bound: false, reason: 'not claimed' } },
        ]),
        store.recorded,
      );
      expect(unbound.items[0].recorded).toBeUndefined();
    });
  },
);

describe('The lanes when the history cannot be read', () => {
  const live = canary('Progressing', '2026-12-07T12:00:00Z', {
    revision: 'rev-2',
    promoted: 'rev-1',
  });
  const failing = (error: unknown) =>
    ({
      runOf: () => Promise.reject(error),
    } as unknown as RecordedRolloutReads);

  it('fails the read when the database cannot be reached, rather than show lanes without runs', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), {
      code: 'ECONNREFUSED',
    });
    await expect(
      addRecordedContext(response([lane(live, [])]), failing(refused)),
    ).rejects.toBe(refused);
  });

  it('leaves a lane as the cluster gave it when one history read fails otherwise', async () => {
    const item = lane(live, []);
    await expect(
      addRecordedContext(response([item]), failing(new Error('bad row'))),
    ).resolves.toEqual(response([item]));
  });
});
