import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
// The store the recorder and the routes use, through the plugin's testing entry point.
import {
  createRolloutStoreForBenchmark,
  type BenchmarkRolloutStore,
} from '@backstage-canary/plugin-canary-backend/testing';
import { repoRoot } from './paths';
import {
  benchKey,
  fillStore,
  historySpan,
  type HistoryShape,
} from './storeData';
import {
  formatSummary,
  now,
  repeat,
  sleep,
  summarize,
  timed,
  type Summary,
} from './stats';

const migrations = path.join(
  path.dirname(
    require.resolve('@backstage-canary/plugin-canary-backend/package.json'),
  ),
  'migrations',
);

/** The timed timeline queries, in the order they are printed. */
const QUERIES = [
  'firstPage',
  'deepPage',
  'filteredByKind',
  'filteredByRun',
] as const;
type QueryName = (typeof QUERIES)[number];

/** What the store benchmark measured on one database. */
export type StoreResult = {
  database: string;
  insertMs: number;
  /** ANALYZE (SQLite) or VACUUM ANALYZE (PostgreSQL) after the fill. */
  statisticsMs: number;
  rows: { runs: number; transitions: number; events: number };
  deepPageDepth: number;
  /** The timeline queries on a quiet store. */
  quiet: Record<QueryName, Summary>;
  /** The same queries, round robin, while `prune` removes the oldest days beside them. */
  whilePruning?: Record<QueryName, Summary>;
  pruning?: { days: number; calls: number; removed: number; ms: number };
};

/** How the store benchmark runs. */
export type StoreOptions = {
  /** Timed repetitions of each query on the quiet store. */
  repetitions: number;
  /** Days of the oldest history `prune` removes (one day per call) while the queries run again; 0 for none. */
  pruneDays: number;
};

type OpenDatabase = () => Promise<{
  db: Knex;
  label: string;
  cleanup: () => Promise<void>;
}>;

/**
 * Opens a fresh SQLite file outside the repository, as the backend opens its better-sqlite3
 * database: knex's defaults (one connection, rollback journal).
 */
export const openSqlite: OpenDatabase = async () => {
  const file = path.join(
    fs.mkdtempSync(path.join(os.tmpdir(), 'canary-bench-')),
    'store.sqlite',
  );
  const db = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: file },
    useNullAsDefault: true,
  });
  return {
    db,
    label: 'SQLite (file)',
    cleanup: async () => {
      await db.destroy();
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    },
  };
};

/**
 * Opens a fresh database on the local PostgreSQL: `CANARY_BENCH_POSTGRES_URL`, else the server of
 * scripts/postgres.sh (started if needed). The database is `CANARY_BENCH_POSTGRES_DATABASE`
 * (default `canary_bench`), created for the run and dropped after it.
 */
export const openPostgres: OpenDatabase = async () => {
  const url =
    process.env.CANARY_BENCH_POSTGRES_URL ??
    execFileSync(
      'bash',
      [path.join(repoRoot(), 'scripts/postgres.sh'), 'start'],
      {
        encoding: 'utf8',
      },
    ).trim();
  const database = process.env.CANARY_BENCH_POSTGRES_DATABASE || 'canary_bench';
  const withDatabase = (name: string) => {
    const u = new URL(url);
    u.pathname = `/${name}`;
    return u.toString();
  };
  const admin = knexFactory({
    client: 'pg',
    connection: withDatabase('postgres'),
  });
  await admin.raw('drop database if exists ??', [database]);
  await admin.raw('create database ??', [database]);
  const db = knexFactory({
    client: 'pg',
    connection: withDatabase(database),
  });
  const version = (await db.raw('show server_version')).rows[0]
    .server_version as string;
  return {
    db,
    label: `PostgreSQL ${version.split(' ')[0]}`,
    cleanup: async () => {
      await db.destroy();
      await admin.raw('drop database if exists ??', [database]);
      await admin.destroy();
    },
  };
};

const DAY_MS = 24 * 60 * 60 * 1000;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const count = (n: number) => n.toLocaleString('en');

/**
 * Migrates a fresh database with the plugin's migrations, fills it with `shape`, then times the
 * timeline of one canary through RolloutStore: the first page, a deep page (reached by following
 * the cursor), a page filtered by kind and a page of one run; then the same queries again while
 * `prune` removes the oldest `pruneDays` days of history, a day per call, on the same connection
 * pool (as the backend's retention task runs beside the routes).
 */
