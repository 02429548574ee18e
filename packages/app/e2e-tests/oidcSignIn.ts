import { expect, type Page } from '@playwright/test';

// Signing in at the lab's OpenID Provider from a Backstage app: the app's "Login Required" dialog
// opens the auth backend's OIDC popup, which shows the lab IdP's form.

/** The app's dialog asking to sign in at an auth provider. */
export const loginDialog = (page: Page) =>
  page.getByRole('dialog', { name: 'Login Required' });

/**
 * Answers the app's "Login Required" dialog for the OIDC provider: opens its popup, signs in as
 * `user` at the lab IdP (unless the IdP still knows this browser, when the popup closes by itself)
 * and waits until the popup has handed the session back and closed.
 */
export async function signInAtLabIdp(page: Page, user: string) {
  const dialog = loginDialog(page);
  await expect(dialog).toBeVisible({ timeout: 120_000 });
  const popupOpened = page.waitForEvent('popup', { timeout: 60_000 });
  await dialog.getByRole('button', { name: 'Log in' }).click();
  const popup = await popupOpened;
  const closed = popup.waitForEvent('close', { timeout: 120_000 });
  const form = popup.getByLabel('User name');
  const shown = await Promise.race([
    form.waitFor({ timeout: 60_000 }).then(() => true),
    closed.then(() => false),
  ]);
  if (shown) {
    await form.fill(user);
    await popup.getByRole('button', { name: 'Sign in' }).click();
  }
  await closed;
  await expect(dialog).toBeHidden({ timeout: 30_000 });
}
