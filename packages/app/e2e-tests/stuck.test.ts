import { test, expect } from '@playwright/test';
import {
  adminPatch,
  eventually,
  guestToken,
  labRolloutImage,
} from '../../backend/e2e-tests/lab';
import { openAsGuest } from './guestSignIn';
import {
  AS_DEFINED,
  CANARY,
  CLUSTER,
  TAB,
  canary,
  lane,
  member,
  settled,
} from './podinfoLab';

// "Why is it stuck", as a service owner sees it on podinfo's lane while Flagger keeps halting a
// run: a metric whose query finds nothing, and a revision whose Deployment never becomes
// available. Each cause is produced on the lab by what causes it on a real cluster.

test.describe.configure({ mode: 'serial' });
test.setTimeout(300_000);

// An inline Prometheus query that selects no series: Flagger halts each check with
// "Halt advancement no values found for metric: no-traffic".
const NO_TRAFFIC = {
  name: 'no-traffic',
  interval: '1m',
  query: 'sum(rate(podinfo_requests_that_do_not_exist_total[1m]))',
  thresholdRange: { min: 1 },
};

let definedMetrics: unknown[] | undefined;

test.beforeAll(async () => {
  definedMetrics = (await canary()).spec.analysis?.metrics;
});

test.afterAll(async () => {
  // Leave the canary as found: its own metrics, its deadline and threshold.
  await adminPatch(member(), CANARY, {
    spec: {
      ...AS_DEFINED.spec,
      analysis: { ...AS_DEFINED.spec.analysis, metrics: definedMetrics },
    },
  }).catch(() => undefined);
});

/** Ends the current run: with a threshold of 1, Flagger rolls it back at its next check. */
async function rollBack() {
  await adminPatch(member(), CANARY, {
    spec: { progressDeadlineSeconds: 60, analysis: { threshold: 1 } },
  });
  await eventually(
    async () =>
      (await canary()).status?.phase === 'Failed' ? true : undefined,
    180_000,
    'podinfo to roll back',
  );
}

test('a metric without data: the lane names it, how often, its query and what to check', async ({
  page,
}) => {
  await settled();
  // A threshold out of reach keeps the run halting instead of rolling back after 5 checks (7.5 s
  // at the lab's pace).
  await adminPatch(member(), CANARY, {
    spec: {
      analysis: {
        threshold: 1000,
        metrics: [NO_TRAFFIC, ...(definedMetrics ?? [])],
      },
    },
  });
  await labRolloutImage(member(), 'test', 'podinfo');
  await openAsGuest(page, TAB);

  const callout = lane(page).getByRole('alert', {
    name: /^Stuck: no-traffic returned no data for \d+ checks?/,
  });
  await expect(callout).toBeVisible({ timeout: 240_000 });
  await expect(callout).toContainText(
    /Flagger halted the analysis \d+ times? since .+: no values found for no-traffic/,
  );
  await expect(callout).toContainText(
    'What to do: Is traffic reaching podinfo-canary',
  );
  await expect(callout).toContainText(NO_TRAFFIC.query);

  // An MCP client asking "why is my rollout stuck" gets the same answer.
  const backend = process.env.PLAYWRIGHT_BACKEND_URL ?? 'http://localhost:7007';
  const diagnosis = await page.request.post(
    `${backend}/api/canary/.backstage/actions/v1/actions/canary:diagnose-rollout/invoke`,
    {
      headers: { Authorization: `Bearer ${await guestToken(page.request)}` },
      data: {
        entityRef: 'component:default/podinfo',
        cluster: CLUSTER,
        namespace: 'test',
        name: 'podinfo',
      },
    },
  );
  expect(diagnosis.status()).toBe(200);
  expect((await diagnosis.json()).output.diagnosis.causes[0]).toMatchObject({
    cause: 'metric-no-data',
    subject: 'no-traffic',
    query: NO_TRAFFIC.query,
  });

  await rollBack();
  await adminPatch(member(), CANARY, {
    spec: { analysis: { metrics: definedMetrics } },
  });
});

test('a revision whose Deployment never becomes available: the lane says so, with its replicas', async ({
  page,
}) => {
  await settled();
  // The demo's 60 s deadline (3 s at the lab's pace) would roll it back at once; a long one keeps
  // it stuck.
  await adminPatch(member(), CANARY, {
    spec: { progressDeadlineSeconds: 3600 },
  });
  await labRolloutImage(member(), 'test', 'podinfo', 'stuck');
  await openAsGuest(page, TAB);

  const callout = lane(page).getByRole('alert', {
    name: /^Stuck: Deployment podinfo is not ready: .+/,
  });
  await expect(callout).toBeVisible({ timeout: 240_000 });
  await expect(callout).toContainText(/replicas (available|updated)/);
  await expect(callout).toContainText(
    'What to do: Look at the pods of podinfo',
  );

  await rollBack();
});
