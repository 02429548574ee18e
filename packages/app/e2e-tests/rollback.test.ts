import { execFileSync } from 'child_process';
import path from 'path';
import { test, expect, type Page } from '@playwright/test';
import { adminGet, eventually, labCluster } from '../../backend/e2e-tests/lab';

// A Kurator rollback to the previous revision, as a service owner does it from the Canary tab: two
// healthy releases of rollout-demo, then "Roll back to this revision" on the first one. The member
// Deployments must run its image again on every member, and the tab must follow. The lab runs at
// 20x: a healthy run takes about 40 s.

const repoRoot = path.resolve(__dirname, '../../..');
const TAB = '/catalog/default/component/rollout-demo/canary';
const MEMBERS = ['kurator-member1', 'kurator-member2'];
const CANARY = '/apis/flagger.app/v1beta1/namespaces/webapp/canaries/backend';
const DEPLOYMENT = '/apis/apps/v1/namespaces/webapp/deployments/backend';
const SETTLED = ['Succeeded', 'Failed', 'Initialized'];

type Canary = { status?: { phase?: string; lastAppliedSpec?: string } };
type Deployment = {
  spec: { template: { spec: { containers: Array<{ image: string }> } } };
};

test.describe.configure({ mode: 'serial' });

function lab(...args: string[]): string {
  return execFileSync('yarn', ['lab', ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    // `yarn lab` starts a Node process that takes over a minute on a busy machine.
    timeout: 240_000,
  });
}

const canaryOn = (cluster: string) =>
  adminGet<Canary>(labCluster(cluster), CANARY);
const imageOn = async (cluster: string) =>
  (await adminGet<Deployment>(labCluster(cluster), DEPLOYMENT)).spec.template
    .spec.containers[0].image;

/** Waits until every member's run of rollout-demo is over. */
async function settled(what: string) {
  await eventually(
    async () => {
      const phases = await Promise.all(
        MEMBERS.map(async m => (await canaryOn(m)).status?.phase),
      );
      return phases.every(p => p && SETTLED.includes(p)) ? phases : undefined;
    },
    180_000,
    what,
  );
}

/** Rolls out the next image on every member and waits until the run succeeded everywhere. */
async function release(): Promise<string> {
  const before = await Promise.all(
    MEMBERS.map(async m => (await canaryOn(m)).status?.lastAppliedSpec),
  );
  const changes = lab('rollout', 'rollout-demo');
  const image = /-> (\S+)/.exec(changes.split('\n')[0])![1];
  await eventually(
    async () => {
      const canaries = await Promise.all(MEMBERS.map(canaryOn));
      return canaries.every(
        (c, i) =>
          c.status?.phase === 'Succeeded' &&
          c.status.lastAppliedSpec !== before[i],
      )
        ? true
        : undefined;
    },
    180_000,
    `the release of ${image} to succeed on every member`,
  );
  return image;
}

async function openTab(page: Page) {
  for (let attempt = 1; ; attempt++) {
    // The development app may take minutes to serve its bundle on a busy machine.
    await page.goto(TAB, { timeout: 300_000 });
    await page
      .getByRole('button', { name: 'Enter' })
      .click({ timeout: 300_000 });
    try {
      await expect(page.getByRole('table', { name: 'Revisions' })).toBeVisible({
        timeout: 60_000,
      });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

test('a Kurator rollback sets every member back to the previous revision, and the tab follows', async ({
  page,
}) => {
  test.setTimeout(1_500_000);
  await settled('rollout-demo to settle before the test');
  const previous = await release();
  const current = await release();
  expect(current).not.toBe(previous);

  await openTab(page);
  const revisions = page.getByRole('table', { name: 'Revisions' });
  const rowOf = (image: string) =>
    revisions.getByRole('row').filter({ hasText: image });
  await expect(rowOf(current).getByText('running now')).toBeVisible({
    timeout: 60_000,
  });
  await expect(rowOf(previous).getByText('Succeeded')).toBeVisible();

  await rowOf(previous)
    .getByRole('button', { name: /^Roll back to revision #\d+$/ })
    .click();
  const dialog = page.getByRole('dialog', {
    name: /^Roll back to revision #\d+\?$/,
  });
  await expect(dialog).toBeVisible();
  // The dialog says it acts on every member, that Flagger analyses the result and that the
  // Application's source still names the newer revision.
  await expect(
    dialog.getByText(
      'on every member of the policy (kurator-member1, kurator-member2)',
      { exact: false },
    ),
  ).toBeVisible();
  await expect(
    dialog.getByText('Flagger analyses this as a new revision', {
      exact: false,
    }),
  ).toBeVisible();
  await expect(
    dialog.getByText(
      "Application default/rollout-demo's source (Git) still names the newer revision",
      { exact: false },
    ),
  ).toBeVisible();
  await dialog
    .getByRole('textbox', { name: 'Reason' })
    .fill('e2e: back to the previous release');
  await dialog.getByRole('button', { name: 'Roll back', exact: true }).click();
  await expect(dialog).toBeHidden({ timeout: 60_000 });

  // The member Deployments run the previous image again, read independently of Backstage.
  for (const cluster of MEMBERS) {
    expect(await imageOn(cluster)).toBe(previous);
  }
  // Flagger analyses the rolled-back revision as a new one and promotes it.
  await settled('the rolled-back revision to finish on every member');
  for (const cluster of MEMBERS) {
    expect((await canaryOn(cluster)).status?.phase).toBe('Succeeded');
  }

  // The tab follows: the lanes show the previous image, the revisions list marks it as running now,
  // and the rollback is in the timeline with who asked and why.
  for (const cluster of MEMBERS) {
    await expect(
      page
        .getByRole('region', { name: cluster, exact: true })
        .getByText(previous, { exact: true }),
    ).toBeVisible({ timeout: 60_000 });
  }
  await expect(
    revisions
      .getByRole('row')
      .filter({ hasText: previous })
      .filter({ hasText: 'running now' })
      .first(),
  ).toBeVisible({ timeout: 60_000 });
  const timeline = page.getByRole('list', { name: 'Timeline, newest first' });
  await expect(
    timeline.getByText('Reason: e2e: back to the previous release', {
      exact: false,
    }),
  ).toBeVisible({ timeout: 60_000 });
});