export async function benchStore(
  open: OpenDatabase,
  shape: HistoryShape,
  options: StoreOptions,
  log: (line: string) => void,
): Promise<StoreResult> {
  const { db, label, cleanup } = await open();
  try {
    await db.migrate.latest({ directory: migrations });
    const span = historySpan(shape);
    log(
      `${label}: inserting ${count(shape.transitions)} transitions over ${
        shape.canaries
      } canaries, ${span.start.toISOString().slice(0, 10)} to ${span.end
        .toISOString()
        .slice(0, 10)}...`,
    );
    const every = Math.max(250_000, Math.round(shape.transitions / 10));
    let lastReport = 0;
    const fillStarted = now();
    const insert = await timed(() =>
      fillStore(db, shape, done => {
        if (done - lastReport >= every) {
          lastReport = done;
          log(`  ${count(done)} transitions (${seconds(now() - fillStarted)})`);
        }
      }),
    );
    const rows = insert.value;
    log(
      `  inserted ${count(rows.transitions)} transitions, ${count(
        rows.runs,
      )} runs, ${count(rows.events)} events in ${seconds(insert.ms)}`,
    );
    // Fresh statistics (and, on PostgreSQL, a vacuumed table), as autovacuum or a maintenance run
    // would have left a year-old store.
    const isPg = db.client.config.client === 'pg';
    const statistics = await timed(() =>
      db.raw(isPg ? 'vacuum analyze' : 'analyze'),
    );
    log(
      `  ${isPg ? 'vacuum analyze' : 'analyze'} in ${seconds(statistics.ms)}`,
    );

    const store = createRolloutStoreForBenchmark({ db });
    const first = await store.timeline(benchKey, { limit: 50 });
    if (first.items.length !== 50) {
      throw new Error(
        `the first page has ${first.items.length} items, expected 50`,
      );
    }
    // Follow the cursor 20 pages of 500 down (about 10,000 items, the canary's oldest runs).
    let cursor = first.nextCursor;
    let depth = first.items.length;
    for (let i = 0; i < 20 && cursor; i++) {
      const page = await store.timeline(benchKey, { limit: 500, cursor });
      depth += page.items.length;
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    const deepCursor = cursor;
    const deepItems = (
      await store.timeline(benchKey, { limit: 50, cursor: deepCursor })
    ).items;
    const someRun = (first.items.find(i => i.type === 'transition') as any)
      ?.runId;

    const queries: Record<QueryName, () => Promise<unknown>> = {
      firstPage: () => store.timeline(benchKey, { limit: 50 }),
      deepPage: () =>
        store.timeline(benchKey, { limit: 50, cursor: deepCursor }),
      filteredByKind: () =>
        store.timeline(benchKey, { limit: 50, kinds: ['halted'] }),
      filteredByRun: () =>
        store.timeline(benchKey, { limit: 50, runId: someRun }),
    };
    const labels: Record<QueryName, string> = {
      firstPage: 'first page (50)',
      deepPage: `page at depth ${depth} (cursor)`,
      filteredByKind: 'kind=halted (50)',
      filteredByRun: 'one run',
    };
    const print = (summaries: Record<QueryName, Summary>, when: string) => {
      for (const name of QUERIES) {
        log(
          formatSummary(
            `  ${label} timeline, ${labels[name]}${when}`,
            summaries[name],
          ),
        );
      }
    };

    const quiet = {} as Record<QueryName, Summary>;
    for (const name of QUERIES) {
      quiet[name] = summarize(
        await repeat(options.repetitions, queries[name], 2),
      );
    }
    print(quiet, '');
    const result: StoreResult = {
      database: label,
      insertMs: insert.ms,
      statisticsMs: statistics.ms,
      rows,
      deepPageDepth: depth,
      quiet,
    };
    if (options.pruneDays > 0) {
      const pruneTo = new Date(
        span.start.getTime() + options.pruneDays * DAY_MS,
      );
      const deepest = deepItems[deepItems.length - 1]?.at;
      if (deepest && new Date(deepest) < pruneTo) {
        log(
          `  note: pruning up to ${pruneTo.toISOString()} removes the deep page's items (at ${deepest}); fewer --prune-days keeps it`,
        );
      }
      const { whilePruning, pruning } = await readWhilePruning(
        store,
        queries,
        span.start,
        options.pruneDays,
      );
      log(
        `  pruning the oldest ${options.pruneDays} days (${
          pruning.calls
        } prune calls, one day each): removed ${count(
          pruning.removed,
        )} rows in ${seconds(pruning.ms)} (${count(
          Math.round(pruning.removed / (pruning.ms / 1000)),
        )} rows/s), while the queries below ran round robin`,
      );
      print(whilePruning, ', while pruning');
      result.whilePruning = whilePruning;
      result.pruning = pruning;
    }
    return result;
  } finally {
    await cleanup();
  }
}

/**
 * Prunes the oldest `days` days of history, one day more per `prune` call, and meanwhile runs the
 * queries round robin, each after a random pause, until the pruning ends; returns their timings
 * and what pruning did.
 */
async function readWhilePruning(
  store: BenchmarkRolloutStore,
  queries: Record<QueryName, () => Promise<unknown>>,
  start: Date,
  days: number,
): Promise<{
  whilePruning: Record<QueryName, Summary>;
  pruning: NonNullable<StoreResult['pruning']>;
}> {
  let pruningDone = false;
  const pruning = (async () => {
    const started = now();
    let removed = 0;
    let calls = 0;
    for (let day = 1; day <= days; day++) {
      removed += await store.prune(new Date(start.getTime() + day * DAY_MS));
      calls += 1;
    }
    return { days, calls, removed, ms: now() - started };
  })().finally(() => {
    pruningDone = true;
  });
  // Reported when awaited below; not an unhandled rejection while the reads finish their round.
  pruning.catch(() => {});
  const samples = Object.fromEntries(
    QUERIES.map(name => [name, [] as number[]]),
  ) as Record<QueryName, number[]>;
  do {
    for (const name of QUERIES) {
      // Reads arrive as requests do, at random moments (0 to 10 ms apart), not back to back: a
      // read that comes while a batch of the pruning holds the database waits for it.
      await sleep(Math.random() * 10);
      samples[name].push((await timed(queries[name])).ms);
    }
  } while (!pruningDone);
  const done = await pruning;
  const whilePruning = {} as Record<QueryName, Summary>;
  for (const name of QUERIES) whilePruning[name] = summarize(samples[name]);
  return { whilePruning, pruning: done };
}
