#!/usr/bin/env node
// Takes the README screenshots of the Canary tab from the running app, backend and lab
// (scripts/serve.sh --time-scale 20): rollout-demo during a healthy run (docs/images/canary-tab.png),
// the metrics of a faulty run after its rollback (canary-metrics.png) and the YAML view
// (canary-yaml.png), and a lane saying why its rollout is stuck (canary-stuck.png). It drives real
// rollouts with the lab's CLI, as a user would with kubectl.
//
// Usage: node scripts/screenshots.mjs
// Environment: PLAYWRIGHT_URL (default http://localhost:3000), CANARY_CHROMIUM (default
// /usr/bin/chromium).
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { chromium } = require('@playwright/test');

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const images = path.join(root, 'docs', 'images');
const appUrl = process.env.PLAYWRIGHT_URL ?? 'http://localhost:3000';
const tab = `${appUrl}/catalog/default/component/rollout-demo/canary`;

const lab = (...args) =>
  execFileSync('yarn', ['lab', ...args], { cwd: root, encoding: 'utf8' });
const lane = (page, cluster) =>
  page.getByRole('region', { name: cluster, exact: true });
const phase = (scope, name) =>
  scope.locator(`[title="Flagger phase: ${name}"]`);
const visible = (locator, timeout = 120_000) =>
  locator.first().waitFor({ state: 'visible', timeout });

const browser = await chromium.launch({
  executablePath: process.env.CANARY_CHROMIUM ?? '/usr/bin/chromium',
  args: require('./chromium-args.json'),
});
try {
  const page = await browser.newPage({
    // tall enough for the whole tab, so the sidebar spans the screenshot
    viewport: { width: 1440, height: 2600 },
  });
  await page.goto(tab);
  await page.getByRole('button', { name: 'Enter' }).click();
  const member1 = lane(page, 'kurator-member1');
  await visible(member1);

  // A healthy run, caught while the canary takes traffic.
  await visible(phase(member1, 'Succeeded').or(phase(member1, 'Failed')));
  lab('rollout', 'rollout-demo');
  // the tab refreshes every few seconds while the lab's steps take 1.5 s: any later step will do
  await visible(member1.getByText(/^Step [3-5] of \d+ done$/));
  await page.waitForTimeout(3_000);
  await page.screenshot({ path: path.join(images, 'canary-tab.png') });
  console.log('docs/images/canary-tab.png: a healthy run in progress');

  // A faulty run, once rolled back: its failed success rate against the threshold.
  await visible(phase(member1, 'Succeeded'));
  lab('rollout', 'rollout-demo', '--faulty');
  await visible(phase(member1, 'Failed'));
  const successRate = page
    .getByRole('region', { name: 'Metrics', exact: true })
    .getByRole('region', { name: 'request-success-rate' });
  await visible(successRate.getByText(/^\d+ failed checks?$/), 60_000);
  await page.waitForTimeout(2_000);
  await page
    .getByRole('region', { name: 'Metrics', exact: true })
    .screenshot({ path: path.join(images, 'canary-metrics.png') });
  console.log(
    'docs/images/canary-metrics.png: the metrics of a rolled back run',
  );

  // The YAML the cluster holds for a lane.
  const name = 'YAML of webapp/backend on kurator-member2';
  await lane(page, 'kurator-member2').getByRole('button', { name }).click();
  const dialog = page.getByRole('dialog', { name });
  await visible(dialog.getByText('kind: Canary'), 30_000);
  await dialog.screenshot({ path: path.join(images, 'canary-yaml.png') });
  console.log('docs/images/canary-yaml.png: the YAML view');
  await page.keyboard.press('Escape');

  // A revision whose Deployment never becomes available: the lane says why the run does not move.
  await visible(phase(member1, 'Succeeded').or(phase(member1, 'Failed')));
  lab('rollout', 'rollout-demo', '--stuck');
  await visible(
    member1.getByRole('alert', { name: /^Stuck: Deployment backend/ }),
    60_000,
  );
  await member1.screenshot({ path: path.join(images, 'canary-stuck.png') });
  console.log('docs/images/canary-stuck.png: why a rollout is stuck');
} finally {
  await browser.close();
}
