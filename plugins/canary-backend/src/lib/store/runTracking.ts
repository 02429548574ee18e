import type { Knex } from 'knex';
import { CANARY_PHASE } from '@backstage-canary/plugin-canary-common';
import type { CanaryKey } from './HistoryTypes';
import {
  type KnownRun,
  type KnownRuns,
  planRun,
  type RunSight,
} from './runRules';
import { toIso } from './timestamps';

/*
 * The runs of canaries in the database: which run an observed status, an event or an action
 * belongs to, and opening, ending and numbering runs (1, 2, 3 … per canary). What a status does
 * to the runs is decided by `planRun`; a run that opens claims the events of its time and the
 * actions that started it.
 */

/**
 * How far (ms) an event may lie outside a run and still belong to it: Flagger emits "New revision
 * detected" just before it sets the run's transition time, and post-rollout hooks just after the
 * run ends, in cluster times of second precision.
 */
const EVENT_SLACK_MS = 5_000;

type Db = Knex | Knex.Transaction;

type RunRow = {
  id: number;
  revision: string;
  started_at: unknown;
  ended_at: unknown;
};

function toRun(row: RunRow | undefined): KnownRun | undefined {
  if (!row) return undefined;
  return {
    id: Number(row.id),
    revision: row.revision,
    startedAt: new Date(toIso(row.started_at)),
    endedAt: row.ended_at ? new Date(toIso(row.ended_at)) : undefined,
  };
}

function newestFirst(query: Knex.QueryBuilder) {
  return query.orderBy([
    { column: 'started_at', order: 'desc' },
    { column: 'id', order: 'desc' },
  ]);
}

/** The runs of a canary whose span (start to end, or on while open) holds a time. */
function spanning(db: Db, canaryId: number, at: Date) {
  return newestFirst(
    db('rollout_runs')
      .where({ canary_id: canaryId })
      .andWhere('started_at', '<=', at)
      .andWhere(q => q.whereNull('ended_at').orWhere('ended_at', '>=', at)),
  );
}

/**
 * Records what an observed status does to the runs of its canary. Returns the run it belongs to
 * and whether that run was opened now.
 */
export async function trackRun(
  tx: Knex.Transaction,
  canary: CanaryKey & { id: number },
  sight: RunSight,
): Promise<{ id?: number; created: boolean }> {
  const known = await knownRuns(tx, canary.id, sight);
  const plan = planRun(sight, known);
  const { at } = sight;
  if (plan.supersede !== undefined) {
    await endRun(tx, plan.supersede, at, null);
  }
  if (plan.open) {
    const outcome = plan.open.outcome ?? null;
    const id = await openRun(tx, canary, {
      revision: sight.revision,
      at,
      outcome,
      previousEnd: known.latest ? known.latest.endedAt ?? at : undefined,
    });
    return { id, created: true };
  }
  if (plan.run === undefined) return { created: false };
  if (plan.adopt) {
    await tx('rollout_runs')
      .where({ id: plan.run })
      .update({ revision: sight.revision });
  }
  if (plan.end) await endRun(tx, plan.run, at, plan.end);
  return { id: plan.run, created: false };
}

/** The run an event at this time belongs to: the run of its time, else one ending or starting just then. */
export async function runOfEvent(
  db: Db,
  canaryId: number,
  at: Date,
): Promise<number | undefined> {
  const within = await spanning(db, canaryId, at).first('id');
  if (within) return Number(within.id);
  const ms = at.getTime();
  const [before, after] = await Promise.all([
    db('rollout_runs')
      .where({ canary_id: canaryId })
      .andWhere('ended_at', '<', at)
      .andWhere('ended_at', '>=', new Date(ms - EVENT_SLACK_MS))
      .orderBy('ended_at', 'desc')
      .first('id', 'ended_at'),
    db('rollout_runs')
      .where({ canary_id: canaryId })
      .andWhere('started_at', '>', at)
      .andWhere('started_at', '<=', new Date(ms + EVENT_SLACK_MS))
      .orderBy('started_at', 'asc')
      .first('id', 'started_at'),
  ]);
  if (before && after) {
    const gapBefore = ms - Date.parse(toIso(before.ended_at));
    const gapAfter = Date.parse(toIso(after.started_at)) - ms;
    return Number(gapAfter < gapBefore ? after.id : before.id);
  }
  const near = before ?? after;
  return near ? Number(near.id) : undefined;
}

/**
 * The run an action taken at this time belongs to: the run open then. None for a retry, or when
 * no run is open: the action starts the next run, which claims it when it opens.
 */
