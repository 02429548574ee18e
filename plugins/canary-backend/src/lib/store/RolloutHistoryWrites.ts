import type { Knex } from 'knex';
import {
  type Canary,
  type KubernetesEventLike,
  getKuratorRolloutPolicyName,
  parseKubernetesEvent,
} from '@backstage-canary/plugin-canary-common';
import type { ActionRecord, CanaryKey } from './HistoryTypes';
import { toDate } from './timestamps';
import { actionLogRow } from './PendingActionStore';
import { runOfEvent, trackRun } from './runTracking';

/** A Kubernetes Event as the recorder reads it. */
export type StoredEventInput = KubernetesEventLike & {
  metadata: { uid: string; creationTimestamp?: string };
};

type CanaryRow = {
  id: number;
  phase: string | null;
  canary_weight: number | null;
  failed_checks: number | null;
  last_applied_spec: string | null;
};

/**
 * What the recorder and the actions write to the rollout history: canaries with their last
 * snapshot and the runs and transitions their statuses open, Kubernetes Events, the action log and
 * deletions. Kept apart from the reads and from pruning because this is where idempotence lives:
 * a watch that replays an object or an event after a restart or a 410 relist records nothing
 * twice (transitions by fingerprint, events by uid and count), and an Event that arrives before
 * its canary waits in `rollout_pending_events` until the canary is recorded.
 */
export class RolloutHistoryWrites {
  private readonly db: Knex;

  constructor(options: { db: Knex }) {
    this.db = options.db;
  }

  /**
   * Records a canary as observed: updates its snapshot, opens or ends runs and stores a transition
   * when its phase, weight, failed checks or iterations changed, in the run it belongs to.
   * Returns whether a transition was recorded, that run, and whether it was opened now.
   */
  async recordCanary(
    cluster: string,
    canary: Canary,
    observedAt: Date = new Date(),
  ): Promise<{ transition: boolean; runId?: number; newRun: boolean }> {
    const namespace = canary.metadata.namespace ?? 'default';
    const name = canary.metadata.name ?? '';
    const status = canary.status ?? {};
    const phase = status.phase ?? '';
    const weight = status.canaryWeight ?? 0;
    const failedChecks = status.failedChecks ?? 0;
    const revision = status.lastAppliedSpec;
    const at = toDate(status.lastTransitionTime, observedAt);

    return this.db.transaction(async tx => {
      const existing: CanaryRow | undefined = await tx('canaries')
        .where({ cluster, namespace, name })
        .first();
      const row = {
        uid: canary.metadata.uid ?? null,
        kurator_policy: getKuratorRolloutPolicyName(canary) ?? null,
        phase: phase || null,
        canary_weight: weight,
        failed_checks: failedChecks,
        last_applied_spec: revision ?? null,
        snapshot: JSON.stringify(canary),
        resource_version: canary.metadata.resourceVersion ?? null,
        last_seen_at: observedAt,
        deleted_at: null,
      };
      let canaryId: number;
      if (existing) {
        canaryId = existing.id;
        await tx('canaries').where({ id: canaryId }).update(row);
      } else {
        const [inserted] = await tx('canaries')
          .insert({
            cluster,
            namespace,
            name,
            first_seen_at: observedAt,
            ...row,
          })
          .returning('id');
        canaryId = typeof inserted === 'object' ? inserted.id : inserted;
      }

      const run = await trackRun(
        tx,
        { id: canaryId, cluster, namespace, name },
        {
          phase,
          revision: revision ?? '',
          promoted: status.lastPromotedSpec,
          at,
        },
      );
      const runId = run.id;
      const newRun = run.created;
      if (!existing) {
        await this.adoptPendingEvents(
          tx,
          { cluster, namespace, name },
          canaryId,
        );
      }

      if (!phase) return { transition: false, runId, newRun };
      const fingerprint = [
        phase,
        weight,
        failedChecks,
        status.iterations ?? '',
        status.lastTransitionTime ?? '',
      ].join('|');
      const inserted = await tx('rollout_transitions')
        .insert({
          canary_id: canaryId,
          run_id: runId ?? null,
          at,
          phase,
          canary_weight: weight,
          failed_checks: failedChecks,
          iterations: status.iterations ?? null,
          fingerprint,
        })
        .onConflict(['canary_id', 'fingerprint'])
        .ignore()
        .returning('id');
      return { transition: inserted.length > 0, runId, newRun };
    });
  }

