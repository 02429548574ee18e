import path from 'path';
import {
  TestDatabases,
  type TestDatabaseId,
} from '@backstage/backend-test-utils';
import type { Canary } from '@backstage-canary/plugin-canary-common';
import { RolloutStore, type StoredEventInput } from './RolloutStore';

// SQLite always; PostgreSQL when BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING names a server
// (scripts/test.sh starts one and sets CANARY_REQUIRE_POSTGRES so it cannot be silently left out).
// Never containers: there is no container engine where this project runs.
const databases = TestDatabases.create({
  ids: ['POSTGRES_15', 'SQLITE_3'],
  disableDocker: true,
});
if (process.env.CANARY_REQUIRE_POSTGRES && !databases.supports('POSTGRES_15')) {
  throw new Error(
    'CANARY_REQUIRE_POSTGRES is set but BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is not',
  );
}

const migrations = path.resolve(__dirname, '../../../migrations');
async function createStore(id: TestDatabaseId) {
  const knex = await databases.init(id);
  await knex.migrate.latest({ directory: migrations });
  return { knex, store: new RolloutStore(knex) };
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

  it('ignores events of canaries it has never seen', async () => {
    const { store } = await createStore(databaseId);
    expect(
      await store.recordEvent(
        key,
        event('e-1', 'whatever', '2026-11-22T10:00:00Z'),
      ),
    ).toBe(false);
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
