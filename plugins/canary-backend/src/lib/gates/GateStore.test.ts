import { pluginDatabases } from '../../__testUtils__/pluginDatabases';
import { type TestDatabaseId } from '@backstage/backend-test-utils';
import {
  type Canary,
  flaggerCanaryChecksum,
} from '@backstage-canary/plugin-canary-common';
import { GateStore } from './GateStore';
import type { GateKey } from './GateTypes';
import { isRunPhase } from '@backstage-canary/plugin-canary-common';
import { gateRunOf } from './gateRun';

const databases = pluginDatabases();

async function createStore(id: TestDatabaseId) {
  const knex = await databases.migrated(id);
  return new GateStore({ db: knex });
}

const canary = { cluster: 'member-1', namespace: 'test', name: 'podinfo' };
const alice = { actor: 'user:default/alice', reason: 'looks good' };

/** Flagger's Promoted condition: Unknown while a run lasts, False after a failed one. */
function promotedStatus(inRun: boolean, phase: string): string {
  if (inRun) return 'Unknown';
  return phase === 'Failed' ? 'False' : 'True';
}

/** The Canary podinfo as its cluster holds it, in a run of `spec` that started at `start`. */
function podinfo(
  spec: string,
  phase = 'Progressing',
  start = '2026-12-01T10:00:00Z',
  uid = 'uid-1',
): Canary {
  const inRun = isRunPhase(phase);
  return {
    apiVersion: 'flagger.app/v1beta1',
    kind: 'Canary',
    metadata: { name: 'podinfo', namespace: 'test', uid },
    spec: {
      targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'podinfo' },
      service: { port: 80 },
    },
    status: {
      phase,
      lastAppliedSpec: spec,
      trackedConfigs: {},
      conditions: [
        {
          type: 'Promoted',
          status: promotedStatus(inRun, phase),
          reason: phase,
          lastTransitionTime: start,
        },
      ],
    },
  } as Canary;
}

const key = (gate: GateKey['gate'], seen: Canary): GateKey => ({
  ...canary,
  revision: flaggerCanaryChecksum(seen.status ?? {}),
  gate,
});

