import { expect, type Page } from '@playwright/test';

// Sign-in shared by the app's end-to-end tests.

const backendUrl =
  process.env.PLAYWRIGHT_BACKEND_URL ?? 'http://localhost:7007';

/**
 * Signs in as the guest and opens `path`. The dev backend restarts whenever a backend file
 * changes; a sign-in during a restart fails, so this waits for the guest provider and retries.
 */
export async function openAsGuest(page: Page, path: string) {
  for (let attempt = 1; ; attempt++) {
    await expect
      .poll(
        async () =>
          (
            await page.request.get(`${backendUrl}/api/auth/guest/refresh`)
          ).status(),
        { timeout: 120_000, intervals: [1_000, 2_000, 5_000] },
      )
      .toBe(200);
    await page.goto(path);
    const enter = page.getByRole('button', { name: 'Enter' });
    await enter.click();
    try {
      await expect(enter).toBeHidden({ timeout: 15_000 });
      return;
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}
