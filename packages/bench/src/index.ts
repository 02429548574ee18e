/**
 * The Canary backend's benchmarks (`yarn bench` at the repository root); see README.md.
 *
 * @packageDocumentation
 */
import { parseArgs } from 'node:util';
import { benchApiLatency, latencyEntity, parseEntityRef } from './apiLatency';
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
import {
  appIsUp,
  appUrl,
  benchTab,
  chromiumIsInstalled,
  chromiumPath,
} from './tabLatency';

const SUITES = ['api', 'propagation', 'tab', 'store'] as const;
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
      'tab-changes': { type: 'string', default: '20' },
      transitions: { type: 'string', default: '1000000' },
      canaries: { type: 'string', default: '100' },
      repetitions: { type: 'string', default: '20' },
      'prune-days': { type: 'string', default: '14' },
      databases: { type: 'string', default: DATABASES.join(',') },
      entity: { type: 'string', default: latencyEntity },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    log(`Usage: yarn bench [options]
  --only <suites>        ${SUITES.join(',')} (default: all)
  --requests <n>         requests per API latency measurement (default 100)
  --changes <n>          suspend/resume pairs, and Events, for the propagation measurements (default 5)
  --tab-changes <n>      spec.suspend changes, and Events, for each measurement of the tab suite (default 20)
  --transitions <n>      transitions in the store benchmark (default 1000000)
  --canaries <n>         canaries holding them (default 100)
  --repetitions <n>      timed repetitions of each store query (default 20)
  --prune-days <n>       days of the oldest history pruned while the store queries run again (default 14, 0: none)
  --databases <list>     ${DATABASES.join(',')} (default: both)
  --entity <ref>         the entity the api suite reads (default ${latencyEntity}; on a scale lab e.g. component:default/podinfo-001)
The api and propagation suites read the running backend (${backendUrl}, CANARY_BENCH_BACKEND_URL)
and the fleet lab; start both with scripts/serve.sh. The tab suite also needs the app
(${appUrl}, CANARY_BENCH_APP_URL) and Chromium (${chromiumPath}, CANARY_CHROMIUM; installed by
scripts/ensure-chromium.sh): it opens the Canary tab of component:default/checkout as the guest and
times a change of shop/checkout on its cluster until the lane's DOM shows it, and a Kubernetes Event
of it until the timeline's DOM shows it (starting a run of shop/checkout when none is open, and
finishing it afterwards). The store suite needs none of them.`);
    return;
  }
  const suites = listOf('only', values.only!, SUITES);
  const databases = listOf('databases', values.databases!, DATABASES);
  const requests = positiveInt('requests', values.requests!);
  const entity = values.entity!;
  parseEntityRef(entity);
  const changes = positiveInt('changes', values.changes!);
  const tabChanges = positiveInt('tab-changes', values['tab-changes']!);
  const shape = {
    transitions: positiveInt('transitions', values.transitions!),
    canaries: positiveInt('canaries', values.canaries!),
  };
  const repetitions = positiveInt('repetitions', values.repetitions!);
  const pruneDays =
    values['prune-days'] === '0'
      ? 0
      : positiveInt('prune-days', values['prune-days']!);
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
        await benchApiLatency(client, requests, log, entity);
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
  if (suites.includes('tab')) {
    const clusters = labClusters();
    const missing = [
      ...(!clusters ? ['the fleet lab'] : []),
      ...(!(await backendIsUp()) ? [`the backend at ${backendUrl}`] : []),
      ...(!(await appIsUp()) ? [`the app at ${appUrl}`] : []),
      ...(!chromiumIsInstalled() ? [`Chromium at ${chromiumPath}`] : []),
    ];
    if (!clusters || missing.length) {
      log(
        `SKIPPED tab: it needs ${missing.join(
          ', ',
        )}; start the lab, backend and app with \`bash scripts/serve.sh\` (or set CANARY_BENCH_BACKEND_URL and CANARY_BENCH_APP_URL), install Chromium with \`bash scripts/ensure-chromium.sh\` (or set CANARY_CHROMIUM), and run again.\n`,
      );
      skipped = true;
    } else {
      log(
        `\n== Change on a cluster -> open tab in Chromium (${appUrl}), ${tabChanges} spec.suspend changes and ${tabChanges} Events`,
      );
      await benchTab(
        await BackendClient.signIn(),
        clusters.filter(c => c.role === 'member'),
        tabChanges,
        log,
      );
    }
  }
  if (suites.includes('store')) {
    log(`\n== Rollout store timeline`);
    for (const database of databases) {
      await benchStore(
        database === 'sqlite' ? openSqlite : openPostgres,
        shape,
        { repetitions, pruneDays },
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