describe.each(databases.eachSupportedId())('GateStore on %p', databaseId => {
  it('keeps a gate closed until approved, then opens it for that run and gate only', async () => {
    const store = await createStore(databaseId);
    const rev1 = podinfo('rev-1', 'WaitingPromotion');
    const rev2 = podinfo('rev-2', 'WaitingPromotion');
    expect(await store.answer(key('confirm-promotion', rev1))).toEqual({
      open: false,
      approval: undefined,
    });
    const { created, approval } = await store.approve(
      key('confirm-promotion', rev1),
      gateRunOf(rev1),
      alice,
    );
    expect(created).toBe(true);
    expect(approval).toMatchObject({
      runId: gateRunOf(rev1).runId,
      canaryUid: 'uid-1',
      revisionHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });

    const answer = await store.answer(key('confirm-promotion', rev1));
    expect(answer.open).toBe(true);
    expect(answer.approval).toMatchObject(alice);
    // Asked again within the same run: still open.
    expect((await store.answer(key('confirm-promotion', rev1))).open).toBe(
      true,
    );
    // Another gate of the same run stays closed.
    expect((await store.answer(key('confirm-rollout', rev1))).open).toBe(false);
    // Another canary with the same checksum stays closed.
    expect(
      (await store.answer({ ...key('confirm-promotion', rev1), name: 'other' }))
        .open,
    ).toBe(false);
    // Flagger calls for a later revision: closed, and the approval of the old run is spent.
    expect((await store.answer(key('confirm-promotion', rev2))).open).toBe(
      false,
    );
    expect((await store.answer(key('confirm-promotion', rev1))).open).toBe(
      false,
    );
    const [spent] = await store.approvals(canary);
    expect(spent.spentAt).toBeDefined();
  });

  it('spends every approval of a run when the run is seen to end', async () => {
    for (const end of ['Succeeded', 'Failed', 'gone'] as const) {
      const store = await createStore(databaseId);
      const running = podinfo('rev-1', 'Progressing');
      await store.approve(key('rollback', running), gateRunOf(running), alice);
      await store.approve(
        key('confirm-promotion', running),
        gateRunOf(running),
        alice,
      );
      expect((await store.answer(key('rollback', running))).open).toBe(true);
      const spent = await store.observe(
        canary,
        end === 'gone' ? undefined : podinfo('rev-1', end),
      );
      expect(spent).toHaveLength(2);
      expect((await store.answer(key('rollback', running))).open).toBe(false);
      expect((await store.answer(key('confirm-promotion', running))).open).toBe(
        false,
      );
      expect(
        (await store.approvals(canary)).every(a => a.spentAt && a.spentReason),
      ).toBe(true);
      expect(await store.run(canary)).toMatchObject({ active: false });
    }
  });

  it('does not reopen an old approval for a revert to the same checksum', async () => {
    const store = await createStore(databaseId);
    // Run 1 of rev-1 is approved and promoted.
    const run1 = podinfo('rev-1', 'WaitingPromotion', '2026-12-01T10:00:00Z');
    await store.approve(key('confirm-promotion', run1), gateRunOf(run1), alice);
    expect((await store.answer(key('confirm-promotion', run1))).open).toBe(
      true,
    );
    // Nobody sees it end; a revert to rev-1 later is a new run with the same checksum.
    const run3 = podinfo('rev-1', 'WaitingPromotion', '2026-12-01T11:00:00Z');
    expect(key('confirm-promotion', run3).revision).toBe(
      key('confirm-promotion', run1).revision,
    );
    expect(gateRunOf(run3).runId).not.toBe(gateRunOf(run1).runId);
    await store.observe(canary, run3);
    expect((await store.answer(key('confirm-promotion', run3))).open).toBe(
      false,
    );
    // The approval of run 1 is spent for good, even if run 1's object showed up again.
    await store.observe(canary, run1);
    expect((await store.answer(key('confirm-promotion', run1))).open).toBe(
      false,
    );
    // A new approval of run 3 opens run 3 only.
    expect(
      (
        await store.approve(
          key('confirm-promotion', run3),
          gateRunOf(run3),
          alice,
        )
      ).created,
    ).toBe(true);
    expect((await store.answer(key('confirm-promotion', run3))).open).toBe(
      true,
    );
  });

  it("reads the run from the recorder's snapshot when it is newer", async () => {
    const knex = await databases.migrated(databaseId);
    const store = new GateStore({ db: knex });
    const running = podinfo('rev-1', 'Progressing');
    const approvedAt = new Date('2026-12-01T10:05:00Z');
    await store.approve(
      key('rollback', running),
      gateRunOf(running),
      alice,
      approvedAt,
    );
    // The recorder saw the run succeed after the approval.
    await knex('canaries').insert({
      ...canary,
      uid: 'uid-1',
      snapshot: JSON.stringify(podinfo('rev-1', 'Succeeded')),
      first_seen_at: approvedAt,
      last_seen_at: new Date('2026-12-01T10:06:00Z'),
    });
    expect(
      (
        await store.answer(
          key('rollback', running),
          'Progressing',
          new Date('2026-12-01T10:07:00Z'),
        )
      ).open,
    ).toBe(false);
    const [approval] = await store.approvals(canary);
    expect(approval.spentReason).toMatch(/run ended/);
  });

  it('opens one traffic step per confirm-traffic-increase approval', async () => {
    const store = await createStore(databaseId);
    const running = podinfo('rev-1');
    const step = key('confirm-traffic-increase', running);
    await store.approve(step, gateRunOf(running), alice);
    expect((await store.answer(step)).open).toBe(true);
    expect((await store.answer(step)).open).toBe(false);
    const [approval] = await store.approvals(canary);
    expect(approval.spentAt).toBeDefined();
    expect((await store.approve(step, gateRunOf(running), alice)).created).toBe(
      true,
    );
    expect((await store.answer(step)).open).toBe(true);
  });

  it('does not store a second approval while one still opens the gate', async () => {
    const store = await createStore(databaseId);
    const running = podinfo('rev-1');
    const run = gateRunOf(running);
    expect(
      (await store.approve(key('rollback', running), run, alice)).created,
    ).toBe(true);
    const again = await store.approve(key('rollback', running), run, {
      actor: 'user:default/bob',
      reason: 'again',
    });
    expect(again.created).toBe(false);
    expect(again.approval.actor).toBe('user:default/alice');
    expect(await store.approvals(canary)).toHaveLength(1);
  });

  it('refuses to approve outside a run', async () => {
    const store = await createStore(databaseId);
    const done = podinfo('rev-1', 'Succeeded');
    await expect(
      store.approve(key('confirm-promotion', done), gateRunOf(done), alice),
    ).rejects.toThrow(/active run/);
  });

  it('records the last call of each gate per revision', async () => {
    const store = await createStore(databaseId);
    const first = new Date('2026-11-22T10:00:00Z');
    const second = new Date('2026-11-22T10:00:30Z');
    const revA = key('confirm-rollout', podinfo('rev-a'));
    const revB = key('confirm-rollout', podinfo('rev-b'));
    await store.answer(revA, 'Progressing', first);
    await store.answer(revA, 'Waiting', second);
    await store.answer(revB, 'Waiting', second);
    expect(await store.calls(canary, revA.revision)).toEqual([
      {
        ...revA,
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
