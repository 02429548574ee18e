import { execFile } from 'child_process';
import path from 'path';
import { promisify } from 'util';
import { expect, test } from '@playwright/test';
import {
  adminCreate,
  adminDelete,
  adminGet,
  adminPatch,
  adminWatch,
  eventually,
  labCluster,
  labGateIsOpen,
  labRolloutImage,
  stepLog,
} from './lab';
import { backend, backendUp, GuestApi } from './guestApi';

// The runs the recorder stores, against the lab's own record of them. shop/checkout (a native
// Istio canary with a confirm-promotion gate and a rollback switch on its loadtester) is driven
// through a healthy rollout, a faulty one (Failed), a Retry through the Canary API (a new revision
// of the same image, which fails again), another healthy rollout and one promoted early through
// the Promote action. The test follows the Canary with its own admin watch of the cluster: every
// status it saw makes the lab's record of the runs (a run starts at the lastTransitionTime of the
// first active phase of a new lastAppliedSpec and ends at the lastTransitionTime of its Succeeded
// or Failed). The runs the backend stored during the test must be those: same revisions, start
// and end times and outcomes, numbered one after another. The failed runs' timelines hold their
// halted checks, the Retry belongs to the run it started and the Promote to the run it promoted,
// the metrics of a failed run are read over that run's window, and the Canary tab's run picker
// lists the same runs. A second test creates a canary that is only ever Initialized: no run.
//
// Who acts: the example permission policy lets only an entity's owners act on its rollouts, and
// checkout is owned by group:default/team-shop, which the guest is not in (examples/org.yaml), so
// the guest's Retry and Promote on component:default/checkout answer 403 (actions-lab.test.ts
// checks exactly that). The entity component:default/storefront (owned by the guests) points at
// the same canary but is not bound to it: nothing on the cluster names it. For the duration of the
// test, the test binds it as a cluster admin would, by adding it to the Canary's
// backstage-canary.io/entity-ref annotation, and sends the actions through storefront; the
// annotation is restored afterwards. Runs, timelines and metrics are read through checkout.

const repoRoot = path.resolve(__dirname, '../../..');
const MEMBER = 'kurator-member1';
const CANARIES = '/apis/flagger.app/v1beta1/namespaces/shop/canaries';
const CANARY = `${CANARIES}/checkout`;
const DEPLOYMENT = '/apis/apps/v1/namespaces/shop/deployments/checkout';
const rolloutUrl = (entity: string) =>
  `${backend}/api/canary/entities/component/default/${entity}/rollouts/${MEMBER}/shop/checkout`;
/** Where the test reads checkout's history, as checkout's page does. */
const READ = rolloutUrl('checkout');
/** Where the test acts: storefront, which the guest owns, bound to checkout's Canary meanwhile. */
const ACT = rolloutUrl('storefront');
const ENTITY_REF = 'backstage-canary.io/entity-ref';
const STOREFRONT = 'component:default/storefront';
const ACTIVE = [
  'Waiting',
  'Progressing',
  'WaitingPromotion',
  'Promoting',
  'Finalising',
];
const ENDED = ['Succeeded', 'Failed'];
const SETTLED = ['Succeeded', 'Failed', 'Initialized'];
const PROMOTE_FOLLOW_UP = 'promote follow-up: analysis re-enabled';
const run = promisify(execFile);

type Status = {
  phase?: string;
  canaryWeight?: number;
  failedChecks?: number;
  lastTransitionTime?: string;
  lastAppliedSpec?: string;
  lastPromotedSpec?: string;
};
type StoredRun = {
  id: number;
  number: number;
  revision: string;
  images: string[];
  startedAt: string;
  endedAt?: string;
  outcome?: string;
};
type LabRun = {
  revision: string;
  startedAt: string;
  endedAt?: string;
  outcome?: string;
};

function lab(...args: string[]) {
  return run('yarn', ['lab', ...args], { cwd: repoRoot, timeout: 120_000 });
}

/**
 * Opens or closes checkout's confirm-promotion gate or its rollback switch with the lab's
 * `gate` scenario, unless it already is so.
 */
