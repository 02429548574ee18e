import type { Knex } from 'knex';
import {
  type Canary,
  type RolloutOperation,
  runOutcomeOf,
} from '@backstage-canary/plugin-canary-common';
import type { CanaryKey } from './HistoryTypes';
import { toIso } from './timestamps';
import { runOfRevision } from './runTracking';

/** One canary run a follow-up waits for. */
export type FollowUpTarget = CanaryKey & {
  /** `status.lastAppliedSpec` of the run the action was given for. */
  revision: string;
  endedAt?: string;
};

/** A follow-up of a rollout action: the operation that undoes it once its run is over. */
export type FollowUp = {
  id: number;
  action: string;
  route: string;
  entityRef: string;
  actor: string;
  /** Where the operation is applied (the Kurator host cluster for a policy patch). */
  cluster: string;
  operation: RolloutOperation;
  /** Failed attempts so far; a follow-up is tried until it is done, without a cap. */
  attempts: number;
  /** Background work does not try it again before this time (backoff after a failure). */
  nextAttemptAt?: string;
  /** Why the last attempt failed. */
  lastError?: string;
  targets: FollowUpTarget[];
};

/** A stored follow-up, and whether this call stored it (false: one was already pending). */
export type FollowUpIntent = { id: number; created: boolean };

/** What the action log shows for a follow-up: who it is done for, and its state in words. */
export type FollowUpLogEntry = { reason: string; message: string };

type FollowUpRow = {
  id: number;
  action: string;
  route: string;
  entity_ref: string;
  actor: string;
  cluster: string;
  operation: string;
  attempts: number;
  next_attempt_at: unknown;
  last_error: string | null;
};

const FOLLOW_UP_ACTOR = 'canary-backend';

/**
 * Pending follow-ups of rollout actions in the plugin's database, so they survive a restart: a
 * promote's `skipAnalysis` is cleared once every canary run it was given for has ended. A
 * follow-up is stored as an intent before the action writes the cluster, and has a row in the
 * action log of every canary it waits for while it is pending (outcome `unchanged` while it
 * waits, `failed` after a failed attempt); when it is done, that row is replaced by its outcome.
 */
export class FollowUpStore {
  private readonly db: Knex;

  constructor(options: { db: Knex }) {
    this.db = options.db;
  }

  /**
   * Records a follow-up for the given runs, with its pending row in the action log of each, in one
   * transaction. Idempotent: when a pending follow-up of the same action already waits for the same
   * first run, it is returned (`created: false`) and nothing is added.
   */
  async add(
    followUp: Omit<FollowUp, 'id' | 'attempts' | 'nextAttemptAt' | 'lastError'>,
    log: FollowUpLogEntry,
    at: Date = new Date(),
  ): Promise<FollowUpIntent> {
    return this.db.transaction(async tx => {
      const first = followUp.targets[0];
      const existing = await tx('rollout_followups as f')
        .join('rollout_followup_targets as t', 't.followup_id', 'f.id')
        .whereNull('f.done_at')
        .where({
          'f.action': followUp.action,
          't.cluster': first.cluster,
          't.namespace': first.namespace,
          't.name': first.name,
          't.revision': first.revision,
        })
        .first('f.id');
      if (existing) return { id: Number(existing.id), created: false };
      const [inserted] = await tx('rollout_followups')
        .insert({
          action: followUp.action,
          route: followUp.route,
          entity_ref: followUp.entityRef,
          actor: followUp.actor,
          cluster: followUp.cluster,
          operation: JSON.stringify(followUp.operation),
          created_at: at,
          attempts: 0,
        })
        .returning('id');
      const id = Number(typeof inserted === 'object' ? inserted.id : inserted);
      // Where the recorder already holds the canary at the promoted revision, every later sight
      // is newer; otherwise the recorder lags, and sights of other revisions are older ones.
      const targets = [];
      for (const target of followUp.targets) {
        const row = await tx('canaries')
          .where({
            cluster: target.cluster,
            namespace: target.namespace,
            name: target.name,
          })
          .first('snapshot');
        const recorded = row
          ? (JSON.parse(row.snapshot) as Canary).status?.lastAppliedSpec ?? ''
          : undefined;
        targets.push({
          followup_id: id,
          cluster: target.cluster,
          namespace: target.namespace,
          name: target.name,
          revision: target.revision,
          seen_at: recorded === target.revision ? at : null,
        });
      }
      await tx('rollout_followup_targets').insert(targets);
      // Each row is in the promoted run; one the recorder has not seen yet claims it when it opens.
      const runIds = await Promise.all(
        followUp.targets.map(target =>
          runOfRevision(tx, target, target.revision),
        ),
      );
      await tx('rollout_actions').insert(
        actionRows(followUp, log, 'unchanged', at, id, runIds),
      );
      return { id, created: true };
    });
  }

