import type { Knex } from 'knex';
import type { Canary, CanaryRef } from '@backstage-canary/plugin-canary-common';
import { toIso } from '../store/timestamps';
import { GateSecretStore } from './GateSecretStore';
import { type GateRun, gateRunOf } from './gateRun';
import type {
  GateAnswer,
  GateApproval,
  GateCall,
  GateKey,
  GateRunState,
} from './GateTypes';

const APPROVALS = 'rollout_gate_approvals';
const CALLS = 'rollout_gate_calls';
const RUNS = 'rollout_gate_runs';
/** The recorder's snapshots of the canaries (the fleet state kept by watches). */
const SNAPSHOTS = 'canaries';

type Db = Knex | Knex.Transaction;

type ApprovalRow = {
  id: number;
  cluster: string;
  namespace: string;
  name: string;
  revision: string;
  gate: string;
  run_id: string | null;
  canary_uid: string | null;
  revision_hash: string | null;
  actor: string;
  reason: string;
  created_at: unknown;
  used_at: unknown;
  spent_at: unknown;
  spent_reason: string | null;
};

type CallRow = {
  cluster: string;
  namespace: string;
  name: string;
  revision: string;
  gate: string;
  phase: string | null;
  open: boolean | number;
  calls: number;
  first_asked_at: unknown;
  last_asked_at: unknown;
};

type RunRow = {
  run_id: string;
  canary_uid: string;
  revision_hash: string;
  checksum: string;
  phase: string | null;
  active: boolean | number;
  observed_at: unknown;
};

/**
 * Approvals of the gates the backend serves, the run each canary is in, and Flagger's calls, in
 * the plugin database.
 *
 * Every approval is bound to one run: the canary's uid, a sha256 of its revision and the run's
 * start (see `gateRunOf`). It opens its gate only while the canary is seen in that run and Flagger
 * calls with that run's checksum, and it is spent as soon as the run is seen to end (Succeeded,
 * Failed, a new revision, the canary gone). A spent approval never opens a gate again, so a revert
 * to an earlier revision (same checksum) starts closed. What an approval opens, per gate:
 * - `confirm-rollout` and `confirm-promotion`: the gate, for the rest of the run;
 * - `confirm-traffic-increase`: one weight step: the first open answer spends it;
 * - `rollback`: a rollback request, answered open until the run ends.
 *
 * The run is seen at approval time (the live Canary), in the recorder's snapshots, and in
 * Flagger's calls (a call with another checksum means the known run is over).
 */
export class GateStore {
  /** The per-canary gate secrets. */
  readonly secrets: GateSecretStore;

  private readonly db: Knex;

  constructor(options: { db: Knex }) {
    this.db = options.db;
    this.secrets = new GateSecretStore({ db: options.db });
  }

  /**
   * Records the run a canary is in (or that it is in none, or gone) and spends every approval of
   * any other run. Returns the approvals it spent.
   */
  async observe(
    canary: CanaryRef,
    seen: Canary | undefined,
    now = new Date(),
  ): Promise<GateApproval[]> {
    return this.db.transaction(tx =>
      this.observeRun(tx, canary, seen ? gateRunOf(seen) : undefined, now),
    );
  }

  /**
   * Stores an approval for the canary's current run unless one that still opens the gate exists;
   * `created` says which. The run must be active and its checksum the key's.
   */
  async approve(
    key: GateKey,
    run: GateRun,
    by: { actor: string; reason: string },
    now = new Date(),
  ): Promise<{ created: boolean; approval: GateApproval }> {
    if (!run.active || run.checksum !== key.revision) {
      throw new Error(
        `Gate approvals are for an active run with checksum ${key.revision}`,
      );
    }
    return this.db.transaction(async tx => {
      await this.observeRun(tx, key, run, now);
      const existing = await this.openApproval(tx, key, run.runId);
      if (existing) return { created: false, approval: existing };
      const row = {
        ...key,
        run_id: run.runId,
        canary_uid: run.canaryUid,
        revision_hash: run.revisionHash,
        actor: by.actor,
        reason: by.reason,
        created_at: now,
      };
      const [inserted] = await tx(APPROVALS).insert(row, ['id']);
      const id = typeof inserted === 'object' ? inserted.id : inserted;
      return {
        created: true,
        approval: {
          ...key,
          id: Number(id),
          runId: run.runId,
          canaryUid: run.canaryUid,
          revisionHash: run.revisionHash,
          actor: by.actor,
          reason: by.reason,
          createdAt: now.toISOString(),
        },
      };
    });
  }