async function setGate(gate: 'gate' | 'rollback', open: boolean) {
  if ((await labGateIsOpen(MEMBER, 'shop', 'checkout', gate)) === open) return;
  await lab(
    'gate',
    open ? 'open' : 'close',
    'shop/checkout',
    ...(gate === 'rollback' ? ['--rollback'] : []),
  );
}

const canaryNow = () => adminGet<any>(labCluster(MEMBER), CANARY);
const iso = (time?: string) =>
  time === undefined ? undefined : new Date(time).toISOString();
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/**
 * The lab's record of the runs, from every status of the Canary the test's watch saw, in order:
 * the first active phase of a revision (lastAppliedSpec) without an open run starts a run at its
 * lastTransitionTime; Succeeded or Failed of the open run's revision ends it, at its
 * lastTransitionTime. Flagger's re-sync of a failed canary (Failed with the new lastAppliedSpec and
 * the failure's lastTransitionTime) and Initialized start nothing. A new revision while a run is
 * open would end that run without an outcome (superseded).
 */
function labRecord(statuses: Status[]): LabRun[] {
  const runs: LabRun[] = [];
  let open: LabRun | undefined;
  for (const status of statuses) {
    const { phase = '', lastAppliedSpec, lastTransitionTime } = status;
    if (!lastAppliedSpec || !lastTransitionTime) continue;
    if (ACTIVE.includes(phase)) {
      if (open?.revision === lastAppliedSpec) continue;
      if (open) open.endedAt = lastTransitionTime;
      open = { revision: lastAppliedSpec, startedAt: lastTransitionTime };
      runs.push(open);
    } else if (ENDED.includes(phase) && open?.revision === lastAppliedSpec) {
      open.endedAt = lastTransitionTime;
      open.outcome = phase;
      open = undefined;
    }
  }
  return runs;
}

/**
 * The Canary API as the guest. The shared development backend restarts when its files change: a
 * request that cannot connect is sent again once the backend answers, and a token that no longer
 * verifies is replaced once.
 */
class CanaryApi extends GuestApi {
  async json(url: string): Promise<any> {
    const response = await this.send('GET', url);
    expect(response.status(), `GET ${url}: ${await response.text()}`).toBe(200);
    return response.json();
  }

  /** The runs of checkout, newest first. */
  async runs(): Promise<StoredRun[]> {
    return (await this.json(`${READ}/runs?limit=100`)).items;
  }

  /**
   * A rollout action on checkout, as the owner of storefront. The lab's Flagger writes the Canary's
   * status every few seconds: an action whose resourceVersion precondition lost to such a write
   * is sent again, as a user would after reviewing the state.
   */
  async action(action: 'retry' | 'promote', reason: string) {
    for (let attempt = 0; ; attempt++) {
      const response = await this.send('POST', `${ACT}/actions/${action}`, {
        data: { reason },
      });
      if (
        response.status() === 409 &&
        attempt < 4 &&
        /changed while the action was decided/.test(await response.text())
      ) {
        await sleep(300);
        continue;
      }
      return response;
    }
  }
}

/** Waits until checkout has no run in progress and is not paused. */
function settled(phases = SETTLED) {
  return eventually(
    async () => {
      const canary = await canaryNow();
      return phases.includes(canary.status?.phase) && !canary.spec.suspend
        ? canary
        : undefined;
    },
    180_000,
    `shop/checkout to be settled (${phases.join(' or ')}, not paused)`,
  );
}

/** The status of the next run of checkout once it has ended (a revision other than `after`'s). */
function runEnded(after: Status, what: string): Promise<Status> {
  return eventually(
    async () => {
      const status: Status = (await canaryNow()).status ?? {};
      return status.lastAppliedSpec !== after.lastAppliedSpec &&
        ENDED.includes(status.phase ?? '') &&
        // not Flagger's re-sync of a failed canary, which keeps the failure's time
        status.lastTransitionTime !== after.lastTransitionTime
        ? status
        : undefined;
    },
    180_000,
    what,
  );
}

