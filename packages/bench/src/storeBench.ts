import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
// The store is internal to the plugin (not part of its package API); the benchmark measures the very
// class the recorder and the routes use.
// eslint-disable-next-line @backstage/no-forbidden-package-imports
import { RolloutStore } from '@backstage-canary/plugin-canary-backend/src/lib/store/RolloutStore';
import { repoRoot } from './paths';
import { benchKey, fillStore, type HistoryShape } from './storeData';
import { formatSummary, repeat, summarize, timed, type Summary } from './stats';

const migrations = path.join(
  path.dirname(
    require.resolve('@backstage-canary/plugin-canary-backend/package.json'),
  ),
  'migrations',
);

/** What the store benchmark measured on one database. */
export type StoreResult = {
  database: string;
  insertMs: number;
  rows: { runs: number; transitions: number; events: number };
  firstPage: Summary;
  deepPage: Summary;
  deepPageDepth: number;
  filteredByKind: Summary;
  filteredByRun: Summary;
};

/** Opens a fresh SQLite file outside the repository. */
export async function openSqlite(): Promise<{
  db: Knex;
  label: string;
  cleanup: () => Promise<void>;
}> {
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
}

/**
 * Opens a fresh database on the local PostgreSQL: `CANARY_BENCH_POSTGRES_URL`, else the server of
 * scripts/postgres.sh (started if needed).
 */
export async function openPostgres(): Promise<{
  db: Knex;
  label: string;
  cleanup: () => Promise<void>;
}> {
  const url =
    process.env.CANARY_BENCH_POSTGRES_URL ??
    execFileSync(
      'bash',
      [path.join(repoRoot(), 'scripts/postgres.sh'), 'start'],
      {
        encoding: 'utf8',
      },
    ).trim();
  const database = 'canary_bench';
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
  return {
    db,
    label: 'PostgreSQL',
    cleanup: async () => {
      await db.destroy();
      await admin.raw('drop database if exists ??', [database]);
      await admin.destroy();
    },
  };
}

/**
 * Migrates a fresh database with the plugin's migrations, fills it with `shape`, then times the
 * timeline of one canary through RolloutStore: the first page, a deep page (reached by following
 * the cursor), a page filtered by kind and a page of one run.
 */
export async function benchStore(
  open: () => Promise<{
    db: Knex;
    label: string;
    cleanup: () => Promise<void>;
  }>,
  shape: HistoryShape,
  repetitions: number,
  log: (line: string) => void,
): Promise<StoreResult> {
  const { db, label, cleanup } = await open();
  try {
    await db.migrate.latest({ directory: migrations });
    log(
      `${label}: inserting ${shape.transitions.toLocaleString(
        'en',
      )} transitions over ${shape.canaries} canaries...`,
    );
    let lastReport = 0;
    const insert = await timed(() =>
      fillStore(db, shape, done => {
        if (done - lastReport >= 250_000) {
          lastReport = done;
          log(`  ${done.toLocaleString('en')} transitions`);
        }
      }),
    );
    // Fresh statistics, as autovacuum (PostgreSQL) or a maintenance run would have.
    await db.raw('analyze');
    const rows = insert.value;
    log(
      `  inserted ${rows.transitions.toLocaleString(
        'en',
      )} transitions, ${rows.runs.toLocaleString(
        'en',
      )} runs, ${rows.events.toLocaleString('en')} events in ${(
        insert.ms / 1000
      ).toFixed(1)} s`,
    );

    const store = new RolloutStore(db);
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
    const someRun = (first.items.find(i => i.type === 'transition') as any)
      ?.runId;

    const result: StoreResult = {
      database: label,
      insertMs: insert.ms,
      rows,
      deepPageDepth: depth,
      firstPage: summarize(
        await repeat(
          repetitions,
          () => store.timeline(benchKey, { limit: 50 }),
          2,
        ),
      ),
      deepPage: summarize(
        await repeat(
          repetitions,
          () => store.timeline(benchKey, { limit: 50, cursor: deepCursor }),
          2,
        ),
      ),
      filteredByKind: summarize(
        await repeat(
          repetitions,
          () => store.timeline(benchKey, { limit: 50, kinds: ['halted'] }),
          2,
        ),
      ),
      filteredByRun: summarize(
        await repeat(
          repetitions,
          () => store.timeline(benchKey, { limit: 50, runId: someRun }),
          2,
        ),
      ),
    };
    log(
      formatSummary(`  ${label} timeline, first page (50)`, result.firstPage),
    );
    log(
      formatSummary(
        `  ${label} timeline, page at depth ${depth} (cursor)`,
        result.deepPage,
      ),
    );
    log(
      formatSummary(
        `  ${label} timeline, kind=halted (50)`,
        result.filteredByKind,
      ),
    );
    log(formatSummary(`  ${label} timeline, one run`, result.filteredByRun));
    return result;
  } finally {
    await cleanup();
  }
}
