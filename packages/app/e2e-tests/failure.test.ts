import { test, expect } from '@playwright/test';
import {
  adminGet,
  adminPatch,
  eventually,
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

// A faulty revision of podinfo (a native Flagger canary on kurator-member1, templated metrics
// success-rate >= 99 and latency <= 500 ms, rolled back after 5 failed checks) as a service owner
// sees it in the Canary tab: the lane says why it rolled back; and promoting a failing run needs an
// explicit "Promote anyway", after which the lane says the analysis was skipped.

const DEPLOYMENT = '/apis/apps/v1/namespaces/test/deployments/podinfo';

type Deployment = {
  spec: { template: { spec: { containers: Array<{ image: string }> } } };
};

test.describe.configure({ mode: 'serial' });
test.setTimeout(300_000);

test.afterAll(async () => {
  // Leave the canary as found.
  await adminPatch(member(), CANARY, AS_DEFINED).catch(() => undefined);
});

test("a faulty run's lane says why it rolled back: metric, value, bound, failed checks, revision", async ({
  page,
}) => {
  await settled();
  const primary = await adminGet<Deployment>(
    member(),
    '/apis/apps/v1/namespaces/test/deployments/podinfo-primary',
  );
  const serving = primary.spec.template.spec.containers[0].image;
  await labRolloutImage(member(), 'test', 'podinfo', 'faulty');
  await openAsGuest(page, TAB);

  const callout = lane(page).getByRole('alert', {
    name: 'Rolled back after 5 of 5 failed checks',
  });
  await expect(callout).toBeVisible({ timeout: 240_000 });
  // The check that failed, as Flagger recorded it, not its "scaled to zero" condition: the faulty
  // podinfo fails its pre-rollout acceptance test before any traffic reaches it.
  await expect(
    callout.getByRole('list', { name: 'Failed checks' }),
  ).toContainText(/pre-rollout webhook acceptance-test failed: .+/);
  await expect(callout).toContainText(
    'Failed checks at the time of failure: 5 of 5',
  );
  await expect(callout).toContainText(
    /Stopped at (step \d+ of 11|the start \(before step 1 of 11\))/,
  );
  await expect(callout).toContainText(/Rolled back at /);
  await expect(callout).toContainText(
    `Serving the previous revision ${serving}`,
  );
  // Flagger reset its counter on rollback; the lane shows the checks the run failed.
  await expect(lane(page).getByText('5 of 5', { exact: true })).toBeVisible();
  await expect(
    lane(page).getByText(/^Rolled back after step \d+ of 11$/),
  ).toBeVisible();

  // The inbox row and the owners' notification say why in the same words, with this run's time.
  await page.goto('/canary-inbox');
  const row = page.getByRole('listitem', {
    name: `component:default/podinfo test/podinfo on ${CLUSTER}`,
  });
  const why = row.getByText(/^Rolled back after 5 of 5 failed checks at /);
  await expect(why).toBeVisible({ timeout: 60_000 });
  const summary = (await why.textContent())!;
  await page.goto('/notifications');
  // Newest first: the first notification of a failed podinfo run is this run's.
  const notification = page
    .getByRole('row')
    .filter({
      has: page.getByRole('link', {
        name: `Rollout of podinfo failed on ${CLUSTER}`,
      }),
    })
    .first();
  await expect(notification).toBeVisible({ timeout: 60_000 });
  await notification.getByRole('button', { name: 'Show more' }).click();
  await expect(notification).toContainText(
    `Canary test/podinfo on cluster ${CLUSTER}: ${summary}`,
  );
});

test('promoting a failing run needs "Promote anyway", then the lane says the analysis was skipped', async ({
  page,
}) => {
  await settled();
  // A faulty run that has failed checks; its rollback threshold is raised once it has (a paused
  // canary offers no promote), so it cannot roll back while the promote is decided.
  for (let attempt = 1; ; attempt++) {
    await labRolloutImage(member(), 'test', 'podinfo', 'faulty');
    // The previous run may still read Failed until Flagger picks the new revision up.
    await eventually(
      async () =>
        (await canary()).status?.phase === 'Progressing' ? true : undefined,
      120_000,
      'the faulty run of podinfo to start',
    );
    const halted = await eventually(
      async () => {
        const current = await canary();
        if (current.status?.phase === 'Failed') return 'failed';
        return (current.status?.failedChecks ?? 0) > 0 ? 'halted' : undefined;
      },
      180_000,
      'the faulty run of podinfo to fail a check',
    );
    if (halted === 'halted') {
      await adminPatch(member(), CANARY, {
        spec: { analysis: { threshold: 1000 } },
      });
      const held = await canary();
      if (held.status?.phase === 'Progressing') break;
    }
    if (attempt === 3) throw new Error('The faulty run never stayed halted');
    await settled();
  }

  await openAsGuest(page, TAB);
  await expect(
    lane(page).getByRole('alert', {
      name: new RegExp(`^Halted: \\d+ of 1000 failed checks$`),
    }),
  ).toBeVisible({ timeout: 120_000 });

  await lane(page)
    .getByRole('group', { name: `Actions for test/podinfo on ${CLUSTER}` })
    .getByRole('button', { name: 'Promote', exact: true })
    .click();
  const dialog = page.getByRole('dialog', {
    name: `Promote test/podinfo on ${CLUSTER}?`,
  });
  const risk = dialog.getByRole('alert', { name: 'The analysis is failing' });
  await expect(risk).toBeVisible({ timeout: 60_000 });
  await expect(risk).toContainText(
    /Failed checks: \d+ of 1000 \(Flagger rolls back at 1000\)/,
  );
  await dialog
    .getByRole('textbox', { name: 'Reason' })
    .fill('e2e: hotfix, the errors are known');
  const confirm = dialog.getByRole('button', { name: 'Promote anyway' });
  await expect(confirm).toBeDisabled();
  await dialog
    .getByRole('checkbox', {
      name: 'Promote anyway: I accept the failing analysis',
    })
    .check();
  await expect(confirm).toBeEnabled();
  await confirm.click();
  await expect(dialog).toBeHidden({ timeout: 60_000 });

  // Flagger promotes without analysis at its next check (and the backend turns the analysis on
  // again once the run ended, so spec.skipAnalysis is not asserted here).
  const promoted = lane(page).getByRole('alert', {
    name: /^Promoted manually by .+, analysis skipped$/,
  });
  await expect(promoted).toBeVisible({ timeout: 180_000 });
  await expect(promoted).toContainText(
    /Promoted at (step \d+ of 11|the start \(before step 1 of 11\))/,
  );
  await expect(
    lane(page).getByText(
      /^Promoted manually after step \d+ of 11; steps \d+ to 11 skipped, not analysed$/,
    ),
  ).toBeVisible();
  await expect(lane(page)).not.toContainText('analysis completed successfully');
  // The deployment now runs the faulty revision on the primary: what the owner chose.
  const deployment = await adminGet<Deployment>(member(), DEPLOYMENT);
  expect(deployment.spec.template.spec.containers[0].image).toMatch(/-faulty/);
});
