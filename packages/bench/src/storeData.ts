import type { Knex } from 'knex';

/** The shape of the generated history. */
export type HistoryShape = {
  /** Total transitions to insert (spread evenly over the canaries). */
  transitions: number;
  /** How many canaries hold them, across 3 clusters. */
  canaries: number;
};

/** The canary whose timeline the store benchmark reads. */
export const benchKey = {
  cluster: 'kurator-member1',
  namespace: 'webapp',
  name: 'backend-0',
};

const CLUSTERS = ['kurator-member1', 'kurator-member2', 'kurator-member3'];

// One rollout run as Flagger walks it: 10 status changes (the seed walkthrough's healthy run).
const HEALTHY: Array<[string, number]> = [
  ['Initialized', 0],
  ['Progressing', 0],
  ['Progressing', 10],
  ['Progressing', 20],
  ['Progressing', 30],
  ['Progressing', 40],
  ['Progressing', 50],
  ['Promoting', 0],
  ['Finalising', 0],
  ['Succeeded', 0],
];
// Every fifth run fails after reaching weight 20 and halting three times.
const FAILED: Array<[string, number]> = [
  ['Initialized', 0],
  ['Progressing', 0],
  ['Progressing', 10],
  ['Progressing', 20],
  ['Progressing', 20],
  ['Progressing', 20],
  ['Progressing', 20],
  ['Progressing', 0],
  ['Progressing', 0],
  ['Failed', 0],
];
const STEP_MS = 60_000;
const HOUR_MS = 60 * 60_000;
const DAY_MS = 24 * HOUR_MS;
/** A year of history, from 2025-01-01 on. */
const START = Date.UTC(2025, 0, 1);
const YEAR_MS = 365 * DAY_MS;

/** When the generated history begins (its oldest run) and ends, and how far apart a canary's runs are. */
export function historySpan(shape: HistoryShape): {
  start: Date;
  end: Date;
  runEveryMs: number;
} {
  const runsPerCanary = Math.ceil(
    Math.ceil(shape.transitions / shape.canaries) / HEALTHY.length,
  );
  // A year's worth of runs, or runs at least an hour apart when there are more than a year holds.
  const runEveryMs = Math.max(HOUR_MS, Math.floor(YEAR_MS / runsPerCanary));
  return {
    start: new Date(START),
    end: new Date(START + runsPerCanary * runEveryMs),
    runEveryMs,
  };
}

/**
 * Where a canary's runs fall within their slot: spread over the slot (deterministically), so
 * that the canaries do not all roll out in the same minute.
 */
function offsetInSlot(canaryId: number, runEveryMs: number): number {
  const room = Math.max(0, runEveryMs - HEALTHY.length * STEP_MS);
  return Math.floor((((canaryId * 7_919) % 1_000) / 1_000) * room);
}

/**
 * Fills an empty, migrated store with `shape.transitions` transitions: `canaries` canaries, each
 * with runs of 10 transitions spread evenly over a year (at least an hour apart; every fifth run
 * failing), one or two events per run (an "Advance" and, for failed runs, a "Halt"). Rows go in
 * in time order (ids follow time, as the recorder writes them), in one transaction.
 * Returns how many rows of each table went in.
 */
