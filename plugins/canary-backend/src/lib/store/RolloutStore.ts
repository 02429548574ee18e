import type { Knex } from 'knex';
import {
  type Canary,
  type KubernetesEventLike,
  getKuratorRolloutPolicyName,
  parseKubernetesEvent,
  type TimelineEntry,
} from '@backstage-canary/plugin-canary-common';
import type {
  ActionRecord,
  CanaryKey,
  EventRecord,
  Page,
  RolloutRun,
  TimelineItem,
  TransitionRecord,
} from './HistoryTypes';
import { toDate, toIso } from './timestamps';
import { decodePageCursor, encodePageCursor } from './pageCursor';
import { FollowUpStore } from './FollowUpStore';
import { actionLogRow, PendingActionStore } from './PendingActionStore';
import { RecordedRolloutReads } from './RecordedRolloutReads';
import { runOfEvent, trackRun } from './runTracking';

/** A Kubernetes Event as the recorder reads it. */
export type StoredEventInput = KubernetesEventLike & {
  metadata: { uid: string; creationTimestamp?: string };
};

/**
 * Rows `prune` deletes per statement. Measured on a store of a million transitions: about 1 ms on
 * PostgreSQL; 20 to 40 ms on a SQLite file, most of it the commit itself (a 1-row delete costs
 * 2 to 25 ms there), so bigger batches would hold SQLite's one connection longer for little.
 */
const PRUNE_BATCH_SIZE = 200;

/** Canaries whose history one batch of `prune` looks at, through the (canary, time) indexes. */
const PRUNE_CANARIES_PER_BATCH = 100;

/** Which halted checks to read: those of one run, or those recorded between two times. */
export type HaltedChecksOf = { runId: number } | { from: Date; to: Date };

type CanaryRow = {
  id: number;
  phase: string | null;
  canary_weight: number | null;
  failed_checks: number | null;
  last_applied_spec: string | null;
};

/**
 * The rollout history in the plugin's database: canaries with their last snapshot, runs (one
 * revision's journey, numbered per canary; see `planRun`), phase/weight transitions, parsed events
 * and the action log, each entry in the run it belongs to. Writes are idempotent, so a watch that
 * replays an object or an event after a restart or a 410 relist records nothing twice.
 */
export class RolloutStore {
  private readonly db: Knex;

  constructor(db: Knex) {
    this.db = db;
    this.followUps = new FollowUpStore(db);
    this.pendingActions = new PendingActionStore(db);
    this.recorded = new RecordedRolloutReads(db);
  }

  /** What the entity's lanes show from the history: runs, promote requests, last snapshots. */
  readonly recorded: RecordedRolloutReads;

  /** Pending follow-ups of rollout actions (a promote's skipAnalysis to clear). */
  readonly followUps: FollowUpStore;

