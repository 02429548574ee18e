import fs from 'fs';
import path from 'path';
import { expect, test } from '@playwright/test';
import {
  backendGuestToken,
  type BackendProcess,
  postgres,
  postgresUrl,
  repoRoot,
  startBackend,
  stopBackend,
} from './backendProcess';
import { checkoutRolloutPath, expectRunRecordedThrough } from './recordedRun';

// PostgreSQL stopped for a while under a running backend (on it: the catalog, the Canary history,
// the recorder's lease and cursors), in the middle of a run of shop/checkout, and started again.
// What a user sees meanwhile is recorded; afterwards the history must hold every status change
// the cluster went through (recordedRun.ts), none lost, none twice.
const labDir = process.env.CANARY_LAB_STATE_DIR ?? path.join(repoRoot, '.lab');
const workDir = path.join(labDir, 'database-restart-test');
const OUTAGE_MS = 10_000;

let backend: BackendProcess | undefined;
test.afterEach(async () => {
  await postgres('start');
  await stopBackend(backend);
});

test('PostgreSQL restarted under a running backend: reads say what is unavailable, and the history loses nothing', async () => {
  test.setTimeout(480_000);
  fs.rmSync(workDir, { recursive: true, force: true });
  fs.mkdirSync(workDir, { recursive: true });
  backend = startBackend({
    name: 'pg-restart',
    port: 7029,
    workDir,
    database: {
      client: 'pg',
      connection: await postgresUrl(),
      prefix: `pgrestart_${Date.now()}_`,
    },
  });
  const token = await backendGuestToken(backend);
  const call = (apiPath: string) =>
    fetch(`${backend!.url}${apiPath}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
  const during: Record<string, { status: number; message?: string }> = {};

  await expectRunRecordedThrough({
    read: async apiPath => {
      const response = await call(apiPath);
      return response.ok ? response.json() : undefined;
    },
    fault: async () => {
      await postgres('stop');
      const stoppedAt = Date.now();
      try {
        for (const [what, apiPath] of [
          [
            'rollouts',
            '/api/canary/entities/component/default/checkout/rollouts',
          ],
          ['runs', `${checkoutRolloutPath}/runs`],
          ['timeline', `${checkoutRolloutPath}/timeline`],
        ]) {
          const response = await call(apiPath);
          const body = await response.json().catch(() => undefined);
          during[what] = {
            status: response.status,
            message: body?.error?.message ?? body?.summary,
          };
        }
        // The run goes on on the cluster while the database is away.
        const left = OUTAGE_MS - (Date.now() - stoppedAt);
        if (left > 0) await new Promise(resolve => setTimeout(resolve, left));
      } finally {
        await postgres('start');
      }
      test.info().annotations.push({
        type: 'database down',
        description: `${Math.round(
          (Date.now() - stoppedAt) / 1000,
        )} s; ${JSON.stringify(during)}`,
      });
    },
  });
  // The catalog, the permission and auth backends live on the same database: while it is away a
  // read cannot be decided. It says which part failed and that it may be tried again, never 500.
  for (const [what, answer] of Object.entries(during)) {
    expect(answer.status, `${what} during the outage: ${answer.message}`).toBe(
      503,
    );
    expect(answer.message).toMatch(
      /(service this request needs could not answer|database could not be reached).*try again later/,
    );
  }
});
