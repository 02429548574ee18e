import { execFile } from 'child_process';
import fs from 'fs';
import path from 'path';
import { promisify } from 'util';
import { expect, test } from '@playwright/test';
import { adminGet, adminWatch, eventually, labCluster } from './lab';
import {
  backendGuestToken,
  type BackendProcess,
  killBackend,
  recordsHistory,
  repoRoot,
  startBackend,
  stopBackend,
} from './backendProcess';

// Two backend instances on one PostgreSQL database, as a horizontally scaled Backstage runs: one
// records the history, holding the recorder's lease. It is killed with SIGKILL while shop/checkout
// rolls out; the other takes the lease over and records the rest of the run. What the store holds
// is compared with every status change of the canary seen by a watch of the cluster itself: no
// transition lost, none twice.
const workDir = path.join(repoRoot, '.lab', 'failover-test');
const member = 'kurator-member1';
const canaryPath =
  '/apis/flagger.app/v1beta1/namespaces/shop/canaries/checkout';
const rolloutPath = `/api/canary/entities/component/default/checkout/rollouts/${member}/shop/checkout`;
const run = promisify(execFile);

function lab(...args: string[]) {
  return run('yarn', ['lab', ...args], { cwd: repoRoot, timeout: 120_000 });
}

/**
 * The tests' PostgreSQL: the one scripts/test.sh started for the Jest suites, or else started here
 * (scripts/postgres.sh is idempotent and prints its URL).
 */
async function postgresUrl(): Promise<string> {
  const started =
    process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
  if (started) return started;
  const { stdout } = await run('bash', ['scripts/postgres.sh', 'start'], {
    cwd: repoRoot,
    timeout: 300_000,
  });
  return stdout.trim().split('\n').pop()!;
}

type Status = {
  phase?: string;
  canaryWeight?: number;
  failedChecks?: number;
  iterations?: number;
  lastTransitionTime?: string;
  lastAppliedSpec?: string;
};

const fingerprint = (s: Status) =>
  [
    s.phase,
    s.canaryWeight ?? 0,
    s.failedChecks ?? 0,
    s.iterations ?? '',
    s.lastTransitionTime ?? '',
  ].join('|');

// The backends and the watch; stopped after the test even when it times out.
let backends: BackendProcess[] = [];
let watch: ReturnType<typeof adminWatch> | undefined;
test.afterEach(async () => {
  watch?.stop();
  await Promise.all(backends.map(stopBackend));
  backends = [];
});