  /**
   * Answers one call of Flagger to a gate: open only with an unspent approval of the run the canary
   * is in, for the checksum Flagger sends. Spends a one-step approval, and records the call.
   */
  async answer(
    key: GateKey,
    phase?: string,
    now = new Date(),
  ): Promise<GateAnswer> {
    return this.db.transaction(async tx => {
      let run = await this.refreshedRun(tx, key, now);
      if (run?.active && run.checksum !== key.revision) {
        // Flagger runs another revision: the run the gates know has ended.
        await this.endRun(
          tx,
          key,
          run,
          now,
          'Flagger called with another checksum',
        );
        run = { ...run, active: false };
      }
      let approval =
        run?.active && run.checksum === key.revision
          ? await this.openApproval(tx, key, run.runId)
          : undefined;
      if (approval) {
        const spend = key.gate === 'confirm-traffic-increase';
        // Only while still unspent: of two calls at once, one step opens for one of them only.
        const updated = await tx(APPROVALS)
          .where({ id: approval.id })
          .whereNull('spent_at')
          .update({
            used_at: approval.usedAt ? new Date(approval.usedAt) : now,
            ...(spend ? { spent_at: now, spent_reason: 'one step used' } : {}),
          });
        if (!updated) approval = undefined;
      }
      if (approval) {
        const spend = key.gate === 'confirm-traffic-increase';
        approval.usedAt ??= now.toISOString();
        if (spend) {
          approval.spentAt = now.toISOString();
          approval.spentReason = 'one step used';
        }
      }
      const open = approval !== undefined;
      await tx(CALLS)
        .insert({
          ...key,
          phase: phase ?? null,
          open,
          calls: 1,
          first_asked_at: now,
          last_asked_at: now,
        })
        .onConflict(['cluster', 'namespace', 'name', 'revision', 'gate'])
        .merge({
          phase: phase ?? null,
          open,
          calls: tx.raw('?? + 1', [`${CALLS}.calls`]),
          last_asked_at: now,
        });
      return { open, approval };
    });
  }

  /** The run a canary was last seen in, if the gates know one. */
  async run(canary: CanaryRef): Promise<GateRunState | undefined> {
    const row: RunRow | undefined = await this.db(RUNS)
      .where(keyOf(canary))
      .first();
    return row ? toRunState(row) : undefined;
  }

  /** The approval that opens a gate of the given run now, if any. */
  async findOpenApproval(
    key: GateKey,
    runId: string,
  ): Promise<GateApproval | undefined> {
    return this.openApproval(this.db, key, runId);
  }

  /** Flagger's calls to the gates of a canary, most recent first (optionally of one revision). */
  async calls(canary: CanaryRef, revision?: string): Promise<GateCall[]> {
    const rows: CallRow[] = await this.db(CALLS)
      .where({ ...keyOf(canary), ...(revision ? { revision } : {}) })
      .orderBy('last_asked_at', 'desc')
      .limit(50);
    return rows.map(row => ({
      cluster: row.cluster,
      namespace: row.namespace,
      name: row.name,
      revision: row.revision,
      gate: row.gate as GateKey['gate'],
      phase: row.phase ?? undefined,
      open: Boolean(row.open),
      calls: Number(row.calls),
      firstAskedAt: toIso(row.first_asked_at),
      lastAskedAt: toIso(row.last_asked_at),
    }));
  }

  /** The approvals given for a canary, most recent first (optionally of one revision). */
  async approvals(
    canary: CanaryRef,
    revision?: string,
  ): Promise<GateApproval[]> {
    const rows: ApprovalRow[] = await this.db(APPROVALS)
      .where({ ...keyOf(canary), ...(revision ? { revision } : {}) })
      .orderBy('id', 'desc')
      .limit(50);
    return rows.map(toApproval);
  }

  /** Deletes approvals and calls older than `before`. */
  async prune(before: Date): Promise<void> {
    await this.db(APPROVALS).where('created_at', '<', before).delete();
    await this.db(CALLS).where('last_asked_at', '<', before).delete();
    await this.db(RUNS)
      .where({ active: false })
      .andWhere('observed_at', '<', before)
      .delete();
  }

  /** The known run, updated from the recorder's snapshot when that is newer. */
  private async refreshedRun(
    tx: Db,
    canary: CanaryRef,
    now: Date,
  ): Promise<GateRunState | undefined> {
    const row: RunRow | undefined = await tx(RUNS).where(keyOf(canary)).first();
    const known = row ? toRunState(row) : undefined;
    const snapshot = await this.snapshot(tx, canary);
    if (
      snapshot &&
      (!known ||
        new Date(snapshot.seenAt).getTime() >
          new Date(known.observedAt).getTime())
    ) {
      const seen = snapshot.canary ? gateRunOf(snapshot.canary) : undefined;
      await this.observeRun(tx, canary, seen, now);
      const updated: RunRow | undefined = await tx(RUNS)
        .where(keyOf(canary))
        .first();
      return updated ? toRunState(updated) : undefined;
    }
    return known;
  }

