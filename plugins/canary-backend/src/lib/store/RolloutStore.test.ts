import type { Knex } from 'knex';
import { pluginDatabases } from '../../__testUtils__/pluginDatabases';
import { type TestDatabaseId } from '@backstage/backend-test-utils';
import type { Canary } from '@backstage-canary/plugin-canary-common';
import { RolloutStore, type StoredEventInput } from './RolloutStore';
import type { TimelineItem } from './HistoryTypes';
import {
  adjacentFailedRuns,
  analysedRelease,
  canaryKey,
  flaggerEvent,
  observed,
  playRecorder,
  type RecorderStep,
} from './__testUtils__/labReleases';

const databases = pluginDatabases();

/** How many Events wait for their canary (PostgreSQL counts as a string). */
async function pendingEvents(knex: Knex): Promise<number> {
  const [{ n }] = await knex('rollout_pending_events').count('* as n');
  return Number(n);
}

async function createStore(id: TestDatabaseId) {
  const knex = await databases.migrated(id);
  return { knex, store: new RolloutStore({ db: knex }) };
}

const key = {
  cluster: 'kurator-member1',
  namespace: 'webapp',
  name: 'backend',
};

function canary(
  phase: string,
  weight: number,
  time: string,
  extra: Partial<NonNullable<Canary['status']>> = {},
): Canary {
  return {
    apiVersion: 'flagger.app/v1beta1',
    kind: 'Canary',
    metadata: {
      name: 'backend',
      namespace: 'webapp',
      annotations: { 'kurator.dev/rollout': 'rollout-demo-0' },
    },
    spec: { targetRef: { kind: 'Deployment', name: 'backend' } },
    status: {
      phase,
      canaryWeight: weight,
      failedChecks: 0,
      lastAppliedSpec: 'rev-2',
      lastPromotedSpec: 'rev-1',
      lastTransitionTime: time,
      ...extra,
    },
  } as unknown as Canary;
}

// The seed walkthrough's healthy rollout: Progressing 10..50, Promoting, Finalising, Succeeded.
const healthyRun = [
  canary('Progressing', 0, '2026-11-22T10:00:00Z'),
  canary('Progressing', 10, '2026-11-22T10:01:00Z'),
  canary('Progressing', 20, '2026-11-22T10:02:00Z'),
  canary('Progressing', 30, '2026-11-22T10:03:00Z'),
  canary('Progressing', 40, '2026-11-22T10:04:00Z'),
  canary('Progressing', 50, '2026-11-22T10:05:00Z'),
  canary('Promoting', 0, '2026-11-22T10:06:00Z'),
  canary('Finalising', 0, '2026-11-22T10:07:00Z'),
  canary('Succeeded', 0, '2026-11-22T10:08:00Z', { lastPromotedSpec: 'rev-2' }),
];

function event(
  uid: string,
  message: string,
  time: string,
  extra: Partial<StoredEventInput> = {},
): StoredEventInput {
  return {
    metadata: { uid },
    type: 'Normal',
    reason: 'Synced',
    message,
    lastTimestamp: time,
    count: 1,
    ...extra,
  };
}