/** The status of the next run of checkout once it is under way (a revision other than `after`'s). */
function runStarted(after: Status, what: string): Promise<Status> {
  return eventually(
    async () => {
      const status: Status = (await canaryNow()).status ?? {};
      return status.lastAppliedSpec !== after.lastAppliedSpec &&
        ACTIVE.includes(status.phase ?? '')
        ? status
        : undefined;
    },
    120_000,
    what,
  );
}

/** The entity refs of checkout's Canary annotation, without storefront. */
const withoutStorefront = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map(ref => ref.trim())
    .filter(ref => ref && ref.toLowerCase() !== STOREFRONT)
    .join(',');

// What each test changed, undone after it even when it fails or times out.
const undo: Array<{ what: string; run: () => Promise<unknown> }> = [];
test.afterEach(async ({}, testInfo) => {
  testInfo.setTimeout(testInfo.timeout + 300_000);
  const problems: string[] = [];
  while (undo.length) {
    const { what, run: step } = undo.pop()!;
    try {
      await step();
    } catch (error) {
      problems.push(`${what}: ${(error as Error).message}`);
    }
  }
  if (problems.length)
    throw new Error(`clean-up failed: ${problems.join('; ')}`);
});

test('the stored runs of checkout are the runs its cluster went through: healthy, failed, retried, healthy, promoted', async ({
  request,
  page,
}) => {
  test.setTimeout(720_000);
  const step = stepLog('runs');
  const cluster = labCluster(MEMBER);
  const api = new CanaryApi(request);
  const stamp = new Date().toISOString();
  await backendUp(request);

  // A calm start: no run in progress, not paused, analysis not skipped.
  const before = await settled();
  expect(
    before.spec.skipAnalysis,
    'shop/checkout starts with spec.skipAnalysis set: a promote follow-up was left undone',
  ).not.toBe(true);
  const gateWasOpen = await labGateIsOpen(MEMBER, 'shop', 'checkout', 'gate');
  const rollbackWasOpen = await labGateIsOpen(
    MEMBER,
    'shop',
    'checkout',
    'rollback',
  );
  const originalRefs = withoutStorefront(
    before.metadata.annotations?.[ENTITY_REF],
  );
  expect(originalRefs).toContain('component:default/checkout');
  step(
    `settled: ${before.status.phase} ${before.status.lastAppliedSpec}, gate ${
      gateWasOpen ? 'open' : 'closed'
    }, rollback switch ${rollbackWasOpen ? 'open' : 'closed'}`,
  );

  // Undone in reverse order: the skipAnalysis a promote may leave, a faulty image replaced and the
  // run settled with the gate open, then the gates and the annotation as they were.
  undo.push({
    what: 'restore the entity-ref annotation',
    run: () =>
      adminPatch(cluster, CANARY, {
        metadata: { annotations: { [ENTITY_REF]: originalRefs } },
      }),
  });
  undo.push({
    what: 'restore the gate and the rollback switch',
    run: async () => {
      await setGate('gate', gateWasOpen);
      await setGate('rollback', rollbackWasOpen);
    },
  });
  undo.push({
    what: 'settle shop/checkout on a healthy image',
    run: async () => {
      await setGate('rollback', false);
      await setGate('gate', true);
      const image = (await adminGet<any>(cluster, DEPLOYMENT)).spec.template
        .spec.containers[0].image;
      if (String(image).includes('-faulty')) {
        await labRolloutImage(cluster, 'shop', 'checkout');
        await settled(['Succeeded']);
      } else {
        await settled();
      }
    },
  });
  undo.push({
    what: 'restore spec.skipAnalysis',
    run: async () => {
      // The promote's follow-up leaves it false; the Canary had it unset.
      if ((await canaryNow()).spec.skipAnalysis !== before.spec.skipAnalysis) {
        await adminPatch(cluster, CANARY, {
          spec: { skipAnalysis: before.spec.skipAnalysis ?? null },
        });
      }
    },
  });

  // What the store holds before: the runs of this test are numbered after these.
  const baseline = await eventually(
    async () => {
      const runs = await api.runs();
      return runs.length === 0 || runs[0].endedAt ? runs : undefined;
    },
    60_000,
    'the newest stored run of checkout to have ended, as the canary has',
  );
  const baseNumber = Math.max(0, ...baseline.map(r => r.number));
  const baseId = Math.max(0, ...baseline.map(r => r.id));

  // The test's own record: every status of the Canary its watch sees from now on.
  const seen: Status[] = [];
  const watch = adminWatch(cluster, CANARIES, 'checkout', canary =>
    seen.push({ ...(canary.status ?? {}) }),
  );
  undo.push({ what: 'stop the watch', run: async () => watch.stop() });
  await watch.ready;

  // Storefront may act on checkout; promotions pass the gate; nothing asks for a rollback.
  await adminPatch(cluster, CANARY, {
    metadata: {
      annotations: { [ENTITY_REF]: `${originalRefs},${STOREFRONT}` },
    },
  });
  await eventually(
    async () => {
      const items = (
        await api.json(
          `${backend}/api/canary/entities/component/default/storefront/rollouts`,
        )
      ).items;
      return items[0]?.binding?.bound ? true : undefined;
    },
    30_000,
    'storefront to be bound to shop/checkout',
  );
  await setGate('gate', true);
  await setGate('rollback', false);
  step('storefront bound, gate open, rollback switch closed');

  // 1. A healthy rollout: Succeeded.
  const healthy1 = await labRolloutImage(cluster, 'shop', 'checkout');
  const run1 = await runEnded(
    before.status,
    `the rollout of ${healthy1} to end`,
  );
  expect(run1.phase, `the healthy rollout of ${healthy1}`).toBe('Succeeded');
  step(`run 1 ${healthy1}: ${run1.phase}`);

  // 2. A faulty rollout: its checks fail, Flagger rolls back: Failed.
  const faulty = await labRolloutImage(cluster, 'shop', 'checkout', 'faulty');
  const run2 = await runEnded(run1, `the rollout of ${faulty} to end`);
  expect(run2.phase, `the faulty rollout of ${faulty}`).toBe('Failed');
  step(`run 2 ${faulty}: ${run2.phase}`);

  // 3. Retry through the API: a new revision of the same faulty image, which fails again.
  const retryReason = `e2e runs ${stamp}: retry the failed revision`;
  const retry = await api.action('retry', retryReason);
  expect(retry.status(), await retry.text()).toBe(200);
  expect(await retry.json()).toMatchObject({
    action: 'retry',
    route: 'pod-template-annotation',
    changed: true,
  });
  const run3 = await runEnded(run2, 'the retried run to end');
  expect(run3.phase, 'the retried run of the faulty image').toBe('Failed');
  expect(
    (await adminGet<any>(cluster, DEPLOYMENT)).spec.template.spec.containers[0]
      .image,
  ).toBe(faulty);
  step(`run 3 (retry): ${run3.phase}`);

  // 4. A healthy rollout after the failures: Succeeded.
  const healthy2 = await labRolloutImage(cluster, 'shop', 'checkout');
  const run4 = await runEnded(run3, `the rollout of ${healthy2} to end`);
  expect(run4.phase, `the healthy rollout of ${healthy2}`).toBe('Succeeded');
  step(`run 4 ${healthy2}: ${run4.phase}`);

  // 5. A healthy rollout promoted early. With the gate closed the run cannot end by itself; the
  // Promote sets spec.skipAnalysis while it progresses, and Flagger promotes on its next tick. A
  // promote that arrives only once the run waits at the gate would have to open the loadtester's
  // gate, which Backstage does not do: then the run is let through and another one promoted.
  const promoteReason = `e2e runs ${stamp}: promote early`;
  await setGate('gate', false);
  let last = run4;
  let promoted: Status | undefined;
  let promotedImage = '';
  for (let attempt = 1; !promoted; attempt++) {
    promotedImage = await labRolloutImage(cluster, 'shop', 'checkout');
    const running = await runStarted(
      last,
      `the rollout of ${promotedImage} to start`,
    );
    const promote = await api.action('promote', promoteReason);
    if (promote.status() === 200) {
      expect(await promote.json()).toMatchObject({
        action: 'promote',
        route: 'canary-patch',
        changed: true,
      });
      expect((await canaryNow()).spec.skipAnalysis).toBe(true);
      promoted = await runEnded(last, `the promoted run to end`);
      expect(promoted.phase, 'the promoted run').toBe('Succeeded');
      expect(promoted.lastPromotedSpec).toBe(running.lastAppliedSpec);
      break;
    }
    const answer = await promote.text();
    const phase = (await canaryNow()).status?.phase;
    if (attempt >= 2 || phase !== 'WaitingPromotion') {
      throw new Error(
        `promote answered ${promote.status()} ${answer} (phase ${phase})`,
      );
    }
    console.log(`The run reached the gate before the promote: once more`);
    await setGate('gate', true);
    last = await runEnded(last, 'the run let through the gate to end');
    await setGate('gate', false);
  }
  step(`run 5 ${promotedImage}: promoted, ${promoted!.phase}`);
  // The promote's follow-up turns the analysis on again once the run is over.
  await eventually(
    async () => ((await canaryNow()).spec.skipAnalysis ? undefined : true),
    60_000,
    'the promote follow-up to clear spec.skipAnalysis',
  );
  await setGate('gate', true);
  step('skipAnalysis cleared');

  // The lab's record, once the watch has seen the last run end.
  await eventually(
    async () =>
      seen.some(
        s =>
          s.phase === promoted!.phase &&
          s.lastTransitionTime === promoted!.lastTransitionTime,
      ) || undefined,
    30_000,
    "the test's watch to see the end of the promoted run",
  );
  const record = labRecord(seen);
  const expected = record.map(r => ({
    revision: r.revision,
    startedAt: iso(r.startedAt),
    endedAt: iso(r.endedAt),
    outcome: r.outcome,
  }));
  const watchProblems = watch.problems.join('; ') || 'none';
  // The cluster went through the runs the test drove (one more when the promote came late).
  expect(
    record.map(r => r.outcome),
    `runs in the lab's record (watch interruptions: ${watchProblems})`,
  ).toEqual([
    'Succeeded',
    'Failed',
    'Failed',
    'Succeeded',
    ...(last === run4 ? [] : ['Succeeded']),
    'Succeeded',
  ]);
  expect(record[2].revision, 'the retry runs a new revision').not.toBe(
    record[1].revision,
  );

  // The store, once it holds as many runs of this test as the lab's record, all ended.
  const created = async () =>
    (await api.runs())
      .filter(r => r.number > baseNumber || r.id > baseId)
      .sort((a, b) => a.number - b.number);
  const storedRuns = await eventually(
    async () => {
      const runs = await created();
      return runs.length >= record.length && runs.every(r => r.endedAt)
        ? runs
        : undefined;
    },
    60_000,
    'the store to hold the runs of the test, ended',
  ).catch(() => created());
  const stored = storedRuns.map(r => ({
    revision: r.revision,
    startedAt: iso(r.startedAt),
    endedAt: iso(r.endedAt),
    outcome: r.outcome,
  }));
  test.info().attach('statuses seen by the watch', {
    body: JSON.stringify(seen, null, 1),
    contentType: 'application/json',
  });
  test.info().attach('stored runs', {
    body: JSON.stringify(storedRuns, null, 1),
    contentType: 'application/json',
  });
  const story = `lab's record ${JSON.stringify(
    expected,
  )}\nstored ${JSON.stringify(storedRuns)}`;
  step(story);
  expect(stored, `the stored runs against the lab's record\n${story}`).toEqual(
    expected,
  );
  expect(
    storedRuns.map(r => r.number),
    'the runs are numbered one after another',
  ).toEqual(expected.map((_, i) => baseNumber + i + 1));
  expect(
    [...storedRuns].sort((a, b) => a.id - b.id).map(r => r.number),
    'ids in the order of the numbers',
  ).toEqual(storedRuns.map(r => r.number));
  const [stored1, stored2, stored3] = storedRuns;
  const stored5 = storedRuns[storedRuns.length - 1];
  // The images each run rolled out, as the run picker names them.
  await eventually(
    async () => {
      const runs = await created();
      return runs.every(r => r.images.length) ? true : undefined;
    },
    30_000,
    'the stored runs to name their images',
  );
  const images = new Map((await created()).map(r => [r.id, r.images]));
  expect(images.get(stored1.id)).toEqual([healthy1]);
  expect(images.get(stored2.id)).toEqual([faulty]);
  expect(images.get(stored3.id), 'the retry re-ran the failed image').toEqual([
    faulty,
  ]);
  expect(images.get(stored5.id)).toEqual([promotedImage]);

  // The failed runs' timelines: their own transitions, ending Failed, and their halted checks.
  const timelineOf = async (id: number, kinds?: string) =>
    (
      await api.json(
        `${READ}/timeline?run=${id}&limit=500${kinds ? `&kind=${kinds}` : ''}`,
      )
    ).items as any[];
  const failedRuns = [stored2, stored3];
  const haltsOf = new Map<number, any[]>();
  for (const failed of failedRuns) {
    const items = await timelineOf(failed.id);
    expect(
      items.filter(i => i.runId !== failed.id),
      `items of run #${failed.number}'s timeline in another run`,
    ).toEqual([]);
    const transitions = items.filter(i => i.type === 'transition');
    expect(transitions[0], `run #${failed.number} ends Failed`).toMatchObject({
      phase: 'Failed',
    });
    expect(iso(transitions[0].at)).toBe(iso(failed.endedAt));
    expect(iso(transitions[transitions.length - 1].at)).toBe(
      iso(failed.startedAt),
    );
    const halted = items.filter(
      i => i.type === 'event' && i.entry?.kind === 'halted',
    );
    const checks = Math.max(
      0,
      ...seen
        .filter(s => s.lastAppliedSpec === failed.revision)
        .map(s => s.failedChecks ?? 0),
    );
    expect(
      halted.length,
      `halted checks in run #${failed.number}'s timeline (the cluster counted ${checks} failed checks)`,
    ).toBeGreaterThanOrEqual(Math.max(1, checks));
    for (const halt of halted) {
      const at = Date.parse(halt.at);
      expect(at).toBeGreaterThanOrEqual(Date.parse(failed.startedAt));
      expect(at).toBeLessThanOrEqual(Date.parse(failed.endedAt!));
    }
    haltsOf.set(failed.id, halted);
  }

  // The Retry belongs to the run it started; the Promote and its follow-up to the promoted run.
  const actions: any[] = (
    await api.json(`${READ}/timeline?kind=action&limit=100`)
  ).items;
  const retried = actions.find(
    a => a.action === 'retry' && a.reason === retryReason,
  );
  expect(retried, 'the Retry in the action log').toBeDefined();
  expect(retried.runId, 'the run of the Retry').toBe(stored3.id);
  const promotes = actions.filter(
    a => a.action === 'promote' && a.reason === promoteReason,
  );
  const promoteAction = promotes.find(a => a.outcome === 'succeeded');
  expect(promoteAction, 'the Promote in the action log').toBeDefined();
  expect(promoteAction.runId, 'the run of the Promote').toBe(stored5.id);
  const run5Actions = await timelineOf(stored5.id, 'action');
  expect(
    run5Actions.some(a => String(a.message).startsWith(PROMOTE_FOLLOW_UP)),
    `the promote follow-up in run #${stored5.number}: ${JSON.stringify(
      run5Actions,
    )}`,
  ).toBe(true);
  expect((await timelineOf(stored3.id, 'action')).map(a => a.reason)).toContain(
    retryReason,
  );

  // The metrics of a failed run, read over that run's window: its failed checks are the halted
  // metric checks of its timeline, and only those.
  for (const failed of failedRuns) {
    const start = Math.floor(Date.parse(failed.startedAt) / 1000);
    const end = Math.ceil(Date.parse(failed.endedAt!) / 1000);
    const metrics = await api.json(`${READ}/metrics?start=${start}&end=${end}`);
    expect(metrics.range).toMatchObject({ start, end });
    const names: string[] = metrics.metrics.map((m: any) => m.name);
    const charted = metrics.metrics
      .flatMap((m: any) =>
        m.failedChecks.map((c: any) => `${m.name} ${iso(c.at)}`),
      )
      .sort();
    const halted = haltsOf
      .get(failed.id)!
      .filter(h => names.includes(h.entry.metric))
      .map(h => `${h.entry.metric} ${iso(h.at)}`)
      .sort();
    expect(halted.length).toBeGreaterThan(0);
    expect(charted, `failed checks charted for run #${failed.number}`).toEqual(
      halted,
    );
  }
  step('timelines, actions and metrics checked');

  // The Canary tab: the run picker lists the same runs by number and outcome; picking the first
  // failed run shows its timeline with its halted checks, and asks for its metrics over a range
  // that holds the run (the tab adds at most a minute on either side, to show its edges).
  // The example app's guest sign-in, then checkout's Canary tab.
  await page.goto('/catalog/default/component/checkout/canary');
  await page.getByRole('button', { name: 'Enter' }).click();
  // (not the metrics' "Run #n" range button: the picker's name goes on with the run's image)
  const picker = page.getByRole('button', { name: /^Run #\d+ .+ · / });
  await expect(picker).toBeVisible({ timeout: 120_000 });
  await expect(picker).toContainText(`#${stored5.number} `, {
    timeout: 60_000,
  });
  await picker.click();
  const options = page.getByRole('listbox').getByRole('option');
  const labels = await options.allInnerTexts();
  for (const listed of storedRuns) {
    const runImages = listed.images.map(i => i.split('/').pop()).join(', ');
    expect(
      labels.some(label =>
        label.startsWith(
          `#${listed.number} ${runImages} · ${listed.outcome} · `,
        ),
      ),
      `run #${listed.number} (${
        listed.outcome
      }) in the run picker: ${labels.join(' | ')}`,
    ).toBe(true);
  }
  const started = Math.floor(Date.parse(stored2.startedAt) / 1000);
  const ended = Math.ceil(Date.parse(stored2.endedAt!) / 1000);
  const metricsAsked = page.waitForRequest(
    r => {
      if (!r.url().includes('/shop/checkout/metrics')) return false;
      const query = new URL(r.url()).searchParams;
      const start = Number(query.get('start'));
      const end = Number(query.get('end'));
      return (
        start <= started &&
        start >= started - 60 &&
        end >= ended &&
        end <= ended + 60
      );
    },
    { timeout: 60_000 },
  );
  await options.filter({ hasText: new RegExp(`^#${stored2.number} `) }).click();
  await expect(picker).toContainText(`#${stored2.number} `);
  await metricsAsked.catch(() => {
    throw new Error(
      `the tab did not ask for the metrics of run #${stored2.number} over a range holding it (${stored2.startedAt} to ${stored2.endedAt})`,
    );
  });
  await expect(
    page
      .getByRole('list', { name: 'Timeline, newest first' })
      .getByText(/Halted: request-success-rate [\d.]+ < threshold 99$/)
      .first(),
  ).toBeVisible({ timeout: 60_000 });
  step('run picker checked');
});

// No canary of the lab is one that was only ever Initialized: `yarn lab status` shows every canary
// of both members Succeeded or Failed, phases Flagger sets only at the end of a run. The seeded
// ones are rolled out by the tests (these, fleet-lab's own integration tests on kurator-member2's
// lab-strategies canaries, the app's); the runs endpoint lists recorded runs for each of those the
// catalog knows. So the test makes one: a Deployment and a Canary of its own next to podinfo,
// labelled with podinfo's backstage.io/kubernetes-id so that the podinfo entity finds it. Flagger
// initializes it and, as nothing changes its workload, never rolls anything out. Everything is
// deleted afterwards (the lab has no garbage collector: the primary Deployment and the Services
// Flagger made for it are deleted too).
test('a canary that was only ever Initialized has no runs', async ({
  request,
}) => {
  test.setTimeout(180_000);
  const cluster = labCluster(MEMBER);
  const api = new CanaryApi(request);
  const name = 'runs-e2e-initialized';
  const namespace = 'test';
  const canaryPath = `/apis/flagger.app/v1beta1/namespaces/${namespace}/canaries/${name}`;
  const deployments = `/apis/apps/v1/namespaces/${namespace}/deployments`;
  const services = `/api/v1/namespaces/${namespace}/services`;
  const url = `${backend}/api/canary/entities/component/default/podinfo/rollouts/${MEMBER}/${namespace}/${name}`;
  const remove = async () => {
    await adminDelete(cluster, canaryPath);
    for (const suffix of ['', '-primary']) {
      await adminDelete(cluster, `${deployments}/${name}${suffix}`);
    }
    for (const suffix of ['', '-canary', '-primary']) {
      await adminDelete(cluster, `${services}/${name}${suffix}`);
    }
  };
  undo.push({ what: `delete ${namespace}/${name}`, run: remove });
  await backendUp(request);
  // Left over by an interrupted run.
  await remove();

  const labels = { app: name };
  await adminCreate(cluster, deployments, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: 'podinfod',
              image: 'stefanprodan/podinfo:6.0.0',
              ports: [{ name: 'http', containerPort: 9898 }],
            },
          ],
        },
      },
    },
  });
  await adminCreate(
    cluster,
    `/apis/flagger.app/v1beta1/namespaces/${namespace}/canaries`,
    {
      apiVersion: 'flagger.app/v1beta1',
      kind: 'Canary',
      metadata: {
        name,
        namespace,
        labels: { 'backstage.io/kubernetes-id': 'podinfo' },
      },
      spec: {
        provider: 'istio',
        targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
        service: { port: 9898, targetPort: 9898 },
        analysis: {
          interval: '30s',
          threshold: 2,
          maxWeight: 30,
          stepWeight: 10,
          metrics: [
            {
              name: 'request-success-rate',
              interval: '1m',
              thresholdRange: { min: 99 },
            },
          ],
        },
      },
    },
  );

  const initialized = await eventually(
    async () => {
      const canary = await adminGet<any>(cluster, canaryPath);
      return canary.status?.phase === 'Initialized' ? canary : undefined;
    },
    90_000,
    `${namespace}/${name} to be Initialized`,
  );
  // Nothing was rolled out: the applied revision is the promoted one.
  expect(initialized.status.lastAppliedSpec).toBe(
    initialized.status.lastPromotedSpec,
  );
  // The recorder has seen it Initialized...
  const transitions = await eventually(
    async () => {
      const items: any[] = (
        await api.json(`${url}/timeline?kind=transition&limit=100`)
      ).items;
      return items.some(
        i =>
          i.phase === 'Initialized' &&
          iso(i.at) === iso(initialized.status.lastTransitionTime),
      )
        ? items
        : undefined;
    },
    60_000,
    `the recorder to record ${namespace}/${name} Initialized`,
  );
  // ...and opened no run for it.
  expect(
    transitions.filter(i => i.runId !== undefined),
    'transitions of the Initialized canary in a run',
  ).toEqual([]);
  expect((await api.json(`${url}/runs`)).items).toEqual([]);
  // Still so a few ticks of Flagger later (3 s apart at the lab's speed).
  await eventually(
    async () => {
      const canary = await adminGet<any>(cluster, canaryPath);
      return canary.status?.lastTransitionTime ===
        initialized.status.lastTransitionTime &&
        Date.now() - Date.parse(canary.status.lastTransitionTime) > 10_000
        ? true
        : undefined;
    },
    60_000,
    `${namespace}/${name} to stay Initialized`,
  );
  expect((await adminGet<any>(cluster, canaryPath)).status.phase).toBe(
    'Initialized',
  );
  expect((await api.json(`${url}/runs`)).items).toEqual([]);
});