export async function fillStore(
  db: Knex,
  shape: HistoryShape,
  onProgress: (inserted: number) => void = () => {},
): Promise<{
  canaries: number;
  runs: number;
  transitions: number;
  events: number;
}> {
  const perCanary = Math.ceil(shape.transitions / shape.canaries);
  const runsPerCanary = Math.ceil(perCanary / HEALTHY.length);
  const { runEveryMs, end } = historySpan(shape);
  const isPg = db.client.config.client === 'pg';
  const batch = isPg ? 20000 : 2000;
  let transitions = 0;
  let events = 0;
  let runId = 0;
  let transitionId = 0;
  let eventId = 0;

  await withWriter(db, batch, async insert => {
    const canaryRows = Array.from({ length: shape.canaries }, (_, i) => ({
      id: i + 1,
      cluster: CLUSTERS[i % CLUSTERS.length],
      namespace: 'webapp',
      name: `backend-${Math.floor(i / CLUSTERS.length)}`,
      phase: 'Succeeded',
      canary_weight: 0,
      failed_checks: 0,
      snapshot: '{}',
      first_seen_at: new Date(START),
      last_seen_at: end,
    }));
    await insert('canaries', canaryRows);

    let runs: any[] = [];
    let rows: any[] = [];
    let eventRows: any[] = [];
    const flush = async (force: boolean) => {
      if (rows.length < batch && !force) return;
      // Runs before the transitions and events that reference them.
      if (runs.length) await insert('rollout_runs', runs);
      if (rows.length) await insert('rollout_transitions', rows);
      if (eventRows.length) {
        await insert('rollout_events', eventRows);
      }
      transitions += rows.length;
      events += eventRows.length;
      runs = [];
      rows = [];
      eventRows = [];
      onProgress(transitions);
    };

    for (let r = 0; r < runsPerCanary; r++) {
      for (const canary of canaryRows) {
        if (transitions + rows.length >= shape.transitions) break;
        runId++;
        const failed = r % 5 === 4;
        const steps = failed ? FAILED : HEALTHY;
        const startedAt =
          START + r * runEveryMs + offsetInSlot(canary.id, runEveryMs);
        runs.push({
          id: runId,
          canary_id: canary.id,
          number: r + 1,
          revision: `rev-${r}`,
          images: JSON.stringify([`ghcr.io/example/backend:1.${r}.0`]),
          started_at: new Date(startedAt),
          ended_at: new Date(startedAt + (steps.length - 1) * STEP_MS),
          outcome: failed ? 'Failed' : 'Succeeded',
        });
        for (let s = 0; s < steps.length; s++) {
          const [phase, weight] = steps[s];
          const at = new Date(startedAt + s * STEP_MS);
          const failedChecks = failed && s >= 4 && s <= 6 ? s - 3 : 0;
          rows.push({
            id: ++transitionId,
            canary_id: canary.id,
            run_id: runId,
            at,
            phase,
            canary_weight: weight,
            failed_checks: failedChecks,
            iterations: s,
            // As the recorder builds it: phase, weight, checks, iterations, transition time.
            fingerprint: `${phase}|${weight}|${failedChecks}|${s}|${at.toISOString()}`,
          });
        }
        for (const kind of failed ? ['weight', 'halted'] : ['weight']) {
          eventId++;
          const at = new Date(startedAt + 2 * STEP_MS + 1000);
          eventRows.push({
            id: eventId,
            canary_id: canary.id,
            run_id: runId,
            event_uid: `event-${eventId}`,
            count: 1,
            at,
            type: kind === 'halted' ? 'Warning' : 'Normal',
            reason: 'Synced',
            message:
              kind === 'halted'
                ? 'Halt advancement no values found for istio metric request-success-rate probably backend.webapp is not receiving traffic'
                : `Advance backend.webapp canary weight 10`,
            kind,
            entry: JSON.stringify({
              kind,
              message: 'generated by the benchmark',
              timestamp: at.toISOString(),
            }),
          });
        }
        await flush(false);
      }
    }
    await flush(true);
  });
  if (isPg) {
    // Explicit ids leave the sequences behind.
    for (const table of [
      'canaries',
      'rollout_runs',
      'rollout_transitions',
      'rollout_events',
    ]) {
      await db.raw(
        `select setval(pg_get_serial_sequence(?, 'id'), (select max(id) from ??))`,
        [table, table],
      );
    }
  }
  return { canaries: shape.canaries, runs: runId, transitions, events };
}

type Insert = (table: string, rows: object[]) => Promise<void>;

/**
 * Runs `fill` in one transaction with an insert function, as a bulk load does it.
 *
 * - PostgreSQL: `batch` rows per statement as one JSON recordset (no limit on bound parameters,
 *   one parse per batch); the next batch is generated while the server inserts the previous one;
 *   foreign key triggers are off for the transaction (`session_replication_role = replica`) when
 *   the role may do that (the generated rows are consistent by construction).
 * - SQLite: prepared statements on knex's own connection (knex would compile each batch into a
 *   compound SELECT, about ten times slower), with a page cache big enough for the indexes.
 *
 * Dates are bound as knex binds them on each database.
 */
async function withWriter(
  db: Knex,
  batch: number,
  fill: (insert: Insert) => Promise<void>,
): Promise<void> {
  if (db.client.config.client === 'pg') {
    const [{ rolsuper }] = (
      await db.raw('select rolsuper from pg_roles where rolname = current_user')
    ).rows;
    await db.transaction(async tx => {
      if (rolsuper)
        await tx.raw('set local session_replication_role = replica');
      // The statement the server is running while the next batch is generated.
      let running: Promise<unknown> = Promise.resolve();
      await fill(async (table, rows) => {
        for (let i = 0; i < rows.length; i += batch) {
          const chunk = rows.slice(i, i + batch);
          const columns = Object.keys(chunk[0]);
          const next = tx
            .raw(
              `insert into ?? (${columns
                .map(() => '??')
                .join(', ')}) select ${columns
                .map(() => '??')
                .join(', ')} from json_populate_recordset(null::??, ?)`,
              [table, ...columns, ...columns, table, JSON.stringify(chunk)],
            )
            .then(() => undefined);
          // Reported when awaited below or at the end; not an unhandled rejection meanwhile.
          next.catch(() => {});
          await running;
          running = next;
        }
      });
      await running;
    });
    return;
  }
  const connection = await db.client.acquireConnection();
  const statements = new Map<string, any>();
  const cacheSize = connection.pragma('cache_size', { simple: true });
  try {
    // 512 MiB of page cache: the indexes of ten million rows are written all over.
    connection.pragma('cache_size = -524288');
    connection.exec('BEGIN');
    await fill(async (table, rows) => {
      if (!rows.length) return;
      const columns = Object.keys(rows[0]);
      const key = `${table}(${columns.join(',')})`;
      let statement = statements.get(key);
      if (!statement) {
        statement = connection.prepare(
          `insert into "${table}" (${columns
            .map(c => `"${c}"`)
            .join(', ')}) values (${columns.map(() => '?').join(', ')})`,
        );
        statements.set(key, statement);
      }
      for (const row of rows as Array<Record<string, unknown>>) {
        statement.run(
          columns.map(c => {
            const value = row[c];
            return value instanceof Date ? value.valueOf() : value;
          }),
        );
      }
    });
    connection.exec('COMMIT');
  } catch (error) {
    if (connection.inTransaction) connection.exec('ROLLBACK');
    throw error;
  } finally {
    connection.pragma(`cache_size = ${cacheSize}`);
    await db.client.releaseConnection(connection);
  }
}