  /** Actions whose cluster write has no known outcome yet. */
  readonly pendingActions: PendingActionStore;

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
   * The recorded halts of a canary's analysis, oldest first: those of one run (the events the run
   * holds, as its timeline shows them), or those recorded between two times, whichever run they
   * belong to.
   */
  async haltedChecks(
    key: CanaryKey,
    which: HaltedChecksOf,
  ): Promise<Array<{ at: string; entry: TimelineEntry }>> {
    const query = this.db('rollout_events as e')
      .join('canaries as c', 'c.id', 'e.canary_id')
      .where({ ...ofCanary(key), 'e.kind': 'halted' })
      .orderBy([
        { column: 'e.at', order: 'asc' },
        { column: 'e.id', order: 'asc' },
      ])
      .select('e.at', 'e.entry');
    if ('runId' in which) {
      query.andWhere('e.run_id', which.runId);
    } else {
      query.andWhere('e.at', '>=', which.from).andWhere('e.at', '<=', which.to);
    }
    const rows = await query;
    return rows.map(row => ({
      at: toIso(row.at),
      entry: JSON.parse(row.entry),
    }));
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

  /** The runs of a canary, newest first. */
  async listRuns(
    key: CanaryKey,
    options: { limit?: number; cursor?: string } = {},
  ): Promise<Page<RolloutRun>> {
    const limit = clampLimit(options.limit);
    const query = this.runsOf(key)
      .orderBy('r.id', 'desc')
      .limit(limit + 1);
    if (options.cursor) {
      const { before } = decodePageCursor('runs', options.cursor);
      query.andWhere('r.id', '<', before);
    }
    const rows = await query;
    const items: RolloutRun[] = rows.slice(0, limit).map(toRolloutRun);
    return {
      items,
      nextCursor:
        rows.length > limit
          ? encodePageCursor('runs', { before: items[items.length - 1].id })
          : undefined,
    };
  }

  /** One run of a canary by its id; none when that id is not a run of this canary. */
  async findRun(
    key: CanaryKey,
    runId: number,
  ): Promise<RolloutRun | undefined> {
    const row = await this.runsOf(key).andWhere('r.id', runId).first();
    return row ? toRolloutRun(row) : undefined;
  }

  private runsOf(key: CanaryKey) {
    return this.db('rollout_runs as r')
      .join('canaries as c', 'c.id', 'r.canary_id')
      .where(ofCanary(key))
      .select('r.*');
  }

  /**
   * The timeline of a canary, newest first: transitions, events and the action log, optionally of
   * one run and of some kinds. The cursor is opaque: pass `nextCursor` back for the next page.
   */
  async timeline(
    key: CanaryKey,
    options: {
      runId?: number;
      kinds?: string[];
      limit?: number;
      cursor?: string;
    } = {},
  ): Promise<Page<TimelineItem>> {
    const limit = clampLimit(options.limit);
    const canary = await this.db('canaries').where(key).first();
    const canaryId: number = canary?.id ?? -1;
    const before = options.cursor
      ? decodePageCursor('timeline', options.cursor)
      : undefined;
    const kinds = options.kinds ?? [];
    const wants = (kind: string) => !kinds.length || kinds.includes(kind);
    const eventKinds = kinds.filter(k => k !== 'transition' && k !== 'action');
    // Typed nulls: each branch is a subquery of its own, where PostgreSQL would type a bare null
    // as text.
    const integers = ['run_id', 'canary_weight', 'failed_checks', 'iterations'];
    const nulls = (...columns: string[]) =>
      columns.map(column =>
        this.db.raw(
          `cast(null as ${
            integers.includes(column) ? 'integer' : 'text'
          }) as ${column}`,
        ),
      );

    const transitions = this.db('rollout_transitions')
      .where({ canary_id: canaryId })
      .select(
        this.db.raw("'transition' as type"),
        'id',
        'run_id',
        'at',
        'phase',
        'canary_weight',
        'failed_checks',
        'iterations',
        ...nulls('event_type', 'reason', 'message', 'entry'),
        ...nulls('action', 'route', 'actor', 'outcome'),
      );
    const events = this.db('rollout_events')
      .where({ canary_id: canaryId })
      .select(
        this.db.raw("'event' as type"),
        'id',
        'run_id',
        'at',
        ...nulls('phase', 'canary_weight', 'failed_checks', 'iterations'),
        'type as event_type',
        'reason',
        'message',
        'entry',
        ...nulls('action', 'route', 'actor', 'outcome'),
      );
    const actions = this.db('rollout_actions')
      .where(key)
      .select(
        this.db.raw("'action' as type"),
        'id',
        'run_id',
        'at',
        ...nulls('phase', 'canary_weight', 'failed_checks', 'iterations'),
        ...nulls('event_type'),
        'reason',
        'message',
        ...nulls('entry'),
        'action',
        'route',
        'actor',
        'outcome',
      );
    if (options.runId !== undefined) {
      transitions.andWhere({ run_id: options.runId });
      events.andWhere({ run_id: options.runId });
      actions.andWhere({ run_id: options.runId });
    }
    if (!wants('transition')) transitions.whereRaw('1 = 0');
    if (!wants('action')) actions.whereRaw('1 = 0');
    if (kinds.length) {
      if (eventKinds.length) events.whereIn('kind', eventKinds);
      else events.whereRaw('1 = 0');
    }

    // Each branch walks its (canary, at) or (run, at) index newest first, from the cursor on, and
    // stops after one page: the merge sorts at most three pages, not the canary's whole history.
    const take = limit + 1;
    const page = (branch: Knex.QueryBuilder, type: string, alias: string) => {
      if (before) {
        // Rows after the cursor in (at desc, type asc, id desc) order, for a branch of one type.
        const at = new Date(before.at);
        if (type > before.type) branch.andWhere('at', '<=', at);
        else if (type < before.type) branch.andWhere('at', '<', at);
        else {
          // The plain bound first: the index range starts at the cursor (an OR alone is only a
          // filter, and the page would read the canary's whole history newer than the cursor).
          branch
            .andWhere('at', '<=', at)
            .andWhere(q =>
              q
                .where('at', '<', at)
                .orWhere(q2 =>
                  q2.where('at', '=', at).andWhere('id', '<', before.id),
                ),
            );
        }
      }
      return this.db.select('*').from(
        branch
          .orderBy([
            { column: 'at', order: 'desc' },
            { column: 'id', order: 'desc' },
          ])
          .limit(take)
          .as(alias),
      );
    };
    const query = this.db
      .queryBuilder()
      .select('*')
      .from(
        page(transitions, 'transition', 'transitions')
          .unionAll(
            [
              page(events, 'event', 'events'),
              page(actions, 'action', 'actions'),
            ],
            false,
          )
          .as('timeline'),
      )
      .orderBy([
        { column: 'at', order: 'desc' },
        { column: 'type', order: 'asc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(take);
    const rows: any[] = await query;
    const items = rows.slice(0, limit).map(toTimelineItem);
    const last = items[items.length - 1];
    return {
      items,
      nextCursor:
        rows.length > limit && last
          ? encodePageCursor('timeline', {
              at: last.at,
              type: last.type,
              id: last.id,
            })
          : undefined,
    };
  }

  /**
   * Deletes runs, transitions and events older than the cutoff, with the action log, the Events
   * still waiting for their canary, done follow-ups and canaries deleted before it (with what is
   * left of their history); returns how many rows went.
   *
   * Deletes in batches of at most `batchSize` rows per statement, each its own transaction, and
   * after each batch waits as long as it took: a year of history to drop never holds SQLite's
   * single writer (and with it every read of the backend's one SQLite connection), or one long
   * PostgreSQL transaction, for longer than a batch takes, and pruning has the database at most
   * about half of the time. Each batch finds its rows through the (canary, time) indexes the
   * timeline reads, a group of canaries at a time, so no batch scans a table.
   */
  async prune(
    olderThan: Date,
    options: { batchSize?: number } = {},
  ): Promise<number> {
    const batchSize = Math.max(
      1,
      Math.floor(options.batchSize ?? PRUNE_BATCH_SIZE),
    );
    let removed = 0;
    const canaryIds = await this.canaryIds(this.db('canaries'));
    for (const ids of groupsOf(canaryIds, PRUNE_CANARIES_PER_BATCH)) {
      removed += await this.deleteInBatches(
        'rollout_transitions',
        query => query.whereIn('canary_id', ids).andWhere('at', '<', olderThan),
        batchSize,
      );
      removed += await this.deleteInBatches(
        'rollout_events',
        query => query.whereIn('canary_id', ids).andWhere('at', '<', olderThan),
        batchSize,
      );
      // A run that ended before the cutoff started before it: the bound on started_at keeps the
      // batch on the (canary_id, started_at) index.
      removed += await this.deleteInBatches(
        'rollout_runs',
        query =>
          query
            .whereIn('canary_id', ids)
            .andWhere('started_at', '<', olderThan)
            .whereNotNull('ended_at')
            .andWhere('ended_at', '<', olderThan),
        batchSize,
      );
    }
    // Events whose canary never came (deleted meanwhile) wait no longer than the history keeps.
    removed += await this.deleteInBatches(
      'rollout_pending_events',
      query => query.where('received_at', '<', olderThan),
      batchSize,
    );
    removed += await this.deleteInBatches(
      'rollout_actions',
      query => query.where('at', '<', olderThan),
      batchSize,
    );
    removed += await this.deleteInBatches(
      'rollout_followups',
      query =>
        query.whereNotNull('done_at').andWhere('done_at', '<', olderThan),
      batchSize,
    );
    // A canary deleted before the cutoff, with what is left of its history: removed here rather
    // than by the foreign keys' cascade, which SQLite connections may not enforce and which
    // PostgreSQL would run in one statement.
    const deleted = await this.canaryIds(
      this.db('canaries')
        .whereNotNull('deleted_at')
        .andWhere('deleted_at', '<', olderThan),
    );
    for (const ids of groupsOf(deleted, PRUNE_CANARIES_PER_BATCH)) {
      for (const table of [
        'rollout_transitions',
        'rollout_events',
        'rollout_runs',
      ]) {
        removed += await this.deleteInBatches(
          table,
          query => query.whereIn('canary_id', ids),
          batchSize,
        );
      }
      removed += await this.deleteInBatches(
        'canaries',
        query => query.whereIn('id', ids),
        batchSize,
      );
    }
    return removed;
  }

  private async canaryIds(query: Knex.QueryBuilder): Promise<number[]> {
    const rows: Array<{ id: number }> = await query.select('id').orderBy('id');
    return rows.map(row => row.id);
  }

  /**
   * Deletes the rows `where` picks, `batchSize` at a time, until a batch comes back short; after
   * each batch that deleted something, waits as long as it took, so that the reads and writes
   * queued behind it (on SQLite, behind its one connection) run before the next.
   */
  private async deleteInBatches(
    table: string,
    where: (query: Knex.QueryBuilder) => Knex.QueryBuilder,
    batchSize: number,
  ): Promise<number> {
    let removed = 0;
    for (;;) {
      const started = Date.now();
      const batch = where(this.db(table).select('id')).limit(batchSize);
      const deleted = await this.db(table).whereIn('id', batch).delete();
      removed += deleted;
      if (deleted) {
        await new Promise(resolve => setTimeout(resolve, Date.now() - started));
      }
      if (deleted < batchSize) return removed;
    }
  }

  /** Where a watch of the recorder resumes. */
  async getCursor(
    cluster: string,
    resource: string,
  ): Promise<string | undefined> {
    const row = await this.db('recorder_cursors')
      .where({ cluster, resource })
      .first();
    return row?.resource_version;
  }

  async setCursor(
    cluster: string,
    resource: string,
    resourceVersion: string,
  ): Promise<void> {
    await this.db('recorder_cursors')
      .insert({
        cluster,
        resource,
        resource_version: resourceVersion,
        updated_at: new Date(),
      })
      .onConflict(['cluster', 'resource'])
      .merge();
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

/** The condition on the joined `canaries as c` that picks one canary. */
function ofCanary(key: CanaryKey) {
  return {
    'c.cluster': key.cluster,
    'c.namespace': key.namespace,
    'c.name': key.name,
  };
}

function toRolloutRun(row: any): RolloutRun {
  return {
    id: row.id,
    number: Number(row.number),
    revision: row.revision,
    images: row.images ? JSON.parse(row.images) : [],
    startedAt: toIso(row.started_at),
    endedAt: row.ended_at ? toIso(row.ended_at) : undefined,
    outcome: row.outcome ?? undefined,
  };
}

function toTimelineItem(row: any): TimelineItem {
  if (row.type === 'transition') {
    const item: TransitionRecord = {
      type: 'transition',
      id: row.id,
      runId: row.run_id ?? undefined,
      at: toIso(row.at),
      phase: row.phase,
      canaryWeight: Number(row.canary_weight),
      failedChecks: Number(row.failed_checks),
      iterations: row.iterations === null ? undefined : Number(row.iterations),
    };
    return item;
  }
  if (row.type === 'action') {
    const item: ActionRecord = {
      type: 'action',
      id: row.id,
      runId: row.run_id ?? undefined,
      at: toIso(row.at),
      action: row.action,
      route: row.route ?? undefined,
      actor: row.actor,
      reason: row.reason,
      outcome: row.outcome,
      message: row.message,
    };
    return item;
  }
  const item: EventRecord = {
    type: 'event',
    id: row.id,
    runId: row.run_id ?? undefined,
    at: toIso(row.at),
    eventType: row.event_type,
    reason: row.reason,
    message: row.message,
    entry: JSON.parse(row.entry),
  };
  return item;
}

function groupsOf<T>(items: T[], size: number): T[][] {
  const groups: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    groups.push(items.slice(i, i + size));
  }
  return groups;
}

function clampLimit(limit: number | undefined): number {
  if (limit === undefined) return 50;
  return Math.max(1, Math.min(500, Math.floor(limit)));
}
