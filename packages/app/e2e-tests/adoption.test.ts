import { execFileSync, spawn, type ChildProcess } from 'child_process';
import path from 'path';
import {
  test,
  expect,
  type Browser,
  type BrowserContext,
  type Page,
} from '@playwright/test';
import { adminGet, eventually, labCluster } from '../../backend/e2e-tests/lab';
import { idpIdToken } from '../../fleet-lab/src/testing/idpLogin';
import { auditEvent, labInfo, oidcMember } from './auditLog';
import { loginDialog, signInAtLabIdp } from './oidcSignIn';

// Adoption, as a platform engineer does it: a new app from the registry's @backstage/create-app,
// the five Canary packages installed from their packed tarballs following the repository README's
// "Installing into an existing Backstage app", pointed at the fleet lab, started with `yarn start`,
// and used in Chromium: the Canary tab of rollout-demo shows both member clusters, and an action on
// checkout's canary reaches the cluster. scripts/adoption-app.mjs makes the app (and says what
// differs from a user's machine); the new app after create-app and its install is cached between
// runs, so a warm run packs, installs the tarballs and starts.
//
// The app also follows the README's "Clusters with client-side auth": kurator-member2 is an `oidc`
// cluster whose API server trusts the lab's OpenID Provider, so the tab reads and acts on it with
// the signed-in user's ID token, and that member's audit log shows whose token it was. alice has the
// member's RBAC on canaries; mallory has none.

const repoRoot = path.resolve(__dirname, '../../..');
const APP = `http://localhost:${process.env.CANARY_ADOPTION_APP_PORT ?? 3300}`;
const BACKEND = `http://localhost:${
  process.env.CANARY_ADOPTION_BACKEND_PORT ?? 7307
}`;
const MEMBERS = ['kurator-member1', 'kurator-member2'];
const CHECKOUT = '/apis/flagger.app/v1beta1/namespaces/shop/canaries/checkout';
const PAYMENTS =
  '/apis/flagger.app/v1beta1/namespaces/payments/canaries/payments';

test.describe.configure({ mode: 'serial' });

type Canary = { spec: { suspend?: boolean } };

let server: ChildProcess | undefined;
let context: BrowserContext;
let page: Page;

/**
 * A browser of its own (cookies, the IdP's session). The lab IdP serves HTTPS with a certificate
 * of the lab's CA, which Chromium does not know: its certificate errors are ignored.
 */
function newBrowserContext(browser: Browser) {
  return browser.newContext({ baseURL: APP, ignoreHTTPSErrors: true });
}

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
  context = await newBrowserContext(browser);
  page = await context.newPage();
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
  await context?.close();
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

async function openAsGuest(tabPath: string, on: Page = page) {
  await on.goto(tabPath);
  const enter = on.getByRole('button', { name: 'Enter' });
  const lanes = on.locator('section[aria-labelledby^="canary-lane-"]');
  await expect(enter.or(lanes.first()).or(loginDialog(on))).toBeVisible({
    timeout: 120_000,
  });
  if (await enter.isVisible()) await enter.click();
}

/**
 * Opens a Canary tab as the guest. The tab asks for the user's kurator-member2 token before its
 * first read, which opens the OIDC sign-in unless the auth backend renews this browser's session
 * from its refresh cookie: signs in as `user` then. Resolves when `lane` shows.
 */
async function openTab(
  tabPath: string,
  user: string,
  lane: string,
  on: Page = page,
) {
  await openAsGuest(tabPath, on);
  const region = on.getByRole('region', { name: lane });
  await expect(region.or(loginDialog(on))).toBeVisible({ timeout: 120_000 });
  if (await loginDialog(on).isVisible()) await signInAtLabIdp(on, user);
  await expect(region).toBeVisible({ timeout: 120_000 });
}

test("the new app shows the Canary tab of rollout-demo with a lane per member cluster, kurator-member2's read with the user's OIDC token", async () => {
  test.setTimeout(300_000);
  const since = new Date();
  await openTab(
    '/catalog/default/component/rollout-demo/canary',
    'alice',
    'kurator-member2',
  );
  for (const cluster of MEMBERS) {
    const lane = page.getByRole('region', { name: cluster });
    await expect(lane).toBeVisible({ timeout: 120_000 });
    await expect(
      lane.locator('[title^="Flagger phase: "]').first(),
    ).toBeVisible();
  }
  // The member's own record: its canaries were read with alice's ID token.
  await auditEvent(
    since,
    'a read of canaries by oidc:alice',
    e =>
      e.user.username === 'oidc:alice' &&
      ['get', 'list'].includes(e.verb) &&
      e.objectRef?.resource === 'canaries' &&
      e.responseStatus?.code === 200,
  );
});