  /**
   * Removes a follow-up whose action was not applied (the cluster refused the write), with its
   * pending rows. Done follow-ups are kept.
   */
  async cancel(id: number): Promise<void> {
    await this.db.transaction(async tx => {
      const deleted = await tx('rollout_followups')
        .where({ id })
        .whereNull('done_at')
        .delete();
      if (!deleted) return;
      await tx('rollout_followup_targets').where({ followup_id: id }).delete();
      await tx('rollout_actions').where({ followup_id: id }).delete();
    });
  }

  /**
   * Marks the runs of a canary that are over: the canary ended the promoted run (Succeeded or
   * Failed at the promoted revision), moved on to another revision after the promoted one was seen,
   * or is gone. A sight of another revision before the promoted one is an older state the
   * recorder delivers late, and ends nothing.
   * Returns the pending follow-ups whose runs are now all over.
   */
  async observe(
    key: CanaryKey,
    state: { phase?: string; revision?: string; gone?: boolean },
    at: Date = new Date(),
  ): Promise<FollowUp[]> {
    const targets = await this.db('rollout_followup_targets as t')
      .join('rollout_followups as f', 't.followup_id', 'f.id')
      .whereNull('f.done_at')
      .whereNull('t.ended_at')
      .where({
        't.cluster': key.cluster,
        't.namespace': key.namespace,
        't.name': key.name,
      })
      .select('t.followup_id', 't.revision', 't.seen_at');
    const over = [];
    for (const target of targets) {
      const promoted =
        target.revision === '' || state.revision === target.revision;
      if (promoted && !target.seen_at && !state.gone) {
        await this.db('rollout_followup_targets')
          .where({ followup_id: target.followup_id, ...key })
          .update({ seen_at: at });
      }
      // The recorder's sights arrive in order, but may lag behind the promote: a sight of another
      // revision ends the run only after the promoted revision was seen (it is then a newer one).
      if (
        state.gone ||
        (promoted && runOutcomeOf(state.phase) !== undefined) ||
        (!promoted && target.seen_at)
      ) {
        over.push(target);
      }
    }
    for (const target of over) {
      await this.db('rollout_followup_targets')
        .where({ followup_id: target.followup_id, ...key })
        .whereNull('ended_at')
        .update({ ended_at: at });
    }
    return (await this.pending()).filter(followUp =>
      followUp.targets.every(target => target.endedAt),
    );
  }

  /** The pending follow-ups, optionally only those waiting for a run of one canary. */
  async pending(key?: CanaryKey): Promise<FollowUp[]> {
    let query = this.db<FollowUpRow>('rollout_followups as f').whereNull(
      'f.done_at',
    );
    if (key) {
      query = query.whereExists(
        this.db('rollout_followup_targets as t')
          .whereRaw('t.followup_id = f.id')
          .where({
            't.cluster': key.cluster,
            't.namespace': key.namespace,
            't.name': key.name,
          }),
      );
    }
    const rows: FollowUpRow[] = await query
      .orderBy('f.id', 'asc')
      .select('f.*');
    if (!rows.length) return [];
    const targets = await this.db('rollout_followup_targets').whereIn(
      'followup_id',
      rows.map(row => row.id),
    );
    return rows.map(row => ({
      id: Number(row.id),
      action: row.action,
      route: row.route,
      entityRef: row.entity_ref,
      actor: row.actor,
      cluster: row.cluster,
      operation: JSON.parse(row.operation),
      attempts: Number(row.attempts),
      nextAttemptAt: row.next_attempt_at
        ? toIso(row.next_attempt_at)
        : undefined,
      lastError: row.last_error ?? undefined,
      targets: targets
        .filter(target => Number(target.followup_id) === Number(row.id))
        .map(target => ({
          cluster: target.cluster,
          namespace: target.namespace,
          name: target.name,
          revision: target.revision,
          endedAt: target.ended_at ? toIso(target.ended_at) : undefined,
        })),
    }));
  }

