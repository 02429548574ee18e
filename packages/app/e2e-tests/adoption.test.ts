import { execFileSync, spawn, type ChildProcess } from 'child_process';
import path from 'path';
import { test, expect, type Page } from '@playwright/test';
import { adminGet, eventually, labCluster } from '../../backend/e2e-tests/lab';

// Adoption, as a platform engineer does it: a new app from the registry's @backstage/create-app,
// the five Canary packages installed from their packed tarballs following the repository README's
// "Installing into an existing Backstage app", pointed at the fleet lab, started with `yarn start`,
// and used in Chromium: the Canary tab of rollout-demo shows both member clusters, and an action on
// checkout's canary reaches the cluster. scripts/adoption-app.mjs makes the app (and says what
// differs from a user's machine); the new app after create-app and its install is cached between
// runs, so a warm run packs, installs the tarballs and starts.

const repoRoot = path.resolve(__dirname, '../../..');
const APP = 'http://localhost:3300';
const BACKEND = 'http://localhost:7307';
const MEMBERS = ['kurator-member1', 'kurator-member2'];
const CHECKOUT = '/apis/flagger.app/v1beta1/namespaces/shop/canaries/checkout';

test.describe.configure({ mode: 'serial' });

let server: ChildProcess | undefined;
let page: Page;

async function up(url: string): Promise<true | undefined> {
  const response = await fetch(url).catch(() => undefined);
  return response?.ok ? true : undefined;
}

test.beforeAll(async ({ browser }) => {
  // Cold (create-app and the first install of about 2,800 packages): about half an hour on two
  // cores; warm: a few minutes.
  test.setTimeout(60 * 60_000);
  const started = Date.now();
  const prepared = execFileSync(
    process.execPath,
    [path.join(repoRoot, 'scripts/adoption-app.mjs'), 'prepare'],
    { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const app = JSON.parse(prepared.trim().split('\n').pop()!);
  // Its own process group, so that the app, the backend and their watchers stop together.
  server = spawn(
    process.execPath,
    [
      path.join(repoRoot, 'scripts/adoption-app.mjs'),
      'start',
      JSON.stringify(app),
    ],
    { cwd: repoRoot, detached: true, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  await eventually(
    () => up(`${BACKEND}/api/canary/health`),
    10 * 60_000,
    `the adoption app's backend at ${BACKEND}`,
  );
  await eventually(() => up(APP), 10 * 60_000, `the adoption app at ${APP}`);
  // The time it took, in the results (node_modules/.cache/test-results/e2e.json) and the log.
  const took = `adoption app ready in ${((Date.now() - started) / 1000).toFixed(
    0,
  )} s (${app.cached ? 'warm' : 'cold'}: ${JSON.stringify(app.timings)} ms)`;
  test.info().annotations.push({ type: 'timing', description: took });
  process.stdout.write(`${took}\n`);
  page = await browser.newPage({ baseURL: APP });
});

/** Whether any process of the group is left. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

test.afterAll(async () => {
  await page?.close();
  const pgid = server?.pid;
  if (!pgid || !groupAlive(pgid)) return;
  // The app's and the backend's processes stop on SIGTERM within seconds; what is left after 30 s
  // is killed.
  process.kill(-pgid, 'SIGTERM');
  const deadline = Date.now() + 30_000;
  while (groupAlive(pgid) && Date.now() < deadline) {
    await new Promise(resolve => setTimeout(resolve, 500));
  }
  if (groupAlive(pgid)) process.kill(-pgid, 'SIGKILL');
});

async function openAsGuest(tabPath: string) {
  await page.goto(tabPath);
  const enter = page.getByRole('button', { name: 'Enter' });
  const lanes = page.locator('section[aria-labelledby^="canary-lane-"]');
  await expect(enter.or(lanes.first())).toBeVisible({ timeout: 120_000 });
  if (await enter.isVisible()) await enter.click();
}

test('the new app shows the Canary tab of rollout-demo with a lane per member cluster', async () => {
  test.setTimeout(300_000);
  await openAsGuest('/catalog/default/component/rollout-demo/canary');
  for (const cluster of MEMBERS) {
    const lane = page.getByRole('region', { name: cluster });
    await expect(lane).toBeVisible({ timeout: 120_000 });
    await expect(
      lane.locator('[title^="Flagger phase: "]').first(),
    ).toBeVisible();
  }
});

test('an action from the new app reaches the cluster: pause and resume checkout', async () => {
  test.setTimeout(300_000);
  const member = labCluster('kurator-member1');
  type Canary = { spec: { suspend?: boolean } };
  const suspended = async () =>
    (await adminGet<Canary>(member, CHECKOUT)).spec.suspend === true;
  expect(await suspended()).toBe(false);

  await openAsGuest('/catalog/default/component/checkout/canary');
  const lane = page.getByRole('region', { name: 'kurator-member1' });
  for (const [action, expected] of [
    ['Pause', true],
    ['Resume', false],
  ] as const) {
    await lane.getByRole('button', { name: action, exact: true }).click();
    const dialog = page.getByRole('dialog', {
      name: new RegExp(`^${action} .*\\?$`),
    });
    await dialog
      .getByRole('textbox', { name: 'Reason' })
      .fill(`adoption test: ${action.toLowerCase()}`);
    await dialog.getByRole('button', { name: action, exact: true }).click();
    await expect(dialog).toBeHidden({ timeout: 30_000 });
    await eventually(
      async () => ((await suspended()) === expected ? true : undefined),
      30_000,
      `shop/checkout on kurator-member1 to have suspend=${expected}`,
    );
  }
});
