import type { Knex } from 'knex';
import { toIso } from '../store/timestamps';
import type { GateAnswer, GateApproval, GateCall, GateKey } from './GateTypes';

const APPROVALS = 'rollout_gate_approvals';
const CALLS = 'rollout_gate_calls';

type ApprovalRow = {
  id: number;
  cluster: string;
  namespace: string;
  name: string;
  revision: string;
  gate: string;
  actor: string;
  reason: string;
  created_at: unknown;
  used_at: unknown;
  spent_at: unknown;
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

/**
 * Approvals of the gates the backend serves, and Flagger's calls to them, in the plugin database.
 *
 * What an approval opens, per gate (Flagger calls each gate with the checksum of the current run,
 * so an approval never matches a later revision):
 * - `confirm-rollout` and `confirm-promotion`: the gate stays open for the approved revision; Flagger
 *   asks again only while it waits, so the approval is spent by the run it was given for;
 * - `confirm-traffic-increase`: one weight step: the first open answer spends the approval, and the
 *   next step waits for a new one;
 * - `rollback`: a rollback request; the gate answers open for that revision until the run ends
 *   (Flagger stops asking once the run is Failed, and a new run is a new revision).
 */
export class GateStore {
  constructor(private readonly db: Knex) {}

  /**
   * Stores an approval unless one that still opens the gate exists; `created` says which.
   */
  async approve(
    key: GateKey,
    by: { actor: string; reason: string },
    now = new Date(),
  ): Promise<{ created: boolean; approval: GateApproval }> {
    return this.db.transaction(async tx => {
      const existing = await this.openApproval(tx, key);
      if (existing) return { created: false, approval: existing };
      const row = {
        ...key,
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
          id,
          actor: by.actor,
          reason: by.reason,
          createdAt: now.toISOString(),
        },
      };
    });
  }

  /** The approval that opens a gate now, if any. */
  async findOpenApproval(key: GateKey): Promise<GateApproval | undefined> {
    return this.openApproval(this.db, key);
  }

  /**
   * Answers one call of Flagger to a gate from the stored approvals, spends a one-step approval,
   * and records the call.
   */
  async answer(
    key: GateKey,
    phase?: string,
    now = new Date(),
  ): Promise<GateAnswer> {
    return this.db.transaction(async tx => {
      const approval = await this.openApproval(tx, key);
      if (approval) {
        const spend = key.gate === 'confirm-traffic-increase';
        await tx(APPROVALS)
          .where({ id: approval.id })
          .update({
            used_at: approval.usedAt ? new Date(approval.usedAt) : now,
            ...(spend ? { spent_at: now } : {}),
          });
        approval.usedAt ??= now.toISOString();
        if (spend) approval.spentAt = now.toISOString();
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

  /** Flagger's calls to the gates of a canary, most recent first (optionally of one revision). */
  async calls(
    canary: { cluster: string; namespace: string; name: string },
    revision?: string,
  ): Promise<GateCall[]> {
    const rows: CallRow[] = await this.db(CALLS)
      .where({
        cluster: canary.cluster,
        namespace: canary.namespace,
        name: canary.name,
        ...(revision ? { revision } : {}),
      })
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
    canary: { cluster: string; namespace: string; name: string },
    revision?: string,
  ): Promise<GateApproval[]> {
    const rows: ApprovalRow[] = await this.db(APPROVALS)
      .where({
        cluster: canary.cluster,
        namespace: canary.namespace,
        name: canary.name,
        ...(revision ? { revision } : {}),
      })
      .orderBy('id', 'desc')
      .limit(50);
    return rows.map(toApproval);
  }

  /** Deletes approvals and calls older than `before`. */
  async prune(before: Date): Promise<void> {
    await this.db(APPROVALS).where('created_at', '<', before).delete();
    await this.db(CALLS).where('last_asked_at', '<', before).delete();
  }

  private async openApproval(
    db: Knex | Knex.Transaction,
    key: GateKey,
  ): Promise<GateApproval | undefined> {
    const row: ApprovalRow | undefined = await db(APPROVALS)
      .where({
        cluster: key.cluster,
        namespace: key.namespace,
        name: key.name,
        revision: key.revision,
        gate: key.gate,
      })
      .whereNull('spent_at')
      .orderBy('id', 'asc')
      .first();
    return row ? toApproval(row) : undefined;
  }
}

function toApproval(row: ApprovalRow): GateApproval {
  return {
    id: Number(row.id),
    cluster: row.cluster,
    namespace: row.namespace,
    name: row.name,
    revision: row.revision,
    gate: row.gate as GateKey['gate'],
    actor: row.actor,
    reason: row.reason,
    createdAt: toIso(row.created_at),
    usedAt: row.used_at ? toIso(row.used_at) : undefined,
    spentAt: row.spent_at ? toIso(row.spent_at) : undefined,
  };
}