  /** Stores the images a run rolls out, when the recorder reads them from the workload. */
  async setRunImages(runId: number, images: string[]): Promise<void> {
    await this.db('rollout_runs')
      .where({ id: runId })
      .update({ images: JSON.stringify(images) });
  }

  /**
   * Records a Kubernetes Event of a canary, parsed into a timeline entry. An event the correlator
   * updated (a higher count) is a new entry; the same uid and count are recorded once.
   */
  async recordEvent(key: CanaryKey, event: StoredEventInput): Promise<boolean> {
    const canary = await this.db('canaries').where(key).first();
    if (!canary) {
      // The canary's own watch has not delivered it yet: keep the Event until it does.
      await this.db('rollout_pending_events')
        .insert({
          ...key,
          event_uid: event.metadata.uid,
          count: event.count ?? 1,
          event: JSON.stringify(event),
          received_at: new Date(),
        })
        .onConflict(['cluster', 'namespace', 'name', 'event_uid', 'count'])
        .ignore();
      return false;
    }
    return insertEvent(this.db, canary.id, event);
  }

  /** Moves the Events that arrived before their canary into its history. */
  private async adoptPendingEvents(
    tx: Knex.Transaction,
    key: CanaryKey,
    canaryId: number,
  ): Promise<void> {
    const pending = await tx('rollout_pending_events').where(key).orderBy('id');
    for (const row of pending) {
      await insertEvent(tx, canaryId, JSON.parse(row.event));
    }
    if (pending.length) {
      await tx('rollout_pending_events').where(key).delete();
    }
  }

  /**
   * Appends an action to the action log, in the run open when it was taken; a retry, or an action
   * taken while no run is open, belongs to the next run that opens.
   */
  async recordAction(
    key: CanaryKey,
    action: Omit<ActionRecord, 'type' | 'id' | 'at' | 'runId'> & {
      entityRef: string;
      at?: Date;
    },
  ): Promise<void> {
    await this.db('rollout_actions').insert(
      await actionLogRow(this.db, key, {
        ...action,
        at: action.at ?? new Date(),
      }),
    );
  }

  /** After a full list of a cluster: marks the canaries it no longer has as deleted. */
  async markMissingDeleted(
    cluster: string,
    present: Canary[],
    at: Date = new Date(),
  ): Promise<void> {
    const names = new Set(
      present.map(
        c => `${c.metadata.namespace ?? 'default'}/${c.metadata.name}`,
      ),
    );
    const rows: Array<{ id: number; namespace: string; name: string }> =
      await this.db('canaries')
        .where({ cluster })
        .whereNull('deleted_at')
        .select('id', 'namespace', 'name');
    const gone = rows
      .filter(r => !names.has(`${r.namespace}/${r.name}`))
      .map(r => r.id);
    if (gone.length) {
      await this.db('canaries').whereIn('id', gone).update({ deleted_at: at });
    }
  }

  /** Marks a canary deleted from its cluster; its history stays. */
  async markDeleted(key: CanaryKey, at: Date = new Date()): Promise<void> {
    await this.db('canaries').where(key).update({ deleted_at: at });
  }
}

/** Stores one Event of a stored canary, in the run it belongs to; false when already stored. */
async function insertEvent(
  db: Knex | Knex.Transaction,
  canaryId: number,
  event: StoredEventInput,
): Promise<boolean> {
  const entry = parseKubernetesEvent(event);
  const at = toDate(entry.timestamp, new Date());
  const runId = await runOfEvent(db, canaryId, at);
  const inserted = await db('rollout_events')
    .insert({
      canary_id: canaryId,
      run_id: runId ?? null,
      event_uid: event.metadata.uid,
      count: event.count ?? 1,
      at,
      type: event.type ?? entry.eventType ?? 'Normal',
      reason: event.reason ?? '',
      message: entry.message,
      kind: entry.kind,
      entry: JSON.stringify(entry),
    })
    .onConflict(['canary_id', 'event_uid', 'count'])
    .ignore()
    .returning('id');
  return inserted.length > 0;
}
