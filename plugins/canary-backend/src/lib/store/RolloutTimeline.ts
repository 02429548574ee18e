import type { Knex } from 'knex';
import type {
  ActionRecord,
  CanaryKey,
  EventRecord,
  Page,
  TimelineItem,
  TransitionRecord,
} from './HistoryTypes';
import { toIso } from './timestamps';
import {
  clampPageLimit,
  decodePageCursor,
  encodePageCursor,
} from './pageCursor';

/** Which page of a canary's timeline to read. */
export type TimelineQuery = {
  /** Only the entries of this run. */
  runId?: number;
  /** Only these kinds: `transition`, `action`, or the kinds of parsed events. */
  kinds?: string[];
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
};

/**
 * Integer columns of the merged timeline rows; the other columns a branch lacks are text. Each
 * branch is a subquery of its own, where PostgreSQL would type a bare null as text, so the nulls
 * are cast to the type the other branches have.
 */
const INTEGER_COLUMNS = [
  'run_id',
  'canary_weight',
  'failed_checks',
  'iterations',
];

/**
 * The timeline of a canary: its transitions, events and action log merged into one list, newest
 * first, in pages. It is the heaviest read of the history (the bench measures it), so it has a
 * class of its own: each of the three tables is read through its (canary, at) or (run, at) index
 * from the cursor on, one page at a time, and only those pages are merged.
 */
export class RolloutTimeline {
  private readonly db: Knex;

  constructor(options: { db: Knex }) {
    this.db = options.db;
  }

  /**
   * The timeline of a canary, newest first: transitions, events and the action log, optionally of
   * one run and of some kinds. The cursor is opaque: pass `nextCursor` back for the next page.
   */
  async timeline(
    key: CanaryKey,
    options: TimelineQuery = {},
  ): Promise<Page<TimelineItem>> {
    const limit = clampPageLimit(options.limit);
    const canary = await this.db('canaries').where(key).first();
    const canaryId: number = canary?.id ?? -1;
    const before = options.cursor
      ? decodePageCursor('timeline', options.cursor)
      : undefined;
    const kinds = options.kinds ?? [];
    const wants = (kind: string) => !kinds.length || kinds.includes(kind);
    const eventKinds = kinds.filter(k => k !== 'transition' && k !== 'action');
    const nulls = (...columns: string[]) =>
      columns.map(column =>
        this.db.raw(
          `cast(null as ${
            INTEGER_COLUMNS.includes(column) ? 'integer' : 'text'
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
}

/** One merged row as the entry of its type. */
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
