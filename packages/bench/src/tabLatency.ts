import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser, type Page } from '@playwright/test';
import { type BackendClient, backendUrl, listeningPid } from './backend';
import { adminRequest, type LabCluster } from './lab';
import { repoRoot } from './paths';
import {
  canaryEventWriter,
  entityPath,
  memberOfCanary,
  propagationCanary,
} from './propagation';
import { formatSummary, sleep, summarize, type Summary } from './stats';

/** Where the `tab` suite opens the app (`yarn start` in packages/app, or the backend serving it). */
export const appUrl = (
  process.env.CANARY_BENCH_APP_URL ?? 'http://localhost:3000'
).replace(/\/$/, '');

/** The system Chromium, as the end-to-end tests launch it (scripts/ensure-chromium.sh installs it). */
export const chromiumPath = process.env.CANARY_CHROMIUM ?? '/usr/bin/chromium';

/** The Canary tab of shop/checkout's entity. */
const TAB_PATH = '/catalog/default/component/checkout/canary';
/** How long one change may take to show before the suite gives up. */
const SAMPLE_TIMEOUT_MS = 60_000;
/** The development app's first load compiles and fetches a large bundle: a cold start is slow. */
const FIRST_LOAD_TIMEOUT_MS = 300_000;

/** True when the app answers at {@link appUrl}. */
export async function appIsUp(): Promise<boolean> {
  try {
    const response = await fetch(appUrl, {
      signal: AbortSignal.timeout(5000),
    });
    return response.ok;
  } catch {
    return false;
  }
}

/** True when the Chromium the suite launches is there. */
export function chromiumIsInstalled(): boolean {
  return fs.existsSync(chromiumPath);
}

/** The 1, 5 and 15 minute load averages of the machine, for the lines the suite prints. */
export function loadAverage(): string {
  return os
    .loadavg()
    .map(v => v.toFixed(2))
    .join(' / ');
}

/** What the page watches for: the lane showing the canary paused (or not), or a text in an element. */
type Watch =
  | { root: string; kind: 'paused'; want: boolean }
  | { root: string; kind: 'text'; text: string };

/**
 * Installed in the page before each change: a MutationObserver that notes the wall-clock time at
 * which the DOM first holds the awaited state (`window.__canaryTabBench.at`). The time is taken in
 * the page, as the DOM changes, so how often the suite asks for it does not count. Plain JavaScript
 * in a string: the page runs it as written. Returns whether the state held already.
 */
const ARM_WATCH = `(function (watch) {
  var state = { at: null };
  window.__canaryTabBench = state;
  function holds() {
    var root = document.querySelector(watch.root);
    if (!root) return false;
    if (watch.kind === 'paused') {
      var chips = root.querySelectorAll('[data-tone="paused"]');
      var paused = false;
      for (var i = 0; i < chips.length; i++) {
        if ((chips[i].textContent || '').trim() === 'Paused') paused = true;
      }
      return paused === watch.want;
    }
    return (root.textContent || '').indexOf(watch.text) >= 0;
  }
  if (holds()) {
    state.at = Date.now();
    return true;
  }
  var observer = new MutationObserver(function () {
    if (state.at === null && holds()) {
      state.at = Date.now();
      observer.disconnect();
    }
  });
  observer.observe(document.body, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true
  });
  return false;
})`;

async function arm(page: Page, watch: Watch): Promise<boolean> {
  return page.evaluate(`${ARM_WATCH}(${JSON.stringify(watch)})`);
}

/** The wall-clock time (ms) at which the page's DOM showed what the last {@link arm} watches. */
async function shownAt(page: Page, timeoutMs: number): Promise<number> {
  const handle = await page.waitForFunction(
    'window.__canaryTabBench && window.__canaryTabBench.at',
    undefined,
    { polling: 50, timeout: timeoutMs },
  );
  return Number(await handle.jsonValue());
}

/** Waits until the page's DOM shows what `watch` describes (no timing). */
async function until(page: Page, watch: Watch, timeoutMs: number) {
  if (!(await arm(page, watch))) await shownAt(page, timeoutMs);
}

/** A random pause, so that changes do not fall in step with the tab's polling timers. */
const jitter = () => sleep(Math.random() * 1000);

/** Runs `yarn lab ...` at the repository root (the lab's CLI, with this process's lab env). */
async function lab(...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)('yarn', ['lab', ...args], {
    cwd: repoRoot(),
    encoding: 'utf8',
    timeout: 120_000,
  });
  return stdout.trim();
}