describe.each(databases.eachSupportedId())('RolloutStore on %s', databaseId => {
  it('records each transition of a run once, even when the watch replays it', async () => {
    const { store } = await createStore(databaseId);
    for (const snapshot of healthyRun)
      await store.recordCanary(key.cluster, snapshot);
    // A relist after a 410 replays every object: nothing is recorded twice.
    const replays = await Promise.all(
      healthyRun.map(snapshot => store.recordCanary(key.cluster, snapshot)),
    );
    expect(replays.every(r => !r.transition)).toBe(true);

    const { items } = await store.timeline(key, { limit: 100 });
    expect(
      items.map(i =>
        i.type === 'transition' ? `${i.phase} ${i.canaryWeight}` : '',
      ),
    ).toEqual([
      'Succeeded 0',
      'Finalising 0',
      'Promoting 0',
      'Progressing 50',
      'Progressing 40',
      'Progressing 30',
      'Progressing 20',
      'Progressing 10',
      'Progressing 0',
    ]);

    const runs = await store.listRuns(key);
    expect(runs.items).toHaveLength(1);
    expect(runs.items[0]).toMatchObject({
      revision: 'rev-2',
      startedAt: '2026-11-22T10:00:00.000Z',
      endedAt: '2026-11-22T10:08:00.000Z',
      outcome: 'Succeeded',
    });
  });

  it('opens a run per revision and closes a failed one as Failed', async () => {
    const { store } = await createStore(databaseId);
    await store.recordCanary(key.cluster, healthyRun[0]);
    await store.recordCanary(key.cluster, healthyRun[8]);
    const faulty = (
      phase: string,
      weight: number,
      time: string,
      checks: number,
    ) =>
      canary(phase, weight, time, {
        lastAppliedSpec: 'rev-3',
        lastPromotedSpec: 'rev-2',
        failedChecks: checks,
      });
    await store.recordCanary(
      key.cluster,
      faulty('Progressing', 10, '2026-11-22T11:01:00Z', 0),
    );
    await store.recordCanary(
      key.cluster,
      faulty('Progressing', 10, '2026-11-22T11:02:00Z', 1),
    );
    await store.recordCanary(
      key.cluster,
      faulty('Failed', 0, '2026-11-22T11:03:00Z', 2),
    );

    const runs = await store.listRuns(key);
    expect(runs.items.map(r => [r.revision, r.outcome])).toEqual([
      ['rev-3', 'Failed'],
      ['rev-2', 'Succeeded'],
    ]);
    const failedRun = runs.items[0].id;
    const timeline = await store.timeline(key, { runId: failedRun });
    expect(
      timeline.items.map(i =>
        i.type === 'transition' ? [i.phase, i.failedChecks] : [],
      ),
    ).toEqual([
      ['Failed', 2],
      ['Progressing', 1],
      ['Progressing', 0],
    ]);
  });

  it('keeps parsed events, once per uid and count, in their run', async () => {
    const { store } = await createStore(databaseId);
    for (const snapshot of healthyRun.slice(0, 3)) {
      await store.recordCanary(key.cluster, snapshot);
    }
    const halt = event(
      'e-2',
      'Halt backend.webapp advancement success rate 91.56% < 99%',
      '2026-11-22T10:02:30Z',
      { type: 'Warning' },
    );
    expect(
      await store.recordEvent(
        key,
        event(
          'e-1',
          'Advance backend.webapp canary weight 10',
          '2026-11-22T10:01:00Z',
        ),
      ),
    ).toBe(true);
    expect(await store.recordEvent(key, halt)).toBe(true);
    expect(await store.recordEvent(key, halt)).toBe(false);
    // The correlator bumps the count of a repeated event: a new occurrence.
    expect(
      await store.recordEvent(key, {
        ...halt,
        count: 2,
        lastTimestamp: '2026-11-22T10:02:45Z',
      }),
    ).toBe(true);

    const { items } = await store.timeline(key, { kinds: ['halted'] });
    expect(items).toHaveLength(2);
    const [latest] = items;
    expect(latest).toMatchObject({
      type: 'event',
      eventType: 'Warning',
      reason: 'Synced',
      at: '2026-11-22T10:02:45.000Z',
    });
    expect(latest.type === 'event' && latest.entry).toMatchObject({
      kind: 'halted',
      value: 91.56,
      threshold: 99,
      comparison: '<',
    });
    const [run] = (await store.listRuns(key)).items;
    expect(latest.type === 'event' && latest.runId).toBe(run.id);
  });

  it('keeps the events that arrive before their canary, and moves them into its history when it comes', async () => {
    const { store, knex } = await createStore(databaseId);
    const early = event(
      'e-1',
      'Advance backend.webapp canary weight 10',
      '2026-11-22T10:01:00Z',
    );
    // Not in any history yet (there is no canary to show it under), but not lost either.
    expect(await store.recordEvent(key, early)).toBe(false);
    expect(await store.recordEvent(key, early)).toBe(false);
    for (const snapshot of healthyRun.slice(0, 3)) {
      await store.recordCanary(key.cluster, snapshot);
    }
    const { items } = await store.timeline(key, { kinds: ['weight-advanced'] });
    const [run] = (await store.listRuns(key)).items;
    expect(items).toEqual([
      expect.objectContaining({
        type: 'event',
        at: '2026-11-22T10:01:00.000Z',
        runId: run.id,
      }),
    ]);
    expect(await pendingEvents(knex)).toBe(0);
    // The watch replays it after a restart: still once.
    expect(await store.recordEvent(key, early)).toBe(false);
    expect(
      (await store.timeline(key, { kinds: ['weight-advanced'] })).items,
    ).toHaveLength(1);
  });

  it('prunes the events of a canary that never came, after the retention', async () => {
    const { store, knex } = await createStore(databaseId);
    await store.recordEvent(
      { ...key, name: 'deleted-meanwhile' },
      event('e-9', 'whatever', '2026-11-22T10:00:00Z'),
    );
    await store.prune(new Date(Date.now() - 60_000));
    expect(await pendingEvents(knex)).toBe(1);
    await store.prune(new Date(Date.now() + 60_000));
    expect(await pendingEvents(knex)).toBe(0);
  });

  it('pages through the timeline without losing or repeating an item', async () => {
    const { store } = await createStore(databaseId);
    for (const snapshot of healthyRun)
      await store.recordCanary(key.cluster, snapshot);
    // An event at the same instant as a transition: order is still total.
    await store.recordEvent(
      key,
      event(
        'e-1',
        'Advance backend.webapp canary weight 20',
        '2026-11-22T10:02:00Z',
      ),
    );
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await store.timeline(key, { limit: 3, cursor });
      seen.push(...page.items.map(i => `${i.type}:${i.id}`));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(4);
    expect(seen).toHaveLength(10);
    expect(new Set(seen).size).toBe(10);
  });

  it('pages in the same order as one page, across kinds at the same instant', async () => {
    const { store } = await createStore(databaseId);
    for (const snapshot of healthyRun)
      await store.recordCanary(key.cluster, snapshot);
    const tie = '2026-11-22T10:02:00Z';
    await store.recordEvent(key, event('e-1', 'Advance weight 20', tie));
    await store.recordEvent(key, event('e-2', 'Advance weight 20 again', tie));
    for (const reason of ['first', 'second']) {
      await store.recordAction(key, {
        entityRef: 'component:default/rollout-demo',
        action: 'pause',
        actor: 'user:default/guest',
        reason,
        outcome: 'succeeded',
        message: 'paused',
        at: new Date(tie),
      });
    }
    const whole = (await store.timeline(key, { limit: 100 })).items.map(
      i => `${i.type}:${i.id}`,
    );
    expect(whole).toHaveLength(13);
    for (const limit of [1, 2, 5]) {
      const paged: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.timeline(key, { limit, cursor });
        paged.push(...page.items.map(i => `${i.type}:${i.id}`));
        cursor = page.nextCursor;
      } while (cursor && paged.length < 100);
      expect(paged).toEqual(whole);
    }
  });

  it('prunes history older than the retention, keeping the canary', async () => {
    const { store } = await createStore(databaseId);
    for (const snapshot of healthyRun)
      await store.recordCanary(key.cluster, snapshot);
    const removed = await store.prune(new Date('2026-11-22T10:04:30Z'));
    expect(removed).toBe(5);
    const { items } = await store.timeline(key, { limit: 100 });
    expect(items).toHaveLength(4);
    expect((await store.listRuns(key)).items).toHaveLength(1);
  });

  it('prunes the action log and the canaries deleted before the retention too', async () => {
    const { store, knex } = await createStore(databaseId);
    for (const snapshot of healthyRun)
      await store.recordCanary(key.cluster, snapshot);
    await store.recordAction(key, {
      entityRef: 'component:default/rollout-demo',
      action: 'pause',
      route: 'application-policy-patch',
      actor: 'user:default/alice',
      reason: 'error budget burning in eu',
      outcome: 'succeeded',
      message: 'Paused the rollout policy of every cluster',
      at: new Date('2026-11-22T10:01:30Z'),
    });
    await store.markDeleted(key, new Date('2026-11-22T10:30:00Z'));

    await store.prune(new Date('2026-11-22T10:04:30Z'));
    const { items } = await store.timeline(key, { limit: 100 });
    expect(items.filter(i => i.type === 'action')).toEqual([]);
    expect(await store.followUps.snapshot(key)).toBe('gone');

    await store.prune(new Date('2026-11-22T11:00:00Z'));
    expect(await store.followUps.snapshot(key)).toBeUndefined();
    const [{ n }] = await knex('canaries').count('* as n');
    expect(Number(n)).toBe(0);
  });

  // Three stores, each migrated and filled: bounded work, but slow on a busy machine.
  it('prunes in batches everything older than the cutoff and nothing newer', async () => {
    // Three healthy runs an hour apart, with events and actions in each.
    const history = async (store: RolloutStore) => {
      for (const [hour, revision, promoted] of [
        ['10', 'rev-2', 'rev-1'],
        ['11', 'rev-3', 'rev-2'],
        ['12', 'rev-4', 'rev-3'],
      ]) {
        for (const snapshot of healthyRun) {
          const status = snapshot.status!;
          await store.recordCanary(
            key.cluster,
            canary(
              status.phase!,
              status.canaryWeight!,
              status.lastTransitionTime!.replace('T10:', `T${hour}:`),
              {
                lastAppliedSpec: revision,
                lastPromotedSpec:
                  status.phase === 'Succeeded' ? revision : promoted,
              },
            ),
          );
        }
        for (const minute of ['01', '05']) {
          await store.recordEvent(
            key,
            event(
              `e-${hour}-${minute}`,
              'Advance backend.webapp canary weight 10',
              `2026-11-22T${hour}:${minute}:30Z`,
            ),
          );
        }
        await store.recordAction(key, {
          entityRef: 'component:default/rollout-demo',
          action: 'pause',
          actor: 'user:default/guest',
          reason: 'looking at the dashboards',
          outcome: 'succeeded',
          message: 'paused',
          at: new Date(`2026-11-22T${hour}:03:30Z`),
        });
      }
    };
    const cutoff = new Date('2026-11-22T11:04:00Z');
    const itemsOf = async (store: RolloutStore) =>
      (await store.timeline(key, { limit: 500 })).items.map(
        i => `${i.type} ${i.at}`,
      );

    // The reference: one batch bigger than everything.
    const whole = await createStore(databaseId);
    await history(whole.store);
    const before = await itemsOf(whole.store);
    expect(before).toHaveLength(3 * (9 + 2 + 1));
    const removed = await whole.store.prune(cutoff, { batchSize: 10_000 });
    const kept = await itemsOf(whole.store);
    expect(kept).toEqual(
      before.filter(item => item.split(' ')[1] >= cutoff.toISOString()),
    );
    // The first run's 12 items and the run itself; the second run's items before 11:04.
    expect(removed).toBe(12 + 1 + 4 + 1 + 1);

    for (const batchSize of [1, 3]) {
      const { store, knex } = await createStore(databaseId);
      await history(store);
      expect(await store.prune(cutoff, { batchSize })).toBe(removed);
      expect(await itemsOf(store)).toEqual(kept);
      expect(
        (await store.listRuns(key)).items.map(run => run.revision),
      ).toEqual(['rev-4', 'rev-3']);
      for (const table of [
        'rollout_transitions',
        'rollout_events',
        'rollout_actions',
      ]) {
        const [{ n }] = await knex(table)
          .where('at', '<', cutoff)
          .count('* as n');
        expect(Number(n)).toBe(0);
      }
      // Everything, in batches too: the canary stays, its history goes.
      await store.prune(new Date('2026-11-23T00:00:00Z'), { batchSize });
      expect(await itemsOf(store)).toEqual([]);
      expect((await store.listRuns(key)).items).toEqual([]);
    }
  }, 60_000);

  it('shows the action log beside transitions, with who asked and why', async () => {
    const { store } = await createStore(databaseId);
    for (const snapshot of healthyRun.slice(0, 3)) {
      await store.recordCanary(key.cluster, snapshot);
    }
    await store.recordAction(key, {
      entityRef: 'component:default/rollout-demo',
      action: 'pause',
      route: 'application-policy-patch',
      actor: 'user:default/alice',
      reason: 'error budget burning in eu',
      outcome: 'succeeded',
      message: 'Paused the rollout policy of every cluster',
      at: new Date('2026-11-22T10:01:30Z'),
    });
    const { items } = await store.timeline(key);
    expect(items.map(i => i.type)).toEqual([
      'transition',
      'action',
      'transition',
      'transition',
    ]);
    expect(items[1]).toMatchObject({
      action: 'pause',
      actor: 'user:default/alice',
      reason: 'error budget burning in eu',
      outcome: 'succeeded',
    });
    expect(
      (await store.timeline(key, { kinds: ['action'] })).items,
    ).toHaveLength(1);
    // The run it was taken in shows it; an action long before the run does not.
    await store.recordAction(key, {
      entityRef: 'component:default/rollout-demo',
      action: 'resume',
      actor: 'user:default/alice',
      reason: 'before the run',
      outcome: 'succeeded',
      message: 'Resumed',
      at: new Date('2026-11-22T09:00:00Z'),
    });
    const [run] = (await store.listRuns(key)).items;
    const ofRun = await store.timeline(key, { runId: run.id });
    expect(
      ofRun.items.filter(i => i.type === 'action').map(i => i.reason),
    ).toEqual(['error budget burning in eu']);
    // An action on a canary the recorder has not seen yet is still in its log.
    const other = { ...key, cluster: 'kurator-member2' };
    await store.recordAction(other, {
      entityRef: 'component:default/rollout-demo',
      action: 'pause',
      actor: 'user:default/alice',
      reason: 'same',
      outcome: 'failed',
      message: 'Cluster kurator-member2: unreachable',
    });
    expect((await store.timeline(other)).items).toHaveLength(1);
  });

  it('remembers where each watch resumes', async () => {
    const { store } = await createStore(databaseId);
    expect(await store.getCursor('host', 'canaries')).toBeUndefined();
    await store.setCursor('host', 'canaries', '100');
    await store.setCursor('host', 'canaries', '120');
    expect(await store.getCursor('host', 'canaries')).toBe('120');
  });
});

