import { execFileSync } from 'child_process';
import fs from 'fs';
import https from 'https';
import path from 'path';
import { test, expect, type Locator, type Page } from '@playwright/test';
import {
  adminGet,
  eventually,
  labCluster,
  type LabCluster,
} from '../../backend/e2e-tests/lab';

// Rollouts of rollout-demo (a Kurator Application, Istio, on both members of the fleet) driven by the
// lab and watched in the Canary tab as a user sees it. The lab runs at 20x: a healthy run takes about
// 40 s, a faulty one fails after two failed checks.

const repoRoot = path.resolve(__dirname, '../../..');
const TAB = '/catalog/default/component/rollout-demo/canary';
const MEMBERS = ['kurator-member1', 'kurator-member2'];
const APPLICATION =
  '/apis/apps.kurator.dev/v1alpha1/namespaces/default/applications/rollout-demo';
const CANARY = '/apis/flagger.app/v1beta1/namespaces/webapp/canaries/backend';
const SETTLED = ['Succeeded', 'Failed', 'Initialized'];

type Canary = {
  spec: { suspend?: boolean; skipAnalysis?: boolean };
  status?: { phase?: string; canaryWeight?: number };
};
type RolloutPolicy = { suspend?: boolean; skipTrafficAnalysis?: boolean };
type Application = {
  spec: {
    syncPolicies: Array<{ rollout?: { rolloutPolicy?: RolloutPolicy } }>;
  };
};

test.describe.configure({ mode: 'serial' });
test.setTimeout(150_000);