  /** The recorder's last snapshot of a canary (undefined canary: deleted), if it keeps one. */
  private async snapshot(
    tx: Db,
    canary: CanaryRef,
  ): Promise<{ canary?: Canary; seenAt: string } | undefined> {
    const row:
      | { snapshot: string | null; last_seen_at: unknown; deleted_at: unknown }
      | undefined = await tx(SNAPSHOTS)
      .where(keyOf(canary))
      .first('snapshot', 'last_seen_at', 'deleted_at');
    if (!row?.last_seen_at) return undefined;
    if (row.deleted_at) return { seenAt: toIso(row.deleted_at) };
    if (!row.snapshot) return undefined;
    try {
      return {
        canary: JSON.parse(row.snapshot) as Canary,
        seenAt: toIso(row.last_seen_at),
      };
    } catch {
      return undefined;
    }
  }

  private async observeRun(
    tx: Db,
    canary: CanaryRef,
    run: GateRun | undefined,
    now: Date,
  ): Promise<GateApproval[]> {
    const previous: RunRow | undefined = await tx(RUNS)
      .where(keyOf(canary))
      .first();
    if (run) {
      const row = {
        run_id: run.runId,
        canary_uid: run.canaryUid,
        revision_hash: run.revisionHash,
        checksum: run.checksum,
        phase: run.phase ?? null,
        active: run.active,
        observed_at: now,
      };
      if (previous) await tx(RUNS).where(keyOf(canary)).update(row);
      else await tx(RUNS).insert({ ...keyOf(canary), ...row });
    } else if (previous) {
      await tx(RUNS)
        .where(keyOf(canary))
        .update({ active: false, phase: null, observed_at: now });
    }
    // Every approval of another run, or of a run that is over, is spent.
    const query = tx(APPROVALS).where(keyOf(canary)).whereNull('spent_at');
    if (run?.active) {
      query.andWhere(q =>
        q.whereNot('run_id', run.runId).orWhereNull('run_id'),
      );
    }
    const rows: ApprovalRow[] = await query;
    if (!rows.length) return [];
    let reason = `the run ended (${run?.phase ?? 'no phase'})`;
    if (!run) reason = 'the canary is gone';
    else if (run.active) reason = 'a new run started';
    await tx(APPROVALS)
      .whereIn(
        'id',
        rows.map(r => r.id),
      )
      .update({ spent_at: now, spent_reason: reason });
    return rows.map(row =>
      toApproval({ ...row, spent_at: now, spent_reason: reason }),
    );
  }

  private async endRun(
    tx: Db,
    canary: CanaryRef,
    run: GateRunState,
    now: Date,
    reason: string,
  ) {
    await tx(RUNS).where(keyOf(canary)).update({ active: false });
    await tx(APPROVALS)
      .where({ ...keyOf(canary), run_id: run.runId })
      .whereNull('spent_at')
      .update({ spent_at: now, spent_reason: reason });
  }

  private async openApproval(
    db: Db,
    key: GateKey,
    runId: string,
  ): Promise<GateApproval | undefined> {
    const row: ApprovalRow | undefined = await db(APPROVALS)
      .where({
        ...keyOf(key),
        revision: key.revision,
        gate: key.gate,
        run_id: runId,
      })
      .whereNull('spent_at')
      .orderBy('id', 'asc')
      .first();
    return row ? toApproval(row) : undefined;
  }
}

function keyOf(canary: CanaryRef) {
  return {
    cluster: canary.cluster,
    namespace: canary.namespace,
    name: canary.name,
  };
}

function toRunState(row: RunRow): GateRunState {
  return {
    runId: row.run_id,
    canaryUid: row.canary_uid,
    revisionHash: row.revision_hash,
    checksum: row.checksum,
    phase: row.phase ?? undefined,
    active: Boolean(row.active),
    observedAt: toIso(row.observed_at),
  };
}

function toApproval(row: ApprovalRow): GateApproval {
  return {
    id: Number(row.id),
    cluster: row.cluster,
    namespace: row.namespace,
    name: row.name,
    revision: row.revision,
    gate: row.gate as GateKey['gate'],
    runId: row.run_id ?? undefined,
    canaryUid: row.canary_uid ?? undefined,
    revisionHash: row.revision_hash ?? undefined,
    actor: row.actor,
    reason: row.reason,
    createdAt: toIso(row.created_at),
    usedAt: row.used_at ? toIso(row.used_at) : undefined,
    spentAt: row.spent_at ? toIso(row.spent_at) : undefined,
    spentReason: row.spent_reason ?? undefined,
  };
}