const t = (time: string) => `2026-11-22T${time}Z`;
const retryRevision = 'rev-4';

/**
 * Five releases of one canary on the lab: born (Initialized), a healthy release, a faulty one that
 * fails, its retry (the restartedAt annotation makes a new revision; Flagger first re-syncs
 * lastAppliedSpec while still Failed at the failure's time), which is healthy, a release promoted
 * with skipAnalysis, then the canary created again (Initialized only). The Events of a run's start
 * arrive before the status that starts it, as the recorder's two watches may deliver them.
 */
const releaseHistory = (): RecorderStep[] => [
  { observe: observed(t('09:00:00'), 'Initializing') },
  {
    observe: observed(t('09:00:05'), 'Initialized', {
      revision: 'rev-1',
      promoted: 'rev-1',
    }),
  },
  {
    event: flaggerEvent(
      'init-1',
      t('09:00:05'),
      'Initialization done! backend.webapp',
    ),
  },
  // #1: healthy.
  {
    event: flaggerEvent(
      'new-2',
      t('10:00:00'),
      'New revision detected! Scaling up backend.webapp',
    ),
  },
  ...analysedRelease('rev-2', 'rev-1', '10').map(observe => ({ observe })),
  {
    event: flaggerEvent(
      'done-2',
      t('10:08:00'),
      'Promotion completed! Scaling down backend.webapp',
    ),
  },
  // #2: faulty, fails at two failed checks.
  {
    observe: observed(t('11:00:00'), 'Progressing', {
      revision: 'rev-3',
      promoted: 'rev-2',
    }),
  },
  {
    event: flaggerEvent(
      'new-3',
      t('11:00:00'),
      'New revision detected! Scaling up backend.webapp',
    ),
  },
  {
    observe: observed(t('11:01:00'), 'Progressing', {
      revision: 'rev-3',
      promoted: 'rev-2',
      weight: 10,
    }),
  },
  {
    event: flaggerEvent(
      'halt-3',
      t('11:01:30'),
      'Halt backend.webapp advancement success rate 91.56% < 99%',
      { type: 'Warning' },
    ),
  },
  {
    observe: observed(t('11:01:30'), 'Progressing', {
      revision: 'rev-3',
      promoted: 'rev-2',
      weight: 10,
      checks: 1,
    }),
  },
  {
    event: flaggerEvent(
      'halt-3',
      t('11:02:30'),
      'Halt backend.webapp advancement success rate 88.10% < 99%',
      { type: 'Warning', count: 2 },
    ),
  },
  {
    observe: observed(t('11:02:30'), 'Progressing', {
      revision: 'rev-3',
      promoted: 'rev-2',
      weight: 10,
      checks: 2,
    }),
  },
  {
    event: flaggerEvent(
      'rollback-3',
      t('11:03:00'),
      'Rolling back backend.webapp failed checks threshold reached 2',
      { type: 'Warning' },
    ),
  },
  {
    event: flaggerEvent(
      'failed-3',
      t('11:03:00'),
      'Canary failed! Scaling down backend.webapp',
      { type: 'Warning' },
    ),
  },
  {
    observe: observed(t('11:03:00'), 'Failed', {
      revision: 'rev-3',
      promoted: 'rev-2',
    }),
  },
  // #3: the retry. Failed is sticky: lastAppliedSpec follows the target, the time stays.
  { action: 'retry', at: t('11:09:30') },
  {
    observe: observed(t('11:03:00'), 'Failed', {
      revision: retryRevision,
      promoted: 'rev-2',
    }),
    observedAt: t('11:09:35'),
  },
  {
    event: flaggerEvent(
      'new-4',
      t('11:10:00'),
      'New revision detected! Scaling up backend.webapp',
    ),
  },
  ...analysedRelease(retryRevision, 'rev-2', '11', 10).flatMap(
    (observe, step): RecorderStep[] =>
      step === 2
        ? [{ observe }, { action: 'pause', at: t('11:12:30') }]
        : [{ observe }],
  ),
  // #4: promoted with skipAnalysis at weight 10.
  {
    observe: observed(t('12:00:00'), 'Progressing', {
      revision: 'rev-5',
      promoted: retryRevision,
    }),
  },
  {
    observe: observed(t('12:01:00'), 'Progressing', {
      revision: 'rev-5',
      promoted: retryRevision,
      weight: 10,
    }),
  },
  { action: 'promote', at: t('12:01:30') },
  { promoteFollowUp: 'intended', at: t('12:01:30') },
  {
    event: flaggerEvent(
      'copy-5',
      t('12:02:00'),
      'Copying backend.webapp template spec to backend-primary.webapp',
    ),
  },
  {
    observe: observed(t('12:02:00'), 'Succeeded', {
      revision: 'rev-5',
      promoted: 'rev-5',
    }),
  },
  {
    event: flaggerEvent(
      'skipped-5',
      t('12:02:00'),
      'Promotion completed! Canary analysis was skipped for backend.webapp',
    ),
  },
  { promoteFollowUp: 'done', at: t('12:02:10') },
  // The canary created again: Initialized only, nothing rolls out.
  { observe: observed(t('12:30:00'), 'Initializing', { uid: 'canary-uid-2' }) },
  {
    observe: observed(t('12:30:05'), 'Initialized', {
      revision: 'rev-5',
      promoted: 'rev-5',
      uid: 'canary-uid-2',
    }),
  },
  {
    event: flaggerEvent(
      'init-2',
      t('12:30:05'),
      'Initialization done! backend.webapp',
    ),
  },
  { action: 'pause', at: t('12:40:00') },
];

