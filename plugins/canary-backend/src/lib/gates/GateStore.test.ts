import path from 'path';
import {
  TestDatabases,
  type TestDatabaseId,
} from '@backstage/backend-test-utils';
import { GateStore } from './GateStore';
import type { GateKey } from './GateTypes';

// SQLite always; PostgreSQL when BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING names a server.
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
  return new GateStore(knex);
}

const canary = { cluster: 'member-1', namespace: 'test', name: 'podinfo' };
const key = (gate: GateKey['gate'], revision = 'rev-a'): GateKey => ({
  ...canary,
  revision,
  gate,
});
const alice = { actor: 'user:default/alice', reason: 'looks good' };

describe.each(databases.eachSupportedId())('GateStore on %p', databaseId => {
  it('keeps a gate closed until approved, then opens it for that revision and gate only', async () => {
    const store = await createStore(databaseId);
    expect(await store.answer(key('confirm-promotion'), 'Progressing')).toEqual(
      { open: false, approval: undefined },
    );
    const { created } = await store.approve(key('confirm-promotion'), alice);
    expect(created).toBe(true);

    const answer = await store.answer(key('confirm-promotion'), 'Progressing');
    expect(answer.open).toBe(true);
    expect(answer.approval).toMatchObject(alice);
    // Asked again within the same run: still open.
    expect((await store.answer(key('confirm-promotion'))).open).toBe(true);
    // A later revision, or another gate of the same revision, stays closed.
    expect((await store.answer(key('confirm-promotion', 'rev-b'))).open).toBe(
      false,
    );
    expect((await store.answer(key('confirm-rollout'))).open).toBe(false);
    // Another canary with the same revision stays closed.
    expect(
      (await store.answer({ ...key('confirm-promotion'), name: 'other' })).open,
    ).toBe(false);
  });

  it('opens one traffic step per confirm-traffic-increase approval', async () => {
    const store = await createStore(databaseId);
    await store.approve(key('confirm-traffic-increase'), alice);
    expect((await store.answer(key('confirm-traffic-increase'))).open).toBe(
      true,
    );
    expect((await store.answer(key('confirm-traffic-increase'))).open).toBe(
      false,
    );
    const [approval] = await store.approvals(canary);
    expect(approval.spentAt).toBeDefined();
    expect(
      (await store.approve(key('confirm-traffic-increase'), alice)).created,
    ).toBe(true);
    expect((await store.answer(key('confirm-traffic-increase'))).open).toBe(
      true,
    );
  });

  it('does not store a second approval while one still opens the gate', async () => {
    const store = await createStore(databaseId);
    expect((await store.approve(key('rollback'), alice)).created).toBe(true);
    const again = await store.approve(key('rollback'), {
      actor: 'user:default/bob',
      reason: 'again',
    });
    expect(again.created).toBe(false);
    expect(again.approval.actor).toBe('user:default/alice');
    expect(await store.approvals(canary)).toHaveLength(1);
  });

  it('records the last call of each gate per revision', async () => {
    const store = await createStore(databaseId);
    const first = new Date('2026-11-22T10:00:00Z');
    const second = new Date('2026-11-22T10:00:30Z');
    await store.answer(key('confirm-rollout'), 'Progressing', first);
    await store.answer(key('confirm-rollout'), 'Waiting', second);
    await store.answer(key('confirm-rollout', 'rev-b'), 'Waiting', second);
    expect(await store.calls(canary, 'rev-a')).toEqual([
      {
        ...key('confirm-rollout'),
        phase: 'Waiting',
        open: false,
        calls: 2,
        firstAskedAt: first.toISOString(),
        lastAskedAt: second.toISOString(),
      },
    ]);
    expect(await store.calls(canary)).toHaveLength(2);
    await store.prune(new Date('2026-11-22T10:00:10Z'));
    expect(await store.calls(canary)).toHaveLength(2);
    await store.prune(new Date('2026-11-22T11:00:00Z'));
    expect(await store.calls(canary)).toHaveLength(0);
  });
});
