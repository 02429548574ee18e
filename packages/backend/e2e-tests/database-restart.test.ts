import fs from 'fs';
import path from 'path';
import { expect, test } from '@playwright/test';
import {
  type BackendInstance,
  callInstance,
  postgres,
  repoRoot,
  roundRobinRead,
  startInstances,
  stopBackend,
} from './backendProcess';
import { checkoutRolloutPath, expectRunRecordedThrough } from './recordedRun';

// PostgreSQL stopped for a while under two running backend instances (on it: the catalog, the
// Canary history, the recorder's lease and cursors), in the middle of a run of shop/checkout, and
// started again. What a user sees meanwhile is recorded, from both instances; afterwards the
// history must hold every status change the cluster went through (recordedRun.ts), none lost,
// none twice, whichever instance held the recorder's lease.
const labDir = process.env.CANARY_LAB_STATE_DIR ?? path.join(repoRoot, '.lab');
const workDir = path.join(labDir, 'database-restart-test');
const OUTAGE_MS = 10_000;

let instances: BackendInstance[] = [];
test.afterEach(async () => {
  await postgres('start');
  await Promise.all(instances.map(i => stopBackend(i.backend)));
  instances = [];
});

test('PostgreSQL restarted under a running backend: reads say what is unavailable, and the history loses nothing', async () => {
  test.setTimeout(480_000);
  fs.rmSync(workDir, { recursive: true, force: true });
  fs.mkdirSync(workDir, { recursive: true });
  instances = await startInstances({
    name: 'pg-restart',
    ports: [7029, 7030],
    workDir,
  });
  const during: Record<string, { status: number; message?: string }> = {};

  // Reads go to one instance and then the other, as behind a load balancer.
  await expectRunRecordedThrough({
    read: roundRobinRead(instances),
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
          for (const [index, instance] of instances.entries()) {
            const response = await callInstance(instance, apiPath);
            const body = await response.json().catch(() => undefined);
            during[`${what} (instance ${index + 1})`] = {
              status: response.status,
              message: body?.error?.message ?? body?.summary,
            };
          }
        }
        // The same read through the actions registry (MCP clients, templates) says the same.
        for (const [index, instance] of instances.entries()) {
          const response = await callInstance(
            instance,
            '/api/canary/.backstage/actions/v1/actions/canary:get-entity-rollouts/invoke',
            {
              method: 'POST',
              body: JSON.stringify({ entityRef: 'component:default/checkout' }),
            },
          );
          const body = await response.json().catch(() => undefined);
          during[`registered action (instance ${index + 1})`] = {
            status: response.status,
            message: body?.error?.message,
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
