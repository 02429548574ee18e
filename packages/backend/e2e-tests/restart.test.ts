import { execFile, spawn, type ChildProcess } from 'child_process';
import fs from 'fs';
import path from 'path';
import { promisify } from 'util';
import { expect, test } from '@playwright/test';
import { adminGet, adminWatch, eventually, labCluster } from './lab';

// A backend restarted during a live rollout records every phase/weight transition of the run
// exactly once. A second backend process of its own (port 7017, its own SQLite directory, the lab's
// clusters) is started, stopped while shop/checkout rolls out, and started again; what its store
// holds is compared with every status change of the canary seen by a watch of the cluster itself.
// The shared backend on :7007 is never touched.
const repoRoot = path.resolve(__dirname, '../../..');
const workDir = path.join(repoRoot, '.lab', 'restart-test');
const port = 7017;
const backend = `http://localhost:${port}`;
const member = 'kurator-member1';
const canaryPath =
  '/apis/flagger.app/v1beta1/namespaces/shop/canaries/checkout';
const rollout = `${backend}/api/canary/entities/component/default/checkout/rollouts/${member}/shop/checkout`;
const run = promisify(execFile);

function lab(...args: string[]) {
  return run('yarn', ['lab', ...args], { cwd: repoRoot, timeout: 120_000 });
}

/**
 * Starts the second backend in its own process group, logging to the work directory. It runs from
 * source as `yarn start` does, but without its file watcher, so edits elsewhere never restart it.
 */
function startBackend(): ChildProcess {
  const log = fs.openSync(path.join(workDir, 'backend.log'), 'a');
  const child = spawn(
    process.execPath,
    [
      '--enable-source-maps',
      '--require',
      require.resolve('@backstage/cli-node/config/nodeTransform.cjs', {
        paths: [repoRoot],
      }),
      'src/index',
      '--config',
      path.join(repoRoot, 'app-config.yaml'),
      '--config',
      path.join(repoRoot, '.lab', 'app-config.lab.yaml'),
      '--config',
      path.join(workDir, 'app-config.restart.yaml'),
    ],
    {
      cwd: path.join(repoRoot, 'packages', 'backend'),
      detached: true,
      stdio: ['ignore', log, log],
      // As `yarn start` runs it (the guest sign-in is for development only).
      env: { ...process.env, NODE_ENV: 'development' },
    },
  );
  fs.closeSync(log);
  return child;
}

/** Stops a process group: SIGTERM, then SIGKILL if it is still there after 10 s. */
async function stopBackend(child: ChildProcess | undefined) {
  if (!child?.pid) return;
  const alive = () => {
    try {
      process.kill(-child.pid!, 0);
      return true;
    } catch {
      return false;
    }
  };
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  for (let i = 0; i < 100 && alive(); i++) {
    await new Promise(r => setTimeout(r, 100));
  }
  if (alive()) signal('SIGKILL');
}

async function guestToken(): Promise<string> {
  return eventually(
    async () => {
      const response = await fetch(
        `${backend}/api/auth/guest/refresh?optional&env=development`,
        { headers: { 'X-Requested-With': 'XMLHttpRequest' } },
      );
      return response.ok
        ? ((await response.json()).backstageIdentity.token as string)
        : undefined;
    },
    150_000,
    `the backend on :${port} to start`,
  );
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

// The second backend and the watch; stopped after the test even when it times out.
let child: ChildProcess | undefined;
let watch: ReturnType<typeof adminWatch> | undefined;
test.afterEach(async () => {
  watch?.stop();
  await stopBackend(child);
});

test('records every transition of a run once across a backend restart', async () => {
  // Two cold starts of a backend from source: each takes over a minute when the 2-core machine is
  // busy.
  test.setTimeout(420_000);
  const cluster = labCluster(member);
  fs.rmSync(workDir, { recursive: true, force: true });
  fs.mkdirSync(path.join(workDir, 'db'), { recursive: true });
  fs.writeFileSync(
    path.join(workDir, 'app-config.restart.yaml'),
    JSON.stringify({
      backend: {
        baseUrl: backend,
        listen: { port },
        database: {
          client: 'better-sqlite3',
          connection: { directory: path.join(workDir, 'db') },
        },
      },
    }),
  );

  child = startBackend();
  const token = await guestToken();
  const get = async (url: string) => {
    const response = await fetch(url, {
      headers: { Authorization: `Bearer ${token}` },
    });
    return response.ok ? response.json() : undefined;
  };
  // The recorder follows the canary before the rollout starts.
  await eventually(
    async () => (await get(`${rollout}/runs`))?.items.length > 0 || undefined,
    90_000,
    'the new backend to record shop/checkout',
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
    (await get(`${rollout}/runs`))?.items.find(
      (r: any) => r.revision === revision,
    );
  // Part of the run is recorded before the stop...
  await eventually(
    async () => {
      const r = await runOf();
      if (!r) return undefined;
      const page = await get(`${rollout}/timeline?kind=transition&run=${r.id}`);
      return page?.items.length > 0 || undefined;
    },
    60_000,
    'the run to be recorded',
  );
  await stopBackend(child);
  child = startBackend();
  const token2 = await guestToken();
  // ...and the rest after the restart, once the run has ended on the cluster.
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
  // Polling can see the end before the test's own watch delivers it.
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
      const response = await fetch(
        `${rollout}/timeline?kind=transition&run=${runId}&limit=500`,
        { headers: { Authorization: `Bearer ${token2}` } },
      );
      const items: any[] = response.ok ? (await response.json()).items : [];
      return items.some(i => i.phase === ended.phase) ? items : undefined;
    },
    60_000,
    `the restarted backend to record ${ended.phase}`,
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
