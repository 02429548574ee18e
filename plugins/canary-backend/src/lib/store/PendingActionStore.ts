import type { Knex } from 'knex';
import type { ActionWrite } from '../execution/actionWrite';
import type { ActionRecord, CanaryKey } from './HistoryTypes';
import { runOfAction } from './runTracking';
import { toIso } from './timestamps';

/**
 * A row of the action log: in the run open when the action was taken; a retry, or an action taken
 * while no run is open, belongs to the next run that opens (runId stays empty until then).
 */
export async function actionLogRow(
  db: Knex,
  key: CanaryKey,
  action: Omit<ActionRecord, 'type' | 'id' | 'at' | 'runId'> & {
    entityRef: string;
    at: Date;
  },
) {
  return {
    ...key,
    run_id: (await runOfAction(db, key, action.action, action.at)) ?? null,
    entity_ref: action.entityRef,
    action: action.action,
    route: action.route ?? null,
    actor: action.actor,
    reason: action.reason,
    outcome: action.outcome,
    message: action.message,
    at: action.at,
  };
}

/** The outcome a pending action is settled with. */
export type SettledOutcome = Exclude<ActionRecord['outcome'], 'pending'>;

/** An action-log row whose cluster write has no known outcome yet. */
export type PendingAction = {
  id: number;
  key: CanaryKey;
  entityRef: string;
  action: string;
  actor: string;
  reason: string;
  at: string;
  write: ActionWrite;
};

/**
 * The action-log rows of actions whose cluster write is on its way (outcome `pending`, with the
 * write and when it may be settled by another instance). The instance that sends the write
 * finishes them with the cluster's answer; rows left pending past `settle_by` (the answer was lost,
 * or that instance died) are settled by reading the cluster. Finishing a row that is no longer
 * pending changes nothing, so two instances settling at once record one outcome.
 */
export class PendingActionStore {
  private readonly db: Knex;

  constructor(options: { db: Knex }) {
    this.db = options.db;
  }

  /** Stores the pending rows of one action, one per canary it affects; returns their ids. */
  async start(
    keys: CanaryKey[],
    action: {
      entityRef: string;
      action: string;
      route?: string;
      actor: string;
      reason: string;
      message: string;
      write: ActionWrite;
      settleBy: Date;
      at?: Date;
    },
  ): Promise<number[]> {
    const at = action.at ?? new Date();
    const ids: number[] = [];
    for (const key of keys) {
      const [row] = await this.db('rollout_actions')
        .insert({
          ...(await actionLogRow(this.db, key, {
            ...action,
            outcome: 'pending',
            at,
          })),
          pending_write: JSON.stringify(action.write),
          settle_by: action.settleBy,
        })
        .returning('id');
      ids.push(Number(typeof row === 'object' ? row.id : row));
    }
    return ids;
  }

  /**
   * Records the outcome of pending rows; rows already settled are left as they are. Answers how
   * many rows this call settled.
   */
  async finish(
    ids: number[],
    outcome: { outcome: SettledOutcome; message: string },
  ): Promise<number> {
    if (!ids.length) return 0;
    return this.db('rollout_actions')
      .whereIn('id', ids)
      .andWhere({ outcome: 'pending' })
      .update({
        outcome: outcome.outcome,
        message: outcome.message,
        pending_write: null,
        settle_by: null,
      });
  }

  /** Keeps rows pending with a new message, to be settled again after `settleBy`. */
  async postpone(
    ids: number[],
    settleBy: Date,
    message: string,
  ): Promise<void> {
    if (!ids.length) return;
    await this.db('rollout_actions')
      .whereIn('id', ids)
      .andWhere({ outcome: 'pending' })
      .update({ settle_by: settleBy, message });
  }

  /** The pending rows whose time to settle has come, oldest first. */
  async due(now: Date, limit = 100): Promise<PendingAction[]> {
    const rows = await this.db('rollout_actions')
      .where({ outcome: 'pending' })
      .andWhere('settle_by', '<=', now)
      .orderBy('id')
      .limit(limit);
    return rows.map(row => ({
      id: Number(row.id),
      key: { cluster: row.cluster, namespace: row.namespace, name: row.name },
      entityRef: row.entity_ref,
      action: row.action,
      actor: row.actor,
      reason: row.reason,
      at: toIso(row.at),
      write: JSON.parse(row.pending_write) as ActionWrite,
    }));
  }
}