test('an action from the new app reaches the cluster: pause and resume checkout', async () => {
  test.setTimeout(300_000);
  const member = labCluster('kurator-member1');
  const suspended = async () =>
    (await adminGet<Canary>(member, CHECKOUT)).spec.suspend === true;
  expect(await suspended()).toBe(false);

  await openTab(
    '/catalog/default/component/checkout/canary',
    'alice',
    'kurator-member1',
  );
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

test("an action on kurator-member2 is made with the user's token: pause and resume payments as alice", async () => {
  test.setTimeout(300_000);
  const member = labCluster(oidcMember().name);
  const suspended = async () =>
    (await adminGet<Canary>(member, PAYMENTS)).spec.suspend === true;
  expect(await suspended()).toBe(false);

  await openTab(
    '/catalog/default/component/payments/canary',
    'alice',
    'kurator-member2',
  );
  const lane = page.getByRole('region', { name: 'kurator-member2' });
  for (const [action, expected] of [
    ['Pause', true],
    ['Resume', false],
  ] as const) {
    const since = new Date();
    await lane
      .getByRole('button', { name: action, exact: true })
      .click({ timeout: 120_000 });
    const dialog = page.getByRole('dialog', {
      name: new RegExp(`^${action} .*\\?$`),
    });
    await dialog
      .getByRole('textbox', { name: 'Reason' })
      .fill(`adoption test: ${action.toLowerCase()} with an OIDC token`);
    await dialog.getByRole('button', { name: action, exact: true }).click();
    await expect(dialog).toBeHidden({ timeout: 30_000 });
    await eventually(
      async () => ((await suspended()) === expected ? true : undefined),
      30_000,
      `payments/payments on kurator-member2 to have suspend=${expected}`,
    );
    // The member's audit log: the write was made with alice's token.
    const write = await auditEvent(
      since,
      `a patch of payments by oidc:alice (${action})`,
      e =>
        e.verb === 'patch' &&
        e.objectRef?.resource === 'canaries' &&
        e.objectRef?.name === 'payments' &&
        e.responseStatus?.code === 200,
    );
    expect(write.user.username).toBe('oidc:alice');
    expect(write.user.groups).toContain('oidc:lab-users');
  }
});

test("a user without RBAC on kurator-member2 sees that member's refusal, kurator-member1 still works, and an action there is refused", async ({
  browser,
  request,
}) => {
  test.setTimeout(300_000);
  const own = await newBrowserContext(browser);
  try {
    const mallory = await own.newPage();
    await openTab(
      '/catalog/default/component/rollout-demo/canary',
      'mallory',
      'kurator-member1',
      mallory,
    );
    const member1 = mallory.getByRole('region', { name: 'kurator-member1' });
    await expect(member1).toBeVisible({ timeout: 120_000 });
    await expect(
      member1.locator('[title^="Flagger phase: "]').first(),
    ).toBeVisible();
    // kurator-member2's lane: the member refused mallory's token (its RBAC gives mallory nothing).
    const member2 = mallory.getByRole('region', { name: 'kurator-member2' });
    const refusal = member2.getByRole('alert');
    await expect(refusal).toContainText('User "oidc:mallory"', {
      timeout: 120_000,
    });
    await expect(refusal).toContainText('forbidden');
    await expect(member2.getByRole('button', { name: 'Pause' })).toHaveCount(0);
  } finally {
    await own.close();
  }

  // The action through the Canary API, as the tab would send it with mallory's ID token: refused
  // by the member, and the Canary stays as it was.
  const member = labCluster(oidcMember().name);
  const before = await adminGet<Canary>(member, PAYMENTS);
  const guest = await request.get(`${BACKEND}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  expect(guest.status()).toBe(200);
  const backstageToken = (await guest.json()).backstageIdentity.token;
  const idToken = await idpIdToken(labInfo(), 'mallory');
  const since = new Date();
  const refused = await request.post(
    `${BACKEND}/api/canary/entities/component/default/payments/rollouts/kurator-member2/payments/payments/actions/pause`,
    {
      headers: {
        Authorization: `Bearer ${backstageToken}`,
        'Backstage-Kubernetes-Authorization-oidc-sso': idToken,
      },
      data: { reason: 'adoption test: a user without RBAC' },
    },
  );
  // Refused, naming the member's refusal of mallory.
  const answer = await refused.text();
  expect(refused.status(), answer).toBe(403);
  expect(answer).toContain('oidc:mallory');
  await auditEvent(
    since,
    "the member's refusal of oidc:mallory",
    e => e.user.username === 'oidc:mallory' && e.responseStatus?.code === 403,
  );
  const after = await adminGet<Canary>(member, PAYMENTS);
  expect(after.spec).toEqual(before.spec);
});