/** Signs in as the app's guest, as the end-to-end tests do, retrying while the backend restarts. */
async function signIn(page: Page) {
  for (let attempt = 1; ; attempt++) {
    try {
      await page.goto('/', { timeout: FIRST_LOAD_TIMEOUT_MS });
      const enter = page.getByRole('button', { name: 'Enter' });
      await enter.click({ timeout: FIRST_LOAD_TIMEOUT_MS });
      await enter.waitFor({ state: 'hidden', timeout: 30_000 });
      return;
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

/** The lane of shop/checkout on `member`, as the tab marks it up (RolloutLane). */
function laneSelector(member: LabCluster): string {
  const { namespace, name } = propagationCanary;
  return `section[aria-labelledby="canary-lane-${member.name}-${namespace}-${name}"]`;
}

const TIMELINE_SELECTOR = '[aria-label="Timeline, newest first"]';

/**
 * Time from `spec.suspend` changed on the cluster to the lane's DOM saying so: after one unmeasured
 * pause and resume, `count` changes, alternately suspending and resuming shop/checkout as the
 * member's admin; each ends when the lane shows its "Paused" chip (RolloutLane renders it for
 * `state.suspended`), or no longer shows it. Leaves the canary resumed.
 */
async function laneSamples(
  page: Page,
  member: LabCluster,
  count: number,
): Promise<number[]> {
  const { namespace, name } = propagationCanary;
  const canaryPath = `/apis/flagger.app/v1beta1/namespaces/${namespace}/canaries/${name}`;
  const setSuspend = (suspend: boolean) =>
    adminRequest(member, 'PATCH', canaryPath, { spec: { suspend } });
  const root = laneSelector(member);

  const samples: number[] = [];
  try {
    // One unmeasured pause and resume: the first answers of a fresh page or backend are slow.
    for (const suspend of [true, false]) {
      await setSuspend(suspend);
      await until(
        page,
        { root, kind: 'paused', want: suspend },
        SAMPLE_TIMEOUT_MS,
      );
    }
    for (let i = 0; i < count; i++) {
      const suspend = i % 2 === 0;
      await jitter();
      if (await arm(page, { root, kind: 'paused', want: suspend })) {
        throw new Error(
          `the lane already showed suspend=${suspend} before the change`,
        );
      }
      const start = Date.now();
      await setSuspend(suspend);
      try {
        samples.push((await shownAt(page, SAMPLE_TIMEOUT_MS)) - start);
      } catch (error) {
        throw new Error(
          `the lane did not show suspend=${suspend} within ${
            SAMPLE_TIMEOUT_MS / 1000
          } s: ${error}`,
        );
      }
    }
  } finally {
    await setSuspend(false);
  }
  return samples;
}

/**
 * The newest recorded run of shop/checkout on `member`, through the API. The development backend
 * restarts whenever a source file changes: a refused connection is tried again for a while.
 */
async function newestRun(
  client: BackendClient,
  member: LabCluster,
): Promise<{ id: number; number: number; endedAt?: string } | undefined> {
  const { namespace, name } = propagationCanary;
  const deadline = Date.now() + FIRST_LOAD_TIMEOUT_MS;
  for (;;) {
    try {
      const page = await client.get(
        `${entityPath}/${member.name}/${namespace}/${name}/runs?limit=1`,
      );
      return page.items[0];
    } catch (error) {
      if (!(error instanceof TypeError) || Date.now() > deadline) throw error;
      await sleep(2000);
    }
  }
}

/** The process serving the backend: a development backend restarted meanwhile has another. */
function backendPid(): number | undefined {
  return listeningPid(Number(new URL(backendUrl).port || 80));
}

/**
 * The tab's timeline shows the newest run of the canary, and an Event belongs to the run of its
 * time: an Event of a canary between runs is in no run the tab shows. So the timeline samples need
 * an open run; when there is none, one is started the way `yarn lab rollout checkout` does, and
 * waits at shop/checkout's promotion gate (closed unless someone opened it). Returns whether it
 * was started here.
 */
async function ensureOpenRun(
  client: BackendClient,
  member: LabCluster,
  log: (line: string) => void,
): Promise<boolean> {
  const run = await newestRun(client, member);
  if (run && !run.endedAt) {
    log(`  shop/checkout's run ${run.number} is open: the Events go into it`);
    return false;
  }
  log(`  ${await lab('rollout', 'checkout')}`);
  const deadline = Date.now() + FIRST_LOAD_TIMEOUT_MS;
  for (;;) {
    const current = await newestRun(client, member);
    if (current && !current.endedAt && current.id !== run?.id) {
      log(
        `  started shop/checkout's run ${current.number} for the Events (it waits at the promotion gate)`,
      );
      return true;
    }
    if (Date.now() > deadline) {
      throw new Error(
        'shop/checkout did not start a run within 5 minutes of `yarn lab rollout checkout`',
      );
    }
    await sleep(1000);
  }
}

/** Ends the run the suite started: opens the promotion gate until it succeeded, then closes it. */
async function finishRun(member: LabCluster, log: (line: string) => void) {
  const { namespace, name } = propagationCanary;
  const canaryPath = `/apis/flagger.app/v1beta1/namespaces/${namespace}/canaries/${name}`;
  await lab('gate', 'open', 'checkout');
  try {
    const deadline = Date.now() + FIRST_LOAD_TIMEOUT_MS;
    for (;;) {
      const canary = await adminRequest(member, 'GET', canaryPath);
      const phase = canary.status?.phase;
      if (phase === 'Succeeded' || phase === 'Failed') {
        log(`  the run the suite started ended (${phase})`);
        return;
      }
      if (Date.now() > deadline) {
        log(
          `  the run the suite started has not ended within 5 minutes (phase ${phase})`,
        );
        return;
      }
      await sleep(1000);
    }
  } finally {
    await lab('gate', 'close', 'checkout');
  }
}

/**
 * Time from a Kubernetes Event of shop/checkout created on its member (as Flagger records one at
 * each step of a run) to its message in the tab's timeline DOM: the recorder's lag, its signal and
 * the tab's refresh of the timeline together.
 */
async function timelineSamples(
  page: Page,
  member: LabCluster,
  count: number,
): Promise<number[]> {
  const createEvent = await canaryEventWriter(member);

  // One unmeasured Event: the tab shows the run it goes into (the run may have just started).
  const first = `Benchmark: tab timeline warm-up ${Date.now()}`;
  await arm(page, { root: TIMELINE_SELECTOR, kind: 'text', text: first });
  await createEvent(first);
  await shownAt(page, FIRST_LOAD_TIMEOUT_MS);

  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    await jitter();
    const message = `Benchmark: tab timeline sample ${Date.now()}-${i}`;
    await arm(page, { root: TIMELINE_SELECTOR, kind: 'text', text: message });
    const start = Date.now();
    await createEvent(message);
    try {
      samples.push((await shownAt(page, SAMPLE_TIMEOUT_MS)) - start);
    } catch (error) {
      throw new Error(
        `the timeline did not show the Event within ${
          SAMPLE_TIMEOUT_MS / 1000
        } s: ${error}`,
      );
    }
  }
  return samples;
}

/** Runs one measurement and prints its summary, samples, load average and any backend restart. */
async function measure(
  log: (line: string) => void,
  label: string,
  samples: () => Promise<number[]>,
): Promise<Summary> {
  const loadBefore = loadAverage();
  const pidBefore = backendPid();
  const values = await samples();
  const summary = summarize(values);
  log(formatSummary(label, summary));
  log(`  samples in order (ms): ${values.map(v => v.toFixed(0)).join(' ')}`);
  log(
    `  load average (1 / 5 / 15 min): ${loadBefore} before, ${loadAverage()} after`,
  );
  const pidAfter = backendPid();
  if (pidBefore !== pidAfter) {
    log(
      `  WARNING: the backend restarted during this measurement (pid ${pidBefore} -> ${pidAfter}): its numbers include the restart`,
    );
  }
  return summary;
}

/**
 * Time from a change on a cluster to an open Canary tab showing it, in Chromium: the tab of
 * component:default/checkout signed in as the guest, `count` `spec.suspend` changes of shop/checkout
 * until the lane's DOM shows them, then `count` Events until the timeline's DOM shows them.
 */
export async function benchTab(
  client: BackendClient,
  members: LabCluster[],
  count: number,
  log: (line: string) => void,
): Promise<{ lane: Summary; timeline: Summary }> {
  const member = await memberOfCanary(client, members);
  const { namespace, name } = propagationCanary;
  const browser: Browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: JSON.parse(
      fs.readFileSync(
        path.join(repoRoot(), 'scripts', 'chromium-args.json'),
        'utf8',
      ),
    ),
  });
  try {
    const context = await browser.newContext({ baseURL: appUrl });
    const page = await context.newPage();
    await signIn(page);
    await page.goto(TAB_PATH, { timeout: FIRST_LOAD_TIMEOUT_MS });
    await page
      .locator(`${laneSelector(member)} [title^="Flagger phase: "]`)
      .first()
      .waitFor({ timeout: FIRST_LOAD_TIMEOUT_MS });

    // A canary in a run changes (and is signalled) at every analysis step: say which it is.
    const phase = (
      await adminRequest(
        member,
        'GET',
        `/apis/flagger.app/v1beta1/namespaces/${namespace}/canaries/${name}`,
      )
    ).status?.phase;
    const run = await newestRun(client, member);
    log(
      `  shop/checkout is ${phase ?? 'without a phase'}; ${
        run && !run.endedAt ? `its run ${run.number} is open` : 'no run is open'
      }`,
    );
    const lane = await measure(
      log,
      `${member.name} ${namespace}/${name} spec.suspend -> lane DOM`,
      () => laneSamples(page, member, count),
    );

    const started = await ensureOpenRun(client, member, log);
    try {
      const timeline = await measure(
        log,
        `${member.name} ${namespace}/${name} Event -> timeline DOM`,
        () => timelineSamples(page, member, count),
      );
      return { lane, timeline };
    } finally {
      if (started) await finishRun(member, log);
    }
  } finally {
    await browser.close();
  }
}
