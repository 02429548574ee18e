import { test, expect, type Page } from '@playwright/test';
import { openAsGuest } from './guestSignIn';

// Status is findable: the inbox from the sidebar and the home page, the Overview card, the Canary
// catalog filter, one tab name on every entity, and the empty state of a component that is not set
// up for canary delivery yet.

const entityTabs = (page: Page) =>
  page.getByRole('navigation', { name: 'Content navigation' });

test('the sidebar leads to the Canary inbox, which separates what needs the user from what they can watch', async ({
  page,
}) => {
  await openAsGuest(page, '/');
  await page
    .getByRole('navigation')
    .getByRole('link', { name: 'Canary inbox' })
    .click();
  await expect(page).toHaveURL(/\/canary-inbox$/);
  await expect(
    page.getByText(
      'Rollouts waiting for approval or failed, in the entities you may read',
    ),
  ).toBeVisible();
  // What the lab's rollouts are doing decides which of these shows; one of them always does.
  await expect(
    page
      .getByText(
        /^(Needs you \(\d+\)|Nothing waits for you: no rollout is waiting)/,
      )
      .first(),
  ).toBeVisible();
  // Items the guest can only watch (team-shop's checkout) never offer buttons.
  const watched = page.getByRole('list', { name: 'You can watch' });
  if (await watched.count()) {
    await expect(watched.getByRole('button')).toHaveCount(0);
  }
});

test('the home page has the Canary inbox widget', async ({ page }) => {
  await openAsGuest(page, '/home');
  // The widget draws the inbox list under the card title "Canary inbox".
  await expect(page.getByText('Canary inbox').first()).toBeVisible();
  await expect(
    page
      .getByText(
        /^(Needs you \(\d+\)|Nothing waits for you: no rollout is waiting)/,
      )
      .first(),
  ).toBeVisible();
});

test('the Overview shows the phase on each cluster and links to the Canary tab', async ({
  page,
}) => {
  await openAsGuest(page, '/catalog/default/component/rollout-demo');
  const clusters = page.getByRole('list', { name: 'Phase per cluster' });
  await expect(clusters).toBeVisible({ timeout: 60_000 });
  for (const cluster of ['kurator-member1', 'kurator-member2']) {
    await expect(clusters.getByText(cluster)).toBeVisible();
  }
  await expect(
    clusters.locator('[title^="Flagger phase: "]').first(),
  ).toBeVisible();
  await expect(page.getByText(/\bof 2 clusters\b/).first()).toBeVisible();
  await page.getByRole('link', { name: /Open the Canary tab/ }).click();
  await expect(page).toHaveURL(
    /\/catalog\/default\/component\/rollout-demo\/canary$/,
  );
  await expect(
    page.getByText('Kurator Application default/rollout-demo'),
  ).toBeVisible();
});

test('the tab is named Canary on podinfo too, next to the Kubernetes tab', async ({
  page,
}) => {
  await openAsGuest(page, '/catalog/default/component/podinfo');
  const tabs = entityTabs(page);
  await expect(tabs.getByRole('link', { name: 'Overview' })).toBeVisible();
  await expect(
    tabs.getByRole('link', { name: 'Canary', exact: true }),
  ).toBeVisible();
  await expect(tabs.getByText('Deployment')).toHaveCount(0);
  await tabs.getByRole('link', { name: 'Canary', exact: true }).click();
  await expect(page).toHaveURL(
    /\/catalog\/default\/component\/podinfo\/canary$/,
  );
});

test('a service without canary annotations has a Canary tab that says what to configure', async ({
  page,
}) => {
  await openAsGuest(page, '/catalog/default/component/inventory');
  await entityTabs(page)
    .getByRole('link', { name: 'Canary', exact: true })
    .click();
  await expect(page).toHaveURL(
    /\/catalog\/default\/component\/inventory\/canary$/,
  );
  await expect(
    page.getByText('No rollouts configured for this entity'),
  ).toBeVisible();
  await expect(
    page.getByText(
      /backstage-canary\.io\/kurator-application: default\/rollout-demo/,
    ),
  ).toBeVisible();
});

test('the catalog filters on canary delivery', async ({ page }) => {
  // The demo app serves the catalog at the root.
  await openAsGuest(page, '/');
  await expect(page.getByRole('link', { name: 'inventory' })).toBeVisible();
  await page.getByText('All', { exact: true }).first().click();
  await page
    .getByRole('option', { name: 'Set up for canary delivery' })
    .click();
  await expect(page.getByRole('link', { name: 'rollout-demo' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'inventory' })).toHaveCount(0);
  await expect(page).toHaveURL(
    /filters%5Bcanary%5D=uses-canary|filters\[canary\]=uses-canary/,
  );
});

test("a service the guest does not own says once that it is read-only, names its owners and each action's permission", async ({
  page,
}) => {
  // checkout is owned by team-shop, which the guest is not in: reading is allowed, acting is not.
  await openAsGuest(page, '/catalog/default/component/checkout/canary');
  const banner = page.getByRole('region', { name: 'Read-only access' });
  await expect(banner).toBeVisible({ timeout: 60_000 });
  await expect(banner).toContainText(
    'You can watch these rollouts, not act on them',
  );
  await expect(banner).toContainText('This entity is owned by');
  // The owners are named (and linked) where it says who owns it and who approves gates.
  await expect(banner.getByRole('link', { name: 'team-shop' })).toHaveCount(2);
  await expect(
    banner.getByRole('link', { name: 'team-shop' }).first(),
  ).toHaveAttribute('href', '/catalog/default/group/team-shop');
  await expect(banner).toContainText(
    /Pause and Resume need\s*canary\.rollout\.pause/,
  );
  await expect(banner).toContainText(
    /Promote needs\s*canary\.rollout\.promote/,
  );
  await expect(banner).toContainText(
    /Gate approvals come from\s*team-shop or anyone else holding\s*canary\.rollout\.approve/,
  );
  // The rollout itself is shown: the banner replaces nothing but the actions.
  await expect(
    page.getByRole('region', { name: 'kurator-member1', exact: true }),
  ).toBeVisible();

  // On a service the guest owns, there is no such banner.
  await page.goto('/catalog/default/component/podinfo/canary');
  await expect(
    page.getByRole('region', { name: 'kurator-member1', exact: true }),
  ).toBeVisible({ timeout: 60_000 });
  // Once the permission answers are in (no request left), the banner is still absent.
  await page.waitForLoadState('networkidle');
  await expect(
    page.getByRole('region', { name: 'Read-only access' }),
  ).toHaveCount(0);
});
