import fs from 'fs';
import path from 'path';
import { expect, test } from '@playwright/test';
import { eventually } from './lab';
import {
  backendGuestToken,
  type BackendProcess,
  killBackend,
  postgresUrl,
  recordsHistory,
  repoRoot,
  startBackend,
  stopBackend,
} from './backendProcess';
import { expectRunRecordedThrough } from './recordedRun';

// Two backend instances on one PostgreSQL database, as a horizontally scaled Backstage runs: one
// records the history, holding the recorder's lease. It is killed with SIGKILL while shop/checkout
// rolls out; the other takes the lease over and records the rest of the run. What the store holds
// is compared with every status change of the canary seen by a watch of the cluster itself: no
// transition lost, none twice.
const workDir = path.join(repoRoot, '.lab', 'failover-test');

// The backends; stopped after the test even when it times out.
let backends: BackendProcess[] = [];
test.afterEach(async () => {
  await Promise.all(backends.map(stopBackend));
  backends = [];
});

test('another instance takes the recorder over from a killed one and records the run without loss or duplicates', async () => {
  // Two cold starts of a backend from source at once on a 2-core machine.
  test.setTimeout(480_000);
  fs.rmSync(workDir, { recursive: true, force: true });
  fs.mkdirSync(workDir, { recursive: true });
  const database = {
    client: 'pg',
    connection: await postgresUrl(),
    // A fresh set of plugin databases for this run.
    prefix: `failover_${Date.now()}_`,
  };
  // One after the other, as a rollout of a deployment starts them: two instances migrating one
  // empty database at once make Backstage's catalog fail its start on the migration lock.
  const tokens: string[] = [];
  for (const [i, name] of ['a', 'b'].entries()) {
    backends.push(startBackend({ name, port: 7017 + i, workDir, database }));
    tokens.push(await backendGuestToken(backends[i]));
  }
  const get = async (index: number, url: string) => {
    const response = await fetch(`${backends[index].url}${url}`, {
      headers: { Authorization: `Bearer ${tokens[index]}` },
    });
    return response.ok ? response.json() : undefined;
  };

  const holder = await eventually(
    async () => {
      const holding = backends.filter(recordsHistory);
      return holding.length ? holding : undefined;
    },
    60_000,
    'an instance to take the recorder lease',
  );
  expect(holder, 'instances recording at once').toHaveLength(1);
  const killed = backends.indexOf(holder[0]);
  const survivor = 1 - killed;
  await expectRunRecordedThrough({
    read: url => get(survivor, url),
    fault: async () => {
      killBackend(backends[killed]);
      const killedAt = Date.now();
      await eventually(
        async () => recordsHistory(backends[survivor]) || undefined,
        60_000,
        'the other instance to take the recorder lease over',
      );
      test.info().annotations.push({
        type: 'failover',
        description: `the other instance took the recorder over ${
          (Date.now() - killedAt) / 1000
        } s after the kill -9 (lease ttl 10 s, renewed every 3 s)`,
      });
    },
  });
});
