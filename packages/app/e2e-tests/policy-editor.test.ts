import { test, expect } from '@playwright/test';
import { openAsGuest } from './guestSignIn';

// The rollout policy editor of the Canary tab against the running app, backend and fleet lab:
// it starts from the Kurator Application's current policy, validates as the user types, renders
// the YAML, previews what Kurator renders on each member and dry-runs the change on the host.
// Nothing is applied: the lab keeps its policy.

test('edits the Kurator rollout policy of rollout-kuma-demo: errors, YAML, per-cluster preview and dry run', async ({
  page,
}) => {
  test.setTimeout(150_000);
  await openAsGuest(
    page,
    '/catalog/default/component/rollout-kuma-demo/canary',
  );
  await page.getByRole('button', { name: 'Edit rollout policy' }).click();

  const editor = page.getByRole('dialog', {
    name: /Rollout policy of component:default\/rollout-kuma-demo/,
  });
  await expect(
    editor.getByText(
      /Editing Kurator Application default\/rollout-kuma-demo, policy 0/,
    ),
  ).toBeVisible();
  const yaml = editor.getByLabel('Policy YAML');
  await expect(yaml).toContainText('trafficRoutingProvider: kuma');

  // The current policy steps by 10% up to 50%.
  const step = editor.getByLabel('Step weight (%)');
  await expect(step).toHaveValue('10');
  await expect(editor.getByLabel('Max weight (%)')).toHaveValue('50');

  // An invalid value gets its error next to the field, a sentence naming it by its label, and
  // blocks the dry run and apply.
  await step.fill('0');
  await expect(step).toHaveAttribute('aria-invalid', 'true');
  await expect(
    editor.locator('#canary-policy-editor-step-weight-helper-text'),
  ).toHaveText('Step weight (%) must be at least 1.');
  await expect(
    editor.getByRole('button', { name: 'Dry run on clusters' }),
  ).toBeDisabled();

  // A valid step weight: the YAML follows.
  await step.fill('25');
  await expect(step).toHaveAttribute('aria-invalid', 'false');
  await expect(yaml).toContainText('stepWeight: 25');

  // What Kurator renders on each member cluster.
  await editor.getByRole('tab', { name: 'Per-cluster preview' }).click();
  for (const cluster of ['kurator-member1', 'kurator-member2']) {
    const rendered = editor.getByRole('region', {
      name: `Rendered on ${cluster} (member)`,
    });
    await expect(rendered.getByLabel(`Manifests for ${cluster}`)).toContainText(
      'stepWeight: 25',
    );
    await expect(rendered).toContainText('kind: Canary');
  }

  // The dry run diffs the Application against what the host cluster holds.
  await editor.getByRole('button', { name: 'Dry run on clusters' }).click();
  const host = editor.getByRole('region', { name: 'Dry run on host (host)' });
  await expect(host).toContainText('Application default/rollout-kuma-demo');
  await expect(host.getByText('would be updated')).toBeVisible();
  const diff = host.getByLabel(
    'Diff of Application default/rollout-kuma-demo on host',
  );
  await expect(diff).toContainText('-              stepWeight: 10');
  await expect(diff).toContainText('+              stepWeight: 25');
});