export async function runOfAction(
  db: Db,
  key: CanaryKey,
  action: string,
  at: Date,
): Promise<number | undefined> {
  if (action === 'retry') return undefined;
  const canary = await db('canaries').where(key).first('id');
  if (!canary) return undefined;
  const run = await spanning(db, canary.id, at).first('id');
  return run ? Number(run.id) : undefined;
}

/** The newest run of a revision of a canary (the run a promote follow-up was given for). */
export async function runOfRevision(
  db: Db,
  key: CanaryKey,
  revision: string,
): Promise<number | undefined> {
  if (!revision) return undefined;
  const run = await db('rollout_runs as r')
    .join('canaries as c', 'c.id', 'r.canary_id')
    .where({
      'c.cluster': key.cluster,
      'c.namespace': key.namespace,
      'c.name': key.name,
      'r.revision': revision,
    })
    .orderBy([
      { column: 'r.started_at', order: 'desc' },
      { column: 'r.id', order: 'desc' },
    ])
    .first('r.id');
  return run ? Number(run.id) : undefined;
}

async function knownRuns(
  tx: Knex.Transaction,
  canaryId: number,
  sight: RunSight,
): Promise<KnownRuns> {
  const runs = () => tx('rollout_runs').where({ canary_id: canaryId });
  const latest = toRun(await newestFirst(runs()).first());
  const own = toRun(
    await spanning(tx, canaryId, sight.at)
      .andWhere({ revision: sight.revision })
      .first(),
  );
  const endedThen = toRun(
    await newestFirst(runs().andWhere('ended_at', '=', sight.at)).first(),
  );
  const spanningRun = toRun(await spanning(tx, canaryId, sight.at).first());
  let latestOnlyWaited = false;
  if (latest && !latest.endedAt) {
    const phases: Array<{ phase: string }> = await tx('rollout_transitions')
      .where({ run_id: latest.id })
      .distinct('phase');
    latestOnlyWaited =
      phases.length > 0 && phases.every(p => p.phase === CANARY_PHASE.Waiting);
  }
  return { latest, latestOnlyWaited, own, endedThen, spanning: spanningRun };
}

/**
 * Opens a run with the next number of its canary. It claims the events of its time recorded
 * before it opened, and the actions nobody claimed since the previous run ended (a retry, or
 * anything done while no run was open): they started it.
 */
async function openRun(
  tx: Knex.Transaction,
  canary: CanaryKey & { id: number },
  run: {
    revision: string;
    at: Date;
    outcome: string | null;
    previousEnd?: Date;
  },
): Promise<number> {
  const { at } = run;
  const last = await tx('rollout_runs')
    .where({ canary_id: canary.id })
    .max('number as number')
    .first();
  const [inserted] = await tx('rollout_runs')
    .insert({
      canary_id: canary.id,
      revision: run.revision,
      number: Number(last?.number ?? 0) + 1,
      started_at: at,
      ended_at: run.outcome ? at : null,
      outcome: run.outcome,
    })
    .returning('id');
  const id = Number(typeof inserted === 'object' ? inserted.id : inserted);

  const slack = (sign: number) =>
    new Date(at.getTime() + sign * EVENT_SLACK_MS);
  const events = tx('rollout_events')
    .where({ canary_id: canary.id })
    .andWhere(q =>
      q
        .where(q2 => q2.whereNull('run_id').andWhere('at', '>=', slack(-1)))
        .orWhere('at', '>=', at),
    );
  if (run.outcome) events.andWhere('at', '<=', slack(1));
  await events.update({ run_id: id });

  const actions = tx('rollout_actions')
    .where({
      cluster: canary.cluster,
      namespace: canary.namespace,
      name: canary.name,
    })
    .whereNull('run_id');
  if (run.previousEnd) actions.andWhere('at', '>=', run.previousEnd);
  await actions.update({ run_id: id });
  return id;
}

/** Ends an open run; events recorded in it while it was open that came after its end leave it. */
async function endRun(
  tx: Knex.Transaction,
  runId: number,
  at: Date,
  outcome: string | null,
): Promise<void> {
  const ended = await tx('rollout_runs')
    .where({ id: runId })
    .whereNull('ended_at')
    .update({ ended_at: at, outcome });
  if (!ended) return;
  await tx('rollout_events')
    .where({ run_id: runId })
    .andWhere('at', '>', new Date(at.getTime() + EVENT_SLACK_MS))
    .update({ run_id: null });
}