test('another instance takes the recorder over from a killed one and records the run without loss or duplicates', async () => {
  // Two cold starts of a backend from source at once on a 2-core machine.
  test.setTimeout(480_000);
  const cluster = labCluster(member);
  fs.rmSync(workDir, { recursive: true, force: true });
  fs.mkdirSync(workDir, { recursive: true });
  const database = {
    client: 'pg',
    connection: await postgresUrl(),
    // A fresh set of plugin databases for this run.
    prefix: `failover_${Date.now()}_`,
  };
  // One after the other, as a rollout of a deployment starts them: two instances migrating one
  // empty database at once make Backstage's catalog fail its start on the migration lock.
  const tokens: string[] = [];
  for (const [i, name] of ['a', 'b'].entries()) {
    backends.push(startBackend({ name, port: 7017 + i, workDir, database }));
    tokens.push(await backendGuestToken(backends[i]));
  }
  const get = async (index: number, url: string) => {
    const response = await fetch(`${backends[index].url}${url}`, {
      headers: { Authorization: `Bearer ${tokens[index]}` },
    });
    return response.ok ? response.json() : undefined;
  };

  const holder = await eventually(
    async () => {
      const holding = backends.filter(recordsHistory);
      return holding.length ? holding : undefined;
    },
    60_000,
    'an instance to take the recorder lease',
  );
  expect(holder, 'instances recording at once').toHaveLength(1);
  const killed = backends.indexOf(holder[0]);
  const survivor = 1 - killed;
  // The recorder follows the canary before the rollout starts.
  await eventually(
    async () =>
      (await get(survivor, `${rolloutPath}/runs`))?.items.length > 0 ||
      undefined,
    90_000,
    'the recorder to record shop/checkout',
  );

  const before = await adminGet<any>(cluster, canaryPath);
  const seen: Status[] = [];
  watch = adminWatch(
    cluster,
    canaryPath.replace('/checkout', ''),
    'checkout',
    canary => seen.push(canary.status ?? {}),
  );
  await watch.ready;
  await lab('gate', 'open', 'shop/checkout');
  await lab('rollout', 'shop/checkout');
  const revision = await eventually(
    async () => {
      const status = (await adminGet<any>(cluster, canaryPath)).status;
      return status.lastAppliedSpec !== before.status.lastAppliedSpec &&
        status.phase === 'Progressing' &&
        status.canaryWeight > 0
        ? (status.lastAppliedSpec as string)
        : undefined;
    },
    60_000,
    'the rollout to progress',
  );
  const runOf = async () =>
    (await get(survivor, `${rolloutPath}/runs`))?.items.find(
      (r: any) => r.revision === revision,
    );
  const transitionsOf = async (runId: number) =>
    (
      await get(
        survivor,
        `${rolloutPath}/timeline?kind=transition&run=${runId}&limit=500`,
      )
    )?.items ?? [];
  // Part of the run is recorded by the holder before it dies...
  await eventually(
    async () => {
      const r = await runOf();
      return r && (await transitionsOf(r.id)).length > 0 ? true : undefined;
    },
    30_000,
    'the run to be recorded',
  );
  killBackend(backends[killed]);
  const killedAt = Date.now();
  await eventually(
    async () => recordsHistory(backends[survivor]) || undefined,
    60_000,
    'the other instance to take the recorder lease over',
  );
  test.info().annotations.push({
    type: 'failover',
    description: `the other instance took the recorder over ${
      (Date.now() - killedAt) / 1000
    } s after the kill -9 (lease ttl 10 s, renewed every 3 s)`,
  });

  // ...and the rest by the other instance, once the run has ended on the cluster.
  const ended = await eventually(
    async () => {
      const status = (await adminGet<any>(cluster, canaryPath)).status;
      return ['Succeeded', 'Failed'].includes(status.phase) &&
        status.lastAppliedSpec === revision
        ? (status as Status)
        : undefined;
    },
    120_000,
    'the run to end on the cluster',
  );
  await eventually(
    async () =>
      seen.some(
        s =>
          s.phase === ended.phase &&
          s.lastTransitionTime === ended.lastTransitionTime,
      ) || undefined,
    10_000,
    "the test's watch to see the end of the run",
  );
  const runId = (await runOf())?.id;
  const recorded = await eventually(
    async () => {
      const items: any[] = await transitionsOf(runId);
      return items.some(i => i.phase === ended.phase) ? items : undefined;
    },
    10_000,
    `the other instance to record ${ended.phase}`,
  );

  const expected: string[] = [];
  const fingerprints = new Set<string>();
  for (const status of seen) {
    if (status.lastAppliedSpec !== revision || !status.phase) continue;
    // A canary that had failed gets the new revision in its status before the run starts: not a
    // transition of the run.
    if (status.lastTransitionTime === before.status.lastTransitionTime)
      continue;
    if (fingerprints.has(fingerprint(status))) continue;
    fingerprints.add(fingerprint(status));
    expected.push(
      `${status.phase} ${status.canaryWeight ?? 0} ${
        status.failedChecks ?? 0
      } ${status.iterations ?? 0}`,
    );
  }
  const stored = recorded
    .reverse()
    .map(
      (i: any) =>
        `${i.phase} ${i.canaryWeight} ${i.failedChecks} ${i.iterations ?? 0}`,
    );
  // The cluster walked the run through several weights to its end...
  expect(
    expected.length,
    `status changes seen by the test's own watch (interruptions: ${
      watch.problems.join('; ') || 'none'
    })`,
  ).toBeGreaterThan(3);
  expect(expected[expected.length - 1].split(' ')[0]).toBe(ended.phase);
  // ...and the store holds each of those transitions once, in order.
  test.info().annotations.push({
    type: 'transitions',
    description: `${
      expected.length
    } status changes of run ${runId}: ${expected.join(', ')}`,
  });
  expect(stored).toEqual(expected);
});
