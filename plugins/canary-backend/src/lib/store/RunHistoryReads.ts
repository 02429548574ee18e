import type { Knex } from 'knex';
import type { TimelineEntry } from '@backstage-canary/plugin-canary-common';
import type { CanaryKey, Page, RolloutRun } from './HistoryTypes';
import { toIso } from './timestamps';
import {
  clampPageLimit,
  decodePageCursor,
  encodePageCursor,
} from './pageCursor';

/** Which halted checks to read: those of one run, or those recorded between two times. */
export type HaltedChecksOf = { runId: number } | { from: Date; to: Date };

/**
 * Reads of a canary's recorded runs as the API, the metrics and a rollback see them: the runs in
 * pages, one run by id, and the halts of analysis within a run or a time span. Apart from the
 * timeline because these read runs (or one kind of event) by the canary's key, never merge tables,
 * and serve other callers than the timeline's.
 */
export class RunHistoryReads {
  private readonly db: Knex;

  constructor(options: { db: Knex }) {
    this.db = options.db;
  }

  /** The runs of a canary, newest first. */
  async listRuns(
    key: CanaryKey,
    options: { limit?: number; cursor?: string } = {},
  ): Promise<Page<RolloutRun>> {
    const limit = clampPageLimit(options.limit);
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
