import { defineConfig } from '@playwright/test';
import { generateProjects } from '@backstage/e2e-test-utils/playwright';
import chromiumArgs from './scripts/chromium-args.json';

// End-to-end tests run in the system Chromium (installed by scripts/ensure-chromium.sh): this project
// never downloads a browser build. Its flags (scripts/chromium-args.json, shared with the scripts that
// drive it) keep headless Chromium off the network.
const chromium = {
  executablePath: process.env.CANARY_CHROMIUM ?? '/usr/bin/chromium',
  args: chromiumArgs,
};

export default defineConfig({
  timeout: 90_000,
  expect: { timeout: 30_000 },

  // The lab, the app (:3000) and the backend (:7007) are started from source unless already running.
  // The lab runs 20 times faster than real time, so a rollout's run takes about 40 s (the tests that
  // trigger rollouts expect that pace).
  webServer: [
    {
      command: 'bash scripts/serve.sh --time-scale 20',
      url: 'http://localhost:3000',
      reuseExistingServer: !process.env.CI,
      timeout: 300_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      command:
        'node scripts/wait-for-url.mjs http://localhost:7007/api/canary/health',
      url: 'http://localhost:7007/api/canary/health',
      reuseExistingServer: true,
      timeout: 300_000,
    },
  ],

  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 1,

  reporter: [
    ['list'],
    ['json', { outputFile: 'node_modules/.cache/test-results/e2e.json' }],
  ],

  use: {
    baseURL: process.env.PLAYWRIGHT_URL ?? 'http://localhost:3000',
    browserName: 'chromium',
    headless: true,
    launchOptions: chromium,
    screenshot: 'only-on-failure',
  },

  outputDir: 'node_modules/.cache/e2e-test-results',

  projects: generateProjects().map(project => ({
    ...project,
    use: { browserName: 'chromium' as const, launchOptions: chromium },
  })),
});
