import { test, expect, type Page } from '@playwright/test';
import { openAsGuest } from './guestSignIn';

// The canary-service software template in the app's Create page, as a guest: the form with the
// CanaryPolicyPicker field of the Canary plugin, its validation next to the field, and the review
// step. Nothing is created: the template has no publish step and this test never presses Create.

/** Picks an option of a select field (MUI Select of the scaffolder form) by its label. */
async function choose(page: Page, label: string, option: string | RegExp) {
  await page.getByRole('button', { name: new RegExp(`^${label}`) }).click();
  await page.getByRole('option', { name: option }).click();
}

test('fills the canary-service template with the policy editor field and reaches the review', async ({
  page,
}) => {
  test.setTimeout(150_000);
  await openAsGuest(page, '/create');

  const card = page
    .locator('[class*="MuiCard-root"]')
    .filter({ hasText: 'Service with canary delivery' });
  await expect(card).toBeVisible();
  await card.getByRole('button', { name: 'Choose' }).click();
  await expect(page).toHaveURL(/\/create\/templates\/default\/canary-service/);

  // Step 1: the service.
  await page
    .getByRole('textbox', { name: 'Name', exact: true })
    .fill('scaffold-e2e');
  const owner = page.getByRole('textbox', { name: 'Owner' });
  await owner.click();
  await owner.fill('guests');
  await page
    .getByRole('option', { name: /guests/ })
    .first()
    .click();
  await expect(page.getByRole('textbox', { name: 'Namespace' })).toHaveValue(
    'test',
  );
  await page.getByRole('button', { name: 'Next' }).click();

  // Step 2: the rollout, with the full policy editor: its own step, the guided ones left out.
  await choose(page, 'Rollout policy', /^Policy editor/);
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText('Weight step (%)')).toHaveCount(0);
  const stepWeights = page.getByLabel('Step weights (%)');
  await expect(stepWeights).toBeVisible();

  // An invalid weight: the error appears under the field, a sentence naming it by its label and
  // saying what is allowed.
  await stepWeights.fill('5, 10, 250');
  const weightsHelp = page.locator('#canary-policy-step-weights-helper-text');
  await expect(weightsHelp).toHaveText('Step weights (%) must be at most 100.');
  await expect(stepWeights).toHaveAttribute('aria-invalid', 'true');
  // The step does not move on while the policy has errors (the last form step's button is Review).
  await page.getByRole('button', { name: 'Review' }).click();
  await expect(stepWeights).toBeVisible();

  await stepWeights.fill('5, 10, 25, 50');
  await expect(stepWeights).toHaveAttribute('aria-invalid', 'false');
  await expect(weightsHelp).toHaveCount(0);
  await page.getByRole('button', { name: 'Review' }).click();

  // Review: what will be created, and no other step.
  await expect(page.getByRole('button', { name: 'Create' })).toBeVisible();
  const review = page.getByRole('table');
  await expect(
    review.getByRole('row', { name: 'Name scaffold-e2e' }),
  ).toBeVisible();
  await expect(review.getByText('group:default/guests')).toBeVisible();
  await expect(
    review.getByRole('row', { name: 'Output kind Native Flagger Canary' }),
  ).toBeVisible();
  // The policy the editor made, bound to the service of step 1, and none of the guided values.
  const policy = review.getByRole('row', { name: /^Rollout policy/ });
  await expect(policy).toHaveCount(1);
  await expect(policy).toContainText(
    /workload:\s*apiVersion:\s*apps\/v1\s*kind:\s*Deployment\s*name:\s*scaffold-e2e\s*namespace:\s*test/,
  );
  await expect(policy).toContainText(/port:\s*9898/);
  await expect(policy).toContainText(/stepWeights:\s*5\s*10\s*25\s*50/);
  await expect(review.getByRole('row', { name: /^Strategy/ })).toHaveCount(0);
  await expect(review.getByRole('row', { name: /^Weight step/ })).toHaveCount(
    0,
  );
});