  /**
   * Marks a follow-up done and replaces its pending rows in the action log with its outcome.
   * Returns false when it was already done (another instance or an earlier call finished it), so
   * the caller reports it once only.
   */
  async complete(
    followUp: FollowUp,
    outcome: 'succeeded' | 'unchanged' | 'failed',
    log: FollowUpLogEntry,
    at: Date = new Date(),
  ): Promise<boolean> {
    return this.db.transaction(async tx => {
      const updated = await tx('rollout_followups')
        .where({ id: followUp.id })
        .whereNull('done_at')
        .update({ done_at: at, outcome, message: log.message });
      if (!updated) return false;
      // The outcome stays in the run each pending row was in: the run the follow-up was for.
      const pending: Array<CanaryKey & { run_id: number | null }> = await tx(
        'rollout_actions',
      )
        .where({ followup_id: followUp.id })
        .select('cluster', 'namespace', 'name', 'run_id');
      const runIds = await Promise.all(
        followUp.targets.map(
          async target =>
            pending.find(
              row =>
                row.cluster === target.cluster &&
                row.namespace === target.namespace &&
                row.name === target.name,
            )?.run_id ?? runOfRevision(tx, target, target.revision),
        ),
      );
      await tx('rollout_actions').where({ followup_id: followUp.id }).delete();
      await tx('rollout_actions').insert(
        actionRows(followUp, log, outcome, at, null, runIds),
      );
      return true;
    });
  }

  /**
   * Records a failed attempt: counts it, keeps the error, sets when background work tries again,
   * and shows it on the follow-up's pending rows. Returns the number of failed attempts.
   */
  async recordFailure(
    id: number,
    failure: { error: string; nextAttemptAt: Date; message: string },
    at: Date = new Date(),
  ): Promise<number> {
    return this.db.transaction(async tx => {
      await tx('rollout_followups')
        .where({ id })
        .whereNull('done_at')
        .update({
          attempts: tx.raw('attempts + 1'),
          last_attempt_at: at,
          next_attempt_at: failure.nextAttemptAt,
          last_error: failure.error,
        });
      await tx('rollout_actions')
        .where({ followup_id: id })
        .update({ outcome: 'failed', message: failure.message, at });
      const row = await tx('rollout_followups').where({ id }).first('attempts');
      return Number(row?.attempts ?? 0);
    });
  }

  /** The last snapshot the recorder stored of a canary: 'gone' when deleted, undefined when unknown. */
  async snapshot(key: CanaryKey): Promise<Canary | 'gone' | undefined> {
    const row = await this.db('canaries')
      .where(key)
      .first('snapshot', 'deleted_at');
    if (!row) return undefined;
    if (row.deleted_at) return 'gone';
    return JSON.parse(row.snapshot) as Canary;
  }
}

/** The action-log rows of a follow-up: one per canary it waits for, in the run of each. */
function actionRows(
  followUp: Pick<FollowUp, 'action' | 'route' | 'entityRef' | 'targets'>,
  log: FollowUpLogEntry,
  outcome: string,
  at: Date,
  followUpId: number | null,
  runIds: Array<number | null | undefined>,
) {
  return followUp.targets.map((target, index) => ({
    cluster: target.cluster,
    namespace: target.namespace,
    name: target.name,
    entity_ref: followUp.entityRef,
    action: followUp.action,
    route: followUp.route,
    actor: FOLLOW_UP_ACTOR,
    reason: log.reason,
    outcome,
    message: log.message,
    at,
    followup_id: followUpId,
    run_id: runIds[index] ?? null,
  }));
}