/** Runs a command of the lab's CLI (`yarn lab ...`) and returns what it printed. */
function lab(...args: string[]): string {
  return execFileSync('yarn', ['lab', ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

const host = () => labCluster('host');

async function rolloutPolicy(): Promise<RolloutPolicy> {
  const app = await adminGet<Application>(host(), APPLICATION);
  return app.spec.syncPolicies[0].rollout?.rolloutPolicy ?? {};
}

const canaryOn = (cluster: string) =>
  adminGet<Canary>(labCluster(cluster), CANARY);

/** Sets fields of the Application's rollout policy as the lab's admin (test set-up and clean-up). */
function patchRolloutPolicy(cluster: LabCluster, fields: RolloutPolicy) {
  const body = JSON.stringify(
    Object.entries(fields).map(([field, value]) => ({
      op: 'add',
      path: `/spec/syncPolicies/0/rollout/rolloutPolicy/${field}`,
      value,
    })),
  );
  return new Promise<void>((resolve, reject) => {
    const request = https.request(
      `${cluster.url}${APPLICATION}`,
      {
        method: 'PATCH',
        ca: fs.readFileSync(cluster.caFile),
        headers: {
          Authorization: `Bearer ${cluster.tokens.admin}`,
          'Content-Type': 'application/json-patch+json',
        },
        timeout: 10_000,
      },
      response => {
        response.resume();
        response.on('end', () =>
          (response.statusCode ?? 500) < 300
            ? resolve()
            : reject(new Error(`PATCH Application: ${response.statusCode}`)),
        );
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** Waits until no run of rollout-demo is in progress on any member, so a new one starts clean. */
async function settled() {
  const policy = await rolloutPolicy();
  if (policy.suspend || policy.skipTrafficAnalysis) {
    await patchRolloutPolicy(host(), {
      suspend: false,
      skipTrafficAnalysis: false,
    });
  }
  await eventually(
    async () => {
      const phases = await Promise.all(
        MEMBERS.map(async m => (await canaryOn(m)).status?.phase),
      );
      return phases.every(p => p && SETTLED.includes(p)) ? phases : undefined;
    },
    120_000,
    'rollout-demo to settle on every member',
  );
}

async function openTab(page: Page) {
  // The development app may take a while to load on a busy machine, and a sign-in made while the
  // backend restarts is lost: sign in again until the lanes show.
  for (let attempt = 1; ; attempt++) {
    await page.goto(TAB);
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

/** The lane of a cluster in the fleet overview. */
function lane(page: Page, cluster: string) {
  return page.getByRole('region', { name: cluster, exact: true });
}
const phaseChip = (scope: Locator, phase: string) =>
  scope.locator(`[title="Flagger phase: ${phase}"]`);
/** The lane's "Canary traffic" readout, e.g. "30%". */
const trafficReadout = (scope: Locator) =>
  scope
    .getByText('Canary traffic', { exact: true })
    .locator('xpath=following-sibling::*[1]');
/** The step bar's caption, e.g. "Step 3 of 6 done". */
const stepCaption = (scope: Locator) =>
  scope.getByText(/^Step \d+ of \d+ done$/);

/**
 * Runs an action from the Kurator policy's action bar (one for every lane of the policy) through
 * its confirmation dialog, with a reason.
 */
async function runAction(
  page: Page,
  action: 'Pause' | 'Resume' | 'Promote',
  reason: string,
) {
  await page
    .getByRole('group', {
      name: 'Actions for Application default/rollout-demo (policy 0)',
    })
    .getByRole('button', { name: action, exact: true })
    .click();
  const dialog = page.getByRole('dialog', {
    name: new RegExp(`^${action} .*\\?$`),
  });
  await expect(dialog).toBeVisible();
  // The dialog says where the change lands: every cluster of the Kurator policy, named.
  await expect(
    dialog.getByText(
      'applies to every cluster of the policy: kurator-member1, kurator-member2.',
      { exact: false },
    ),
  ).toBeVisible();
  await dialog.getByRole('textbox', { name: 'Reason' }).fill(reason);
  await dialog.getByRole('button', { name: action, exact: true }).click();
  await expect(dialog).toBeHidden({ timeout: 30_000 });
}

// One page for the whole file, opened once: the tab updates itself, as a user watching it sees.
let page: Page;

test.beforeAll(async ({ browser }) => {
  test.setTimeout(300_000);
  await settled();
  page = await browser.newPage();
  await openTab(page);
});

test.afterAll(async () => {
  await page?.close();
});

test.beforeEach(async () => {
  await settled();
});

test('a healthy rollout advances its weights step by step in every lane and reaches Succeeded', async () => {
  // the run (about 40 s at 20x), then the recorded timeline
  test.setTimeout(240_000);
  const member1 = lane(page, 'kurator-member1');
  // A run lasts about 40 s: if the tab could not read the backend during all of it (a development
  // backend restarting), the run is over before it shows; start one more run then.
  let image = '';
  for (let attempt = 1; ; attempt++) {
    const changes = lab('rollout', 'rollout-demo');
    image = /-> (\S+)/.exec(changes.split('\n')[0])![1];
    try {
      await expect(phaseChip(member1, 'Progressing')).toBeVisible({
        timeout: 60_000,
      });
      break;
    } catch (error) {
      if (attempt === 2) throw error;
      await settled();
    }
  }
  // Watch what the lane shows while the run progresses: phase, weight readout and step bar. How
  // many of the 4.5 s steps the lane shows depends on how fast the backend answers.
  const weights = new Set<string>();
  const seen = new Set<string>();
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (await phaseChip(member1, 'Succeeded').isVisible()) break;
    const weight = await trafficReadout(member1)
      .textContent({ timeout: 1_000 })
      .catch(() => null);
    if (weight && /^[1-9]\d*%$/.test(weight)) weights.add(weight);
    const step = await stepCaption(member1)
      .textContent({ timeout: 1_000 })
      .catch(() => null);
    seen.add(`${weight} ${step}`);
    await page.waitForTimeout(250);
  }
  // The lane showed the canary taking a planned share of the traffic (10..50 %), and changed as the
  // run went on.
  expect([...weights].length).toBeGreaterThanOrEqual(1);
  expect(
    [...weights].every(w => [10, 20, 30, 40, 50].includes(parseInt(w, 10))),
  ).toBe(true);
  expect(seen.size).toBeGreaterThanOrEqual(2);

  for (const cluster of MEMBERS) {
    const scope = lane(page, cluster);
    await expect(phaseChip(scope, 'Succeeded')).toBeVisible({
      timeout: 90_000,
    });
    await expect(scope.getByText(image, { exact: true })).toBeVisible();
  }
  await expect(page.getByText('2 of 2 clusters promoted')).toBeVisible();
  // The timeline of the run tells the same story.
  const timeline = page.getByRole('list', { name: 'Timeline, newest first' });
  // The timeline reads the recorder's store, which follows the clusters' watches as they change.
  await expect(timeline.getByText('Promotion completed').first()).toBeVisible();
  // Every step of the run is in its timeline: the weights advanced 10, 20, 30, 40, 50 %.
  for (const weight of [10, 20, 30, 40, 50]) {
    await expect(
      timeline
        .getByText(`Canary weight advanced to ${weight}%`, { exact: true })
        .first(),
    ).toBeVisible();
  }
});

test('pause, resume and promote from the tab change the Kurator Application and every lane', async () => {
  const member1 = lane(page, 'kurator-member1');
  try {
    // Paused, a new revision waits: Flagger skips the canary while spec.suspend is set.
    await runAction(page, 'Pause', 'e2e: hold releases');
    expect((await rolloutPolicy()).suspend).toBe(true);
    for (const cluster of MEMBERS) {
      await eventually(
        async () => ((await canaryOn(cluster)).spec.suspend ? true : undefined),
        30_000,
        `the Canary on ${cluster} to be suspended`,
      );
      await expect(
        lane(page, cluster).getByText('Paused', { exact: true }),
      ).toBeVisible({ timeout: 30_000 });
    }
    lab('rollout', 'rollout-demo');
    await page.waitForTimeout(5_000);
    for (const cluster of MEMBERS) {
      expect((await canaryOn(cluster)).status?.phase).toBe('Succeeded');
    }

    await runAction(page, 'Resume', 'e2e: release now');
    expect((await rolloutPolicy()).suspend).toBe(false);
    for (const cluster of MEMBERS) {
      await eventually(
        async () => ((await canaryOn(cluster)).spec.suspend ? undefined : true),
        30_000,
        `the Canary on ${cluster} to be resumed`,
      );
    }
    // The run starts on resume; promote it before its analysis ends. It lasts about 40 s: as a user
    // in a hurry would, refresh the tab once the run is on rather than wait for the next update.
    await eventually(
      async () =>
        (await canaryOn('kurator-member1')).status?.phase === 'Progressing'
          ? true
          : undefined,
      60_000,
      'the run to start on kurator-member1',
    );
    await page.getByRole('button', { name: 'Refresh', exact: true }).click();
    await expect(phaseChip(member1, 'Progressing')).toBeVisible({
      timeout: 30_000,
    });
    await expect(member1.getByText('Paused', { exact: true })).toBeHidden();

    await runAction(page, 'Promote', 'e2e: ship it now');
    expect((await rolloutPolicy()).skipTrafficAnalysis).toBe(true);
    for (const cluster of MEMBERS) {
      await eventually(
        async () =>
          (await canaryOn(cluster)).spec.skipAnalysis ? true : undefined,
        30_000,
        `Kurator to render skipAnalysis into the Canary on ${cluster}`,
      );
    }
    for (const cluster of MEMBERS) {
      await expect(phaseChip(lane(page, cluster), 'Succeeded')).toBeVisible({
        timeout: 60_000,
      });
      expect((await canaryOn(cluster)).status?.phase).toBe('Succeeded');
    }
    // The actions are in the timeline with who asked and why.
    const timeline = page.getByRole('list', { name: 'Timeline, newest first' });
    await expect(
      timeline.getByText(/^promote by guest: succeeded$/),
    ).toBeVisible();
    await expect(
      timeline.getByText('Reason: e2e: ship it now', { exact: false }),
    ).toBeVisible();
  } finally {
    // Leave the policy as found: a promote's skipTrafficAnalysis would skip every later analysis.
    await patchRolloutPolicy(host(), {
      suspend: false,
      skipTrafficAnalysis: false,
    });
  }
});

test('a faulty rollout halts on its failed checks and rolls back, with the failed metric marked', async () => {
  // The promote of the previous test leaves skipAnalysis rendered until Kurator reconciles the reset.
  for (const cluster of MEMBERS) {
    await eventually(
      async () =>
        (await canaryOn(cluster)).spec.skipAnalysis ? undefined : true,
      30_000,
      `skipAnalysis to be cleared on ${cluster}`,
    );
  }
  const changes = lab('rollout', 'rollout-demo', '--faulty');
  const image = /-> (\S+)/.exec(changes.split('\n')[0])![1];
  const member1 = lane(page, 'kurator-member1');
  // The tab shows this run, not an earlier one that also failed: the run picker names its image.
  const shownImage = image
    .split('/')
    .pop()!
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  await expect(
    page.getByRole('button', {
      name: new RegExp(`^Run #\\d+ ${shownImage} · Failed · `),
    }),
  ).toBeVisible({ timeout: 120_000 });
  for (const cluster of MEMBERS) {
    await expect(phaseChip(lane(page, cluster), 'Failed')).toBeVisible({
      timeout: 120_000,
    });
  }

  // The timeline shows the halts with the metric's value against its threshold, then the rollback.
  const timeline = page.getByRole('list', { name: 'Timeline, newest first' });
  await expect(
    timeline
      .getByText(/Halted: request-success-rate [\d.]+ < threshold 99$/)
      .first(),
  ).toBeVisible();
  await expect(
    timeline.getByText(/Rolled back: failed checks/).first(),
  ).toBeVisible();
  await expect(member1.getByText(/rollback at 2 failed checks/)).toBeVisible();

  // The metrics panel marks the failed checks of the metric.
  const successRate = page
    .getByRole('region', { name: 'Metrics', exact: true })
    .getByRole('region', { name: 'request-success-rate' });
  await expect(successRate.getByText(/^\d+ failed checks?$/)).toBeVisible({
    timeout: 30_000,
  });
  await expect(
    successRate.getByRole('list', {
      name: 'Failed checks of request-success-rate',
    }),
  ).toBeVisible();
});

test('the YAML view shows the Canary and the Kurator Application as the clusters hold them', async () => {
  await lane(page, 'kurator-member2')
    .getByRole('button', { name: 'YAML of webapp/backend on kurator-member2' })
    .click();
  const dialog = page.getByRole('dialog', {
    name: 'YAML of webapp/backend on kurator-member2',
  });
  const canaryYaml = dialog.getByRole('region', { name: 'Canary YAML' });
  await expect(canaryYaml.getByText('kind: Canary')).toBeVisible();
  await expect(canaryYaml.getByText('managedFields:')).toHaveCount(0);
  await dialog.getByRole('tab', { name: 'Kurator Application' }).click();
  await expect(
    dialog
      .getByRole('region', { name: 'Kurator Application YAML' })
      .getByText('kind: Application'),
  ).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});
