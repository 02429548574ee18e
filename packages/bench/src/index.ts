/**
 * The Canary backend's benchmarks (`yarn bench` at the repository root); see README.md.
 *
 * @packageDocumentation
 */
import { parseArgs } from 'node:util';
import { benchApiLatency } from './apiLatency';
import {
  BackendClient,
  backendIsUp,
  backendUrl,
  listeningPid,
  rssMiB,
} from './backend';
import { labClusters } from './lab';
import { benchPropagation, benchRecorderLag } from './propagation';
import { benchStore, openPostgres, openSqlite } from './storeBench';

const SUITES = ['api', 'propagation', 'store'] as const;
const DATABASES = ['sqlite', 'postgres'] as const;

function log(line: string) {
  process.stdout.write(`${line}\n`);
}

function positiveInt(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new Error(`--${name} must be a positive integer, got "${value}"`);
  }
  return n;
}

function listOf<T extends string>(
  name: string,
  value: string,
  allowed: readonly T[],
): T[] {
  const items = value.split(',').filter(Boolean);
  for (const item of items) {
    if (!allowed.includes(item as T)) {
      throw new Error(`--${name} accepts ${allowed.join(', ')}; got "${item}"`);
    }
  }
  return items as T[];
}

function backendRss(label: string) {
  const port = Number(new URL(backendUrl).port || 80);
  const pid = listeningPid(port);
  const rss = pid ? rssMiB(pid) : undefined;
  log(
    rss === undefined
      ? `backend RSS (${label}): not readable (no process of this user listens on :${port})`
      : `backend RSS (${label}): ${rss.toFixed(0)} MiB (pid ${pid})`,
  );
}

async function main() {
  const { values } = parseArgs({
    options: {
      only: { type: 'string', default: SUITES.join(',') },
      requests: { type: 'string', default: '100' },
      changes: { type: 'string', default: '5' },
      transitions: { type: 'string', default: '1000000' },
      canaries: { type: 'string', default: '100' },
      repetitions: { type: 'string', default: '20' },
      databases: { type: 'string', default: DATABASES.join(',') },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    log(`Usage: yarn bench [options]
  --only <suites>        ${SUITES.join(',')} (default: all)
  --requests <n>         requests per API latency measurement (default 100)
  --changes <n>          suspend/resume pairs, and Events, for the propagation measurements (default 5)
  --transitions <n>      transitions in the store benchmark (default 1000000)
  --canaries <n>         canaries holding them (default 100)
  --repetitions <n>      timed repetitions of each store query (default 20)
  --databases <list>     ${DATABASES.join(',')} (default: both)
The api and propagation suites read the running backend (${backendUrl}, CANARY_BENCH_BACKEND_URL)
and the fleet lab; start both with scripts/serve.sh. The store suite needs neither.`);
    return;
  }
  const suites = listOf('only', values.only!, SUITES);
  const databases = listOf('databases', values.databases!, DATABASES);
  const requests = positiveInt('requests', values.requests!);
  const changes = positiveInt('changes', values.changes!);
  const shape = {
    transitions: positiveInt('transitions', values.transitions!),
    canaries: positiveInt('canaries', values.canaries!),
  };
  const repetitions = positiveInt('repetitions', values.repetitions!);
  let skipped = false;

  log(`Canary benchmarks (${new Date().toISOString()})\n`);
  if (suites.includes('api') || suites.includes('propagation')) {
    const clusters = labClusters();
    if (!(await backendIsUp()) || !clusters) {
      log(
        `SKIPPED api, propagation: they need the backend at ${backendUrl} and the fleet lab; start them with \`bash scripts/serve.sh\` (or set CANARY_BENCH_BACKEND_URL) and run again.\n`,
      );
      skipped = true;
    } else {
      const client = await BackendClient.signIn();
      backendRss('before');
      if (suites.includes('api')) {
        log(`\n== Latency, ${requests} sequential requests each, alternating`);
        await benchApiLatency(client, requests, log);
      }
      if (suites.includes('propagation')) {
        log(`\n== Change on a cluster -> API, ${changes} suspend/resume pairs`);
        await benchPropagation(
          client,
          clusters.filter(c => c.role === 'member'),
          changes,
          log,
        );
        log(`\n== Change on a cluster -> recorded timeline, ${changes} Events`);
        await benchRecorderLag(
          client,
          clusters.filter(c => c.role === 'member'),
          changes,
          log,
        );
      }
      backendRss('after');
    }
  }
  if (suites.includes('store')) {
    log(`\n== Rollout store timeline`);
    for (const database of databases) {
      await benchStore(
        database === 'sqlite' ? openSqlite : openPostgres,
        shape,
        repetitions,
        log,
      );
    }
  }
  if (skipped) process.exitCode = 2;
}

main().catch(error => {
  // Database errors quote the whole statement: keep the message readable.
  const text = String(error?.stack ?? error);
  process.stderr.write(
    `[bench] ${text.length > 2000 ? `${text.slice(0, 2000)}...` : text}\n`,
  );
  process.exit(1);
});
