import { execFileSync } from 'child_process';
import path from 'path';
import { test, expect, type Locator, type Page } from '@playwright/test';
import { adminGet, eventually, labCluster } from '../../backend/e2e-tests/lab';

// What the Canary tab says while something waits and while a member is down, as a user sees it:
// a promote pending until Flagger's next check, and a stopped member's lanes (Kurator and native)
// showing their last recorded state "unreachable since". The lab runs at 20x.

const repoRoot = path.resolve(__dirname, '../../..');
const TAB = '/catalog/default/component/rollout-demo/canary';
const PAYMENTS_TAB = '/catalog/default/component/payments/canary';
const MEMBERS = ['kurator-member1', 'kurator-member2'];
const CANARY = '/apis/flagger.app/v1beta1/namespaces/webapp/canaries/backend';
const APPLICATION =
  '/apis/apps.kurator.dev/v1alpha1/namespaces/default/applications/rollout-demo';
const SETTLED = ['Succeeded', 'Failed', 'Initialized'];

test.describe.configure({ mode: 'serial' });
test.setTimeout(240_000);

/** `yarn lab <args>` (without yarn's start-up time), with this run's lab environment. */
function lab(...args: string[]): string {
  return execFileSync(
    process.execPath,
    [path.join(repoRoot, 'packages/fleet-lab/bin/fleet-lab'), ...args],
    { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 },
  );
}

const phaseOn = async (cluster: string) =>
  (await adminGet<any>(labCluster(cluster), CANARY)).status?.phase;

async function settled() {
  const app = await adminGet<any>(labCluster('host'), APPLICATION);
  const policy = app.spec.syncPolicies[0].rollout?.rolloutPolicy ?? {};
  if (policy.suspend || policy.skipTrafficAnalysis) {
    throw new Error(
      'rollout-demo is paused or skips analysis: another test left it so',
    );
  }
  await eventually(
    async () => {
      const phases = await Promise.all(MEMBERS.map(phaseOn));
      return phases.every(p => p && SETTLED.includes(p)) ? phases : undefined;
    },
    120_000,
    'rollout-demo to settle on every member',
  );
}

const lane = (page: Page, cluster: string) =>
  page.getByRole('region', { name: cluster, exact: true });

/** Opens a page of the app, signing in as the guest if the app asks (a new browser context). */
async function visit(page: Page, url: string, ready: Locator) {
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  const enter = page.getByRole('button', { name: 'Enter' });
  await enter.or(ready).first().waitFor({ timeout: 60_000 });
  if (await enter.isVisible()) await enter.click();
}

async function openTab(page: Page) {
  for (let attempt = 1; ; attempt++) {
    await page.goto(TAB, { waitUntil: 'domcontentloaded' });
    await page.getByRole('button', { name: 'Enter' }).click();
    try {
      for (const cluster of MEMBERS) {
        await expect(lane(page, cluster)).toBeVisible({ timeout: 60_000 });
      }
      return;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

test('a promote shows as pending, by whom and by when, until Flagger acts on it', async ({
  page,
}) => {
  await settled();
  await openTab(page);
  lab('rollout', 'rollout-demo');
  await eventually(
    async () =>
      (await phaseOn('kurator-member1')) === 'Progressing' ? true : undefined,
    60_000,
    'the run to start on kurator-member1',
  );
  await page.getByRole('button', { name: 'Refresh', exact: true }).click();
  const member1 = lane(page, 'kurator-member1');
  await expect(
    member1.locator('[title="Flagger phase: Progressing"]'),
  ).toBeVisible({ timeout: 30_000 });
  // The run clock counts from the run's start, with the time left from the plan.
  await expect(member1.getByText(/^Run #\d+ time$/)).toBeVisible({
    timeout: 30_000,
  });
  await expect(
    member1.getByText(/^about .* left \(\d+ steps? of 1m 30s\)$/),
  ).toBeVisible();

  try {
    await page
      .getByRole('group', {
        name: 'Actions for Application default/rollout-demo (policy 0)',
      })
      .getByRole('button', { name: 'Promote', exact: true })
      .click();
    const dialog = page.getByRole('dialog', { name: /^Promote .*\?$/ });
    await dialog
      .getByRole('textbox', { name: 'Reason' })
      .fill('e2e: pending note');
    await dialog.getByRole('button', { name: 'Promote', exact: true }).click();
    await expect(dialog).toBeHidden({ timeout: 30_000 });
    // The toast is one line; the lane says what is pending.
    await expect(
      page.getByText('Promote requested for webapp/backend on 2 clusters'),
    ).toBeVisible();
    await expect(
      member1.getByRole('status', { name: 'Pending promote' }),
    ).toContainText(
      /^Promote requested by guest at .*; takes effect once Kurator re-renders the canary \(~30s\) and at Flagger's next check \(every 1m 30s\), at the latest .*\.$/,
    );
    // Flagger promotes: the note goes.
    await expect(
      member1.locator('[title="Flagger phase: Succeeded"]'),
    ).toBeVisible({ timeout: 90_000 });
    await expect(
      member1.getByRole('status', { name: 'Pending promote' }),
    ).toBeHidden();
  } finally {
    // The promote's follow-up clears skipTrafficAnalysis once every run ended; wait for it, so
    // later tests run their analysis.
    await eventually(
      async () => {
        const app = await adminGet<any>(labCluster('host'), APPLICATION);
        return app.spec.syncPolicies[0].rollout?.rolloutPolicy
          ?.skipTrafficAnalysis
          ? undefined
          : true;
      },
      90_000,
      'the promote follow-up to clear skipTrafficAnalysis',
    );
  }
});

test("a stopped member's lane shows its last recorded state, unreachable since it was lost", async ({
  page,
}) => {
  await settled();
  await openTab(page);
  const member2 = lane(page, 'kurator-member2');
  try {
    lab('stop-member', 'kurator-member2');
    // The fleet state notices with its probe (15 s after the last word plus the call timeout).
    await expect(
      member2.getByText(
        /kurator-member2 is unreachable since .*; showing the last recorded state/,
      ),
    ).toBeVisible({ timeout: 90_000 });
    const recorded = member2.getByRole('group', {
      name: 'Last recorded state on kurator-member2',
    });
    await expect(recorded.getByText('Last recorded')).toBeVisible();
    await expect(recorded.locator('[title^="Flagger phase: "]')).toBeVisible();
    await expect(member2.getByText(/^Could not read/)).toBeHidden();

    // A native canary on the stopped member keeps its lane too: payments, bound by its recorded
    // Canary's annotation, shows its last recorded state instead of a cluster error.
    const payments = lane(page, 'kurator-member2');
    await visit(page, PAYMENTS_TAB, payments);
    await expect(
      payments.getByText(
        /kurator-member2 is unreachable since .*; showing the last recorded state/,
      ),
    ).toBeVisible({ timeout: 60_000 });
    await expect(
      payments
        .getByRole('group', { name: 'Last recorded state on kurator-member2' })
        .locator('[title^="Flagger phase: "]'),
    ).toBeVisible();
    await visit(page, TAB, lane(page, 'kurator-member1'));
  } finally {
    lab('start-member', 'kurator-member2');
  }
  await expect(
    member2.locator('[title^="Flagger phase: "]').first(),
  ).toBeVisible({ timeout: 90_000 });
  await expect(
    member2.getByRole('group', {
      name: 'Last recorded state on kurator-member2',
    }),
  ).toBeHidden({ timeout: 90_000 });
});
