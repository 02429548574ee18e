import type { Knex } from 'knex';

/**
 * Rows `prune` deletes per statement. Measured on a store of a million transitions: about 1 ms on
 * PostgreSQL; 20 to 40 ms on a SQLite file, most of it the commit itself (a 1-row delete costs
 * 2 to 25 ms there), so bigger batches would hold SQLite's one connection longer for little.
 */
const PRUNE_BATCH_SIZE = 200;

/** Canaries whose history one batch of `prune` looks at, through the (canary, time) indexes. */
const PRUNE_CANARIES_PER_BATCH = 100;

/**
 * The retention of the rollout history: drops what is older than the configured age. A class of
 * its own because it is the one writer that touches every history table, and the one whose cost
 * has to be bounded (a year of history to drop must not stall the backend's reads).
 */
export class HistoryPruner {
  private readonly db: Knex;

  constructor(options: { db: Knex }) {
    this.db = options.db;
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
}

function groupsOf<T>(items: T[], size: number): T[][] {
  const groups: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    groups.push(items.slice(i, i + size));
  }
  return groups;
}
