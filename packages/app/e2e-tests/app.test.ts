import { test, expect, type Page } from '@playwright/test';

// Every page first shows the guest sign-in; after it, the page asked for renders.
// The entity page's tabs are links in its "Content navigation".
async function openAsGuest(page: Page, path: string) {
  await page.goto(path);
  await page.getByRole('button', { name: 'Enter' }).click();
}

const entityTabs = (page: Page) =>
  page.getByRole('navigation', { name: 'Content navigation' });

test('the catalog lists the fleet workloads', async ({ page }) => {
  await openAsGuest(page, '/');
  await expect(page.getByRole('link', { name: 'rollout-demo' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'podinfo' })).toBeVisible();
});

test('an annotated component has a Canary tab showing where its rollouts live', async ({
  page,
}) => {
  await openAsGuest(page, '/catalog/default/component/rollout-demo');
  await entityTabs(page).getByRole('link', { name: 'Canary' }).click();
  await expect(page).toHaveURL(
    /\/catalog\/default\/component\/rollout-demo\/canary$/,
  );
  await expect(
    page.getByText('Kurator Application default/rollout-demo'),
  ).toBeVisible();
  await expect(page.getByText(/in host cluster host/)).toBeVisible();
});

test('a component without canary annotations has no Canary tab', async ({
  page,
}) => {
  await openAsGuest(page, '/catalog/default/component/backstage-canary');
  const tabs = entityTabs(page);
  await expect(tabs.getByRole('link', { name: 'Overview' })).toBeVisible();
  await expect(tabs.getByRole('link', { name: 'Canary' })).toHaveCount(0);
});

test('the Canary tab shows a lane per member cluster with its phase, and the fleet summary', async ({
  page,
}) => {
  await openAsGuest(page, '/catalog/default/component/rollout-demo/canary');
  // The summary counts the fleet's clusters, e.g. "1 of 2 clusters promoted, 1 progressing".
  await expect(page.getByText(/\bof 2 clusters\b/)).toBeVisible();
  for (const cluster of ['kurator-member1', 'kurator-member2']) {
    const lane = page.getByRole('region', { name: cluster });
    await expect(lane).toBeVisible();
    await expect(
      lane.getByText('webapp/backend', { exact: false }),
    ).toBeVisible();
    // Every lane has a phase chip with a Flagger phase behind it.
    await expect(
      lane.locator('[title^="Flagger phase: "]').first(),
    ).toBeVisible();
  }
  // The first lane's recorded timeline is shown below the lanes.
  await expect(
    page.getByText('Timeline: webapp/backend on kurator-member1'),
  ).toBeVisible();
});

test('the Canary tab shows the analysis metrics of the selected lane, from Prometheus', async ({
  page,
}) => {
  await openAsGuest(page, '/catalog/default/component/rollout-demo/canary');
  const metrics = page.getByRole('region', { name: 'Metrics', exact: true });
  await expect(metrics).toBeVisible();
  await expect(
    metrics.getByText(/^Analysis metrics of webapp\/backend/),
  ).toBeVisible();
  const successRate = metrics.getByRole('region', {
    name: 'request-success-rate',
  });
  await expect(successRate).toBeVisible();
  await expect(successRate.getByText('Accepted: at least 99%')).toBeVisible();
  // Traffic reaches the lab's canaries: the metric has samples and draws a chart.
  await expect(
    successRate.getByRole('figure', {
      name: /^request-success-rate over time/,
    }),
  ).toBeVisible();
  await successRate.getByRole('button', { name: 'Queries' }).click();
  await expect(
    successRate.getByText(/istio_requests_total/).first(),
  ).toBeVisible();
});
