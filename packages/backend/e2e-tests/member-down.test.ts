import { execFile } from 'child_process';
import path from 'path';
import { promisify } from 'util';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { adminGet, eventually, labCluster } from './lab';

// One member cluster's kube-apiserver stopped (`yarn lab stop-member`): the entity's rollouts still
// answer 200, with a per-cluster error for that member and full data for the other, and the member
// answers again once started. Other users of the lab see the member down meanwhile: the outage is
// kept short and the member is started again whatever happens.
const backend = 'http://localhost:7007';
const rolloutDemo = `${backend}/api/canary/entities/component/default/rollout-demo/rollouts`;
const stopped = 'kurator-member2';
const running = 'kurator-member1';
const repoRoot = path.resolve(__dirname, '../../..');
const run = promisify(execFile);

/** `yarn lab <args>`, without yarn's own start-up time (it lengthens the outage). */
function lab(...args: string[]) {
  return run(
    process.execPath,
    [path.join(repoRoot, 'packages/fleet-lab/bin/fleet-lab'), ...args],
    { cwd: repoRoot, timeout: 120_000 },
  );
}

async function rollouts(request: APIRequestContext) {
  // The dev backend restarts when its files change: wait until it signs the guest in.
  const token = await eventually(
    async () => {
      const response = await request.get(
        `${backend}/api/auth/guest/refresh?optional&env=development`,
        { headers: { 'X-Requested-With': 'XMLHttpRequest' } },
      );
      return response.ok()
        ? ((await response.json()).backstageIdentity.token as string)
        : undefined;
    },
    90_000,
    'the backend to sign the guest in',
  );
  return async () => {
    const response = await request.get(rolloutDemo, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(response.status()).toBe(200);
    return response.json();
  };
}

/** Per-cluster errors of a rollouts answer: those of the fleet and those of single items. */
function clusterErrors(body: any): Array<{ cluster: string; message: string }> {
  return [
    ...body.errors,
    ...body.items.filter((i: any) => i.error).map((i: any) => i.error),
  ];
}

test('answers with a per-cluster error while a member is down, and recovers', async ({
  request,
}) => {
  test.setTimeout(360_000);
  const read = await rollouts(request);
  // Warm: both members answer before the outage (the catalog may still be ingesting).
  await eventually(
    async () => {
      const body = await read().catch(() => undefined);
      return body?.items.filter((i: any) => i.found).length === 2 || undefined;
    },
    60_000,
    'both members to answer before the outage',
  );

  // Every answer says per cluster how fresh it is: both members are watched before the outage.
  const before = await eventually(
    async () => {
      const body = await read();
      return body.freshness.every((f: any) => f.source === 'watch')
        ? body
        : undefined;
    },
    90_000,
    'both members to be watched',
  );
  expect(before.freshness.map((f: any) => f.cluster).sort()).toEqual([
    running,
    stopped,
  ]);

  let body: any;
  try {
    await lab('stop-member', stopped);
    // The watches of a stopped API server stay open and silent through the Kubernetes plugin's
    // proxy: the fleet state finds out with its probe, 15 s after the last word plus the call timeout.
    body = await eventually(
      async () => {
        const again = await read();
        return clusterErrors(again).length &&
          freshnessOf(again, stopped)?.source === 'live'
          ? again
          : undefined;
      },
      60_000,
      `an error for ${stopped}, read live`,
    );
  } finally {
    await lab('start-member', stopped);
  }
  const startedAgainAt = Date.now();

  // While it was down the member was read live, and the answer said why.
  expect(freshnessOf(body, stopped)).toMatchObject({
    source: 'live',
    disconnected: true,
  });
  expect(freshnessOf(body, running)).toMatchObject({ source: 'watch' });

  const errors = clusterErrors(body);
  expect(errors.map(e => e.cluster)).toContain(stopped);
  expect(errors.map(e => e.cluster)).not.toContain(running);
  const healthy = body.items.find((i: any) => i.cluster === running);
  expect(healthy).toMatchObject({ namespace: 'webapp', name: 'backend' });
  expect(healthy.found).toBe(true);
  expect(healthy.error).toBeUndefined();
  const canary = await adminGet<any>(
    labCluster(running),
    '/apis/flagger.app/v1beta1/namespaces/webapp/canaries/backend',
  );
  expect(healthy.state.phase).toBe(canary.status.phase);
  expect(healthy.revision.lastAppliedSpec).toBe(canary.status.lastAppliedSpec);

  // Started again, the member answers with its canary and no error.
  const recovered = await eventually(
    async () => {
      const again = await read();
      return clusterErrors(again).length === 0 ? again : undefined;
    },
    60_000,
    `${stopped} to answer again`,
  );
  expect(recovered.items.map((i: any) => [i.cluster, i.found]).sort()).toEqual([
    [running, true],
    [stopped, true],
  ]);

  // And its watches come back: reads of it are answered from them again. (They once stayed
  // "reconnecting" for good after this outage; the reconnect now always ends, see ClusterWatch.)
  const watchedAgain = await eventually(
    async () => {
      const again = await read();
      return freshnessOf(again, stopped)?.source === 'watch'
        ? again
        : undefined;
    },
    120_000,
    `${stopped} to be watched again`,
  );
  expect(freshnessOf(watchedAgain, stopped).disconnected).toBeUndefined();
  test.info().annotations.push({
    type: 'recovery',
    description: `${stopped} watched again ${Math.round(
      (Date.now() - startedAgainAt) / 1000,
    )} s after its API server was started`,
  });
});

function freshnessOf(body: any, cluster: string) {
  return body.freshness.find((f: any) => f.cluster === cluster);
}