/** A timeline item in words, as the timeline shows it. */
function describeItem(item: TimelineItem): string {
  if (item.type === 'transition') {
    return `${item.phase} ${item.canaryWeight}%${
      item.failedChecks ? ` ${item.failedChecks} failed` : ''
    }`;
  }
  if (item.type === 'event') return item.entry.kind;
  return `${item.action} by ${item.actor.replace(/^.*\//, '')}`;
}

describe.each(databases.eachSupportedId())('Runs on %s', databaseId => {
  it('keeps each release in its own run, numbered per canary, with what belongs to it', async () => {
    const { store } = await createStore(databaseId);
    const recorded = await playRecorder(store, releaseHistory());

    const runs = (await store.listRuns(canaryKey)).items;
    expect(
      runs.map(run => ({
        number: run.number,
        revision: run.revision,
        startedAt: run.startedAt,
        endedAt: run.endedAt,
        outcome: run.outcome,
      })),
    ).toEqual([
      {
        number: 4,
        revision: 'rev-5',
        startedAt: '2026-11-22T12:00:00.000Z',
        endedAt: '2026-11-22T12:02:00.000Z',
        outcome: 'Succeeded',
      },
      {
        number: 3,
        revision: retryRevision,
        startedAt: '2026-11-22T11:10:00.000Z',
        endedAt: '2026-11-22T11:18:00.000Z',
        outcome: 'Succeeded',
      },
      {
        number: 2,
        revision: 'rev-3',
        startedAt: '2026-11-22T11:00:00.000Z',
        endedAt: '2026-11-22T11:03:00.000Z',
        outcome: 'Failed',
      },
      {
        number: 1,
        revision: 'rev-2',
        startedAt: '2026-11-22T10:00:00.000Z',
        endedAt: '2026-11-22T10:08:00.000Z',
        outcome: 'Succeeded',
      },
    ]);
    const [promoted, retried, failed] = runs;

    // The re-sync of the failed canary to the retried target opens nothing: it is the failed run.
    const resync = recorded.find(r => r.step.observedAt === t('11:09:35'));
    expect(resync?.result).toEqual({
      transition: false,
      runId: failed.id,
      newRun: false,
    });
    // Each run is reported opened once, by the status that started it.
    expect(
      recorded
        .filter(r => r.result.newRun)
        .map(r => r.step.observe.status?.lastTransitionTime),
    ).toEqual([t('10:00:00'), t('11:00:00'), t('11:10:00'), t('12:00:00')]);

    // Which run shows each entry of the timeline, oldest first (at one instant: transitions,
    // events, actions).
    const numberOf = new Map(runs.map(run => [run.id, run.number]));
    const { items } = await store.timeline(canaryKey, { limit: 500 });
    expect(
      items
        .slice()
        .reverse()
        .map(
          item =>
            `${item.at.slice(11, 19)} ${describeItem(item)} → ${
              item.runId === undefined ? '-' : `#${numberOf.get(item.runId)}`
            }`,
        ),
    ).toEqual([
      '09:00:00 Initializing 0% → -',
      '09:00:05 Initialized 0% → -',
      '09:00:05 initialized → -',
      '10:00:00 Progressing 0% → #1',
      '10:00:00 new-revision → #1',
      '10:01:00 Progressing 10% → #1',
      '10:02:00 Progressing 20% → #1',
      '10:03:00 Progressing 30% → #1',
      '10:04:00 Progressing 40% → #1',
      '10:05:00 Progressing 50% → #1',
      '10:06:00 Promoting 0% → #1',
      '10:07:00 Finalising 0% → #1',
      '10:08:00 Succeeded 0% → #1',
      '10:08:00 promotion-completed → #1',
      '11:00:00 Progressing 0% → #2',
      '11:00:00 new-revision → #2',
      '11:01:00 Progressing 10% → #2',
      '11:01:30 Progressing 10% 1 failed → #2',
      '11:01:30 halted → #2',
      '11:02:30 Progressing 10% 2 failed → #2',
      '11:02:30 halted → #2',
      '11:03:00 Failed 0% → #2',
      '11:03:00 rollback → #2',
      '11:03:00 failed → #2',
      '11:09:30 retry by alice → #3',
      '11:10:00 Progressing 0% → #3',
      '11:10:00 new-revision → #3',
      '11:11:00 Progressing 10% → #3',
      '11:12:00 Progressing 20% → #3',
      '11:12:30 pause by alice → #3',
      '11:13:00 Progressing 30% → #3',
      '11:14:00 Progressing 40% → #3',
      '11:15:00 Progressing 50% → #3',
      '11:16:00 Promoting 0% → #3',
      '11:17:00 Finalising 0% → #3',
      '11:18:00 Succeeded 0% → #3',
      '12:00:00 Progressing 0% → #4',
      '12:01:00 Progressing 10% → #4',
      '12:01:30 promote by alice → #4',
      '12:02:00 Succeeded 0% → #4',
      '12:02:00 promotion-started → #4',
      '12:02:00 promotion-completed → #4',
      '12:02:10 promote by canary-backend → #4',
      '12:30:00 Initializing 0% → -',
      '12:30:05 Initialized 0% → -',
      '12:30:05 initialized → -',
      '12:40:00 pause by alice → -',
    ]);
    // A run's own timeline holds exactly what belongs to it.
    for (const run of runs) {
      const ofRun = await store.timeline(canaryKey, {
        runId: run.id,
        limit: 500,
      });
      expect(ofRun.items).toEqual(items.filter(i => i.runId === run.id));
    }
    const followUp = items.find(
      i => i.type === 'action' && i.actor === 'canary-backend',
    );
    expect(followUp?.type === 'action' && followUp.message).toMatch(
      /analysis re-enabled/,
    );
    expect(followUp?.runId).toBe(promoted.id);

    // The failed run's checks are the halts within its window, and no other run's window has any.
    const halts = (from: string, to?: string) =>
      store.haltedChecks(canaryKey, {
        from: new Date(from),
        to: new Date(to ?? '2026-11-23T00:00:00Z'),
      });
    expect(
      (await halts(failed.startedAt, failed.endedAt)).map(h => [
        h.at,
        'value' in h.entry ? h.entry.value : undefined,
      ]),
    ).toEqual([
      ['2026-11-22T11:01:30.000Z', 91.56],
      ['2026-11-22T11:02:30.000Z', 88.1],
    ]);
    expect(await halts(retried.startedAt, retried.endedAt)).toEqual([]);
    expect(await halts(promoted.startedAt, promoted.endedAt)).toEqual([]);
  });

  it('gives each of two adjacent failed runs exactly its own halted checks', async () => {
    const { store } = await createStore(databaseId);
    await playRecorder(store, adjacentFailedRuns());
    // The same canary on another cluster: another canary, with runs of its own.
    const elsewhere = { ...canaryKey, cluster: 'kurator-member2' };
    await playRecorder(store, adjacentFailedRuns(), elsewhere);

    const [retried, failed] = (await store.listRuns(canaryKey)).items;
    expect(
      [failed, retried].map(r => [
        r.revision,
        r.startedAt,
        r.endedAt,
        r.outcome,
      ]),
    ).toEqual([
      [
        'rev-3',
        '2026-11-22T11:00:00.000Z',
        '2026-11-22T11:00:50.000Z',
        'Failed',
      ],
      [
        'rev-4',
        '2026-11-22T11:01:10.000Z',
        '2026-11-22T11:02:00.000Z',
        'Failed',
      ],
    ]);
    const successRates = (
      halts: Awaited<ReturnType<RolloutStore['haltedChecks']>>,
    ) =>
      halts.map(h => [
        h.at.slice(11, 19),
        'value' in h.entry ? h.entry.value : undefined,
      ]);
    expect(
      successRates(await store.haltedChecks(canaryKey, { runId: failed.id })),
    ).toEqual([
      ['11:00:20', 91.56],
      ['11:00:30', 88.1],
      ['11:00:40', 85],
    ]);
    expect(
      successRates(await store.haltedChecks(canaryKey, { runId: retried.id })),
    ).toEqual([
      ['11:01:30', 97.2],
      ['11:01:40', 96.4],
      ['11:01:50', 95.1],
    ]);
    // The failed run's window widened by a minute, as the Canary tab charts it, holds six.
    expect(
      await store.haltedChecks(canaryKey, {
        from: new Date('2026-11-22T10:59:00Z'),
        to: new Date('2026-11-22T11:01:50Z'),
      }),
    ).toHaveLength(6);

    expect(await store.findRun(canaryKey, failed.id)).toEqual(failed);
    // A run of the other canary is not one of this canary's, and lends it no halts.
    const [elsewhereRun] = (await store.listRuns(elsewhere)).items;
    expect(await store.findRun(canaryKey, elsewhereRun.id)).toBeUndefined();
    expect(
      await store.haltedChecks(canaryKey, { runId: elsewhereRun.id }),
    ).toEqual([]);
    expect(
      await store.haltedChecks(elsewhere, { runId: elsewhereRun.id }),
    ).toHaveLength(3);
  });

  it('changes nothing when every status and event is delivered again', async () => {
    const { store } = await createStore(databaseId);
    const history = releaseHistory();
    await playRecorder(store, history);
    const snapshot = async () => ({
      runs: await store.listRuns(canaryKey, { limit: 100 }),
      timeline: await store.timeline(canaryKey, { limit: 500 }),
    });
    const before = await snapshot();

    // A restart replays the watches from their cursors, a relist replays the current objects.
    const replays = history.filter(
      step => 'observe' in step || 'event' in step,
    );
    const replayed = await playRecorder(store, replays);
    expect(
      replayed.filter(r => r.result.transition || r.result.newRun),
    ).toEqual([]);
    await playRecorder(store, replays.slice(-3));
    expect(await snapshot()).toEqual(before);
  });

  it('opens nothing for a failed canary whose target is reverted to the promoted spec', async () => {
    const { store } = await createStore(databaseId);
    const failing = releaseHistory().slice(0, 24);
    expect(failing[failing.length - 1]).toMatchObject({
      observe: { status: { phase: 'Failed', lastAppliedSpec: 'rev-3' } },
    });
    await playRecorder(store, [
      ...failing,
      // Flagger does not start a canary run on a manual rollback: still Failed, at the same time.
      {
        observe: observed(t('11:03:00'), 'Failed', {
          revision: 'rev-2',
          promoted: 'rev-2',
        }),
        observedAt: t('11:20:00'),
      },
    ]);
    const runs = (await store.listRuns(canaryKey)).items;
    expect(runs.map(r => [r.number, r.revision, r.outcome])).toEqual([
      [2, 'rev-3', 'Failed'],
      [1, 'rev-2', 'Succeeded'],
    ]);
  });

  it('ends a run a newer revision supersedes, without an outcome, when the newer one starts', async () => {
    const { store } = await createStore(databaseId);
    await playRecorder(store, [
      {
        observe: observed(t('10:00:00'), 'Progressing', {
          revision: 'rev-2',
          promoted: 'rev-1',
        }),
      },
      {
        observe: observed(t('10:01:00'), 'Progressing', {
          revision: 'rev-2',
          promoted: 'rev-1',
          weight: 10,
        }),
      },
      { action: 'pause', at: t('10:01:30') },
      // "New revision detected! Restarting analysis": Flagger syncs the new revision at weight 0.
      {
        observe: observed(t('10:02:00'), 'Progressing', {
          revision: 'rev-3',
          promoted: 'rev-1',
        }),
      },
    ]);
    const runs = (await store.listRuns(canaryKey)).items;
    expect(runs).toEqual([
      expect.objectContaining({
        number: 2,
        revision: 'rev-3',
        startedAt: '2026-11-22T10:02:00.000Z',
        endedAt: undefined,
        outcome: undefined,
      }),
      expect.objectContaining({
        number: 1,
        revision: 'rev-2',
        startedAt: '2026-11-22T10:00:00.000Z',
        endedAt: '2026-11-22T10:02:00.000Z',
        outcome: undefined,
      }),
    ]);
    const pause = (await store.timeline(canaryKey, { kinds: ['action'] }))
      .items[0];
    expect(pause.runId).toBe(runs[1].id);
  });

  it('keeps a run the recorder missed entirely, started and ended when it ended', async () => {
    const { store } = await createStore(databaseId);
    await playRecorder(store, [
      ...analysedRelease('rev-2', 'rev-1', '10').map(observe => ({ observe })),
      // The backend was down from 10:30 to 12:00: rev-3 ran and succeeded meanwhile.
      {
        observe: observed(t('11:20:00'), 'Succeeded', {
          revision: 'rev-3',
          promoted: 'rev-3',
        }),
        observedAt: t('12:00:00'),
      },
    ]);
    expect(
      (await store.listRuns(canaryKey)).items.map(r => [
        r.number,
        r.revision,
        r.startedAt,
        r.endedAt,
        r.outcome,
      ]),
    ).toEqual([
      [
        2,
        'rev-3',
        '2026-11-22T11:20:00.000Z',
        '2026-11-22T11:20:00.000Z',
        'Succeeded',
      ],
      [
        1,
        'rev-2',
        '2026-11-22T10:00:00.000Z',
        '2026-11-22T10:08:00.000Z',
        'Succeeded',
      ],
    ]);
  });

  it('gives the run held at the confirm-rollout gate the revision it then rolls out', async () => {
    const { store } = await createStore(databaseId);
    await playRecorder(store, [
      ...analysedRelease('rev-2', 'rev-1', '10').map(observe => ({ observe })),
      // SetStatusPhase(Waiting) keeps lastAppliedSpec: the new revision is not named yet.
      {
        observe: observed(t('10:30:00'), 'Waiting', {
          revision: 'rev-2',
          promoted: 'rev-2',
        }),
      },
      { action: 'approve', at: t('10:35:00') },
      {
        observe: observed(t('10:36:00'), 'Progressing', {
          revision: 'rev-3',
          promoted: 'rev-2',
        }),
      },
    ]);
    const runs = (await store.listRuns(canaryKey)).items;
    expect(
      runs.map(r => [r.number, r.revision, r.startedAt, r.endedAt]),
    ).toEqual([
      [2, 'rev-3', '2026-11-22T10:30:00.000Z', undefined],
      [1, 'rev-2', '2026-11-22T10:00:00.000Z', '2026-11-22T10:08:00.000Z'],
    ]);
    const ofRun = await store.timeline(canaryKey, { runId: runs[0].id });
    expect(ofRun.items.map(describeItem)).toEqual([
      'Progressing 0%',
      'approve by alice',
      'Waiting 0%',
    ]);
  });
});
