import { execFile } from 'child_process';
import fs from 'fs';
import path from 'path';
import { promisify } from 'util';
import { expect, test } from '@playwright/test';
import {
  type BackendInstance,
  callInstance,
  repoRoot,
  startInstances,
  stopBackend,
} from './backendProcess';
import { adminGet, eventually, labCluster } from './lab';

// One member cluster's kube-apiserver stopped (`yarn lab stop-member`): the entity's rollouts still
// answer 200, with a per-cluster error for that member and full data for the other, and the member
// answers again once started. Two backend instances of the test's own on one PostgreSQL database
// (ports 7035 and 7036), as a scaled Backstage runs, are each asked every read. Other users of the
// lab see the member down meanwhile: the outage is kept short and the member is started again
// whatever happens.
const rolloutDemo =
  '/api/canary/entities/component/default/rollout-demo/rollouts';
const stopped = 'kurator-member2';
const running = 'kurator-member1';
const labDir = process.env.CANARY_LAB_STATE_DIR ?? path.join(repoRoot, '.lab');
const workDir = path.join(labDir, 'member-down-test');
const run = promisify(execFile);

/** `yarn lab <args>`, without yarn's own start-up time (it lengthens the outage). */
function lab(...args: string[]) {
  return run(
    process.execPath,
    [path.join(repoRoot, 'packages/fleet-lab/bin/fleet-lab'), ...args],
    { cwd: repoRoot, timeout: 120_000 },
  );
}

let instances: BackendInstance[] = [];
test.afterAll(async () => {
  await Promise.all(instances.map(i => stopBackend(i.backend)));
});

/** The rollouts of rollout-demo from every instance; each must answer 200. */
function readAll(): Promise<any[]> {
  return Promise.all(
    instances.map(async instance => {
      const response = await callInstance(instance, rolloutDemo);
      expect(response.status).toBe(200);
      return response.json();
    }),
  );
}

/** Until every instance's answer passes `check`; answers those bodies. */
function untilEvery(
  check: (body: any) => boolean,
  timeoutMs: number,
  what: string,
): Promise<any[]> {
  return eventually(
    async () => {
      const bodies = await readAll();
      return bodies.every(check) ? bodies : undefined;
    },
    timeoutMs,
    `${what} on every instance`,
  );
}

/** Per-cluster errors of a rollouts answer: those of the fleet and those of single items. */
function clusterErrors(body: any): Array<{ cluster: string; message: string }> {
  return [
    ...body.errors,
    ...body.items.filter((i: any) => i.error).map((i: any) => i.error),
  ];
}

test('answers with a per-cluster error while a member is down, and recovers', async () => {
  // Two cold starts from source, one after the other.
  test.setTimeout(540_000);
  fs.rmSync(workDir, { recursive: true, force: true });
  fs.mkdirSync(workDir, { recursive: true });
  instances = await startInstances({
    name: 'member-down',
    ports: [7035, 7036],
    workDir,
    config: () => ({ canary: { recorder: { enabled: false } } }),
  });
  // Every answer says per cluster how fresh it is: both members are watched before the outage
  // (the catalog may still be ingesting).
  const before = await untilEvery(
    body =>
      body.items.filter((i: any) => i.found).length === 2 &&
      body.freshness.every((f: any) => f.source === 'watch'),
    120_000,
    'both members to answer, watched',
  );
  for (const body of before) {
    expect(body.freshness.map((f: any) => f.cluster).sort()).toEqual([
      running,
      stopped,
    ]);
  }

  let during: any[];
  let startCalledAt = 0;
  try {
    await lab('stop-member', stopped);
    // The watches of a stopped API server stay open and silent through the Kubernetes plugin's
    // proxy: the fleet state finds out with its probe, 15 s after the last word plus the call timeout.
    during = await untilEvery(
      body =>
        clusterErrors(body).length > 0 &&
        freshnessOf(body, stopped)?.source === 'live',
      60_000,
      `an error for ${stopped}, read live`,
    );
  } finally {
    startCalledAt = Date.now();
    await lab('start-member', stopped);
  }
  const startedAgainAt = Date.now();

  const canary = await adminGet<any>(
    labCluster(running),
    '/apis/flagger.app/v1beta1/namespaces/webapp/canaries/backend',
  );
  for (const body of during) {
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
    expect(healthy.state.phase).toBe(canary.status.phase);
    expect(healthy.revision.lastAppliedSpec).toBe(
      canary.status.lastAppliedSpec,
    );
  }

  // Started again, the member answers with its canary and no error.
  const recovered = await untilEvery(
    body => clusterErrors(body).length === 0,
    60_000,
    `${stopped} to answer again`,
  );
  for (const body of recovered) {
    expect(body.items.map((i: any) => [i.cluster, i.found]).sort()).toEqual([
      [running, true],
      [stopped, true],
    ]);
  }

  // And its watches come back: reads of it are answered from them again. (They once stayed
  // "reconnecting" for good after this outage; the reconnect now always ends, see ClusterWatch.)
  const watchedAgain = await untilEvery(
    body => freshnessOf(body, stopped)?.source === 'watch',
    120_000,
    `${stopped} to be watched again`,
  );
  for (const body of watchedAgain) {
    expect(freshnessOf(body, stopped).disconnected).toBeUndefined();
  }
  test.info().annotations.push({
    type: 'recovery',
    description: `${stopped} watched again by both instances ${Math.round(
      (Date.now() - startCalledAt) / 1000,
    )} s after its start was asked (the lab's start-member returned once its API server answered, after ${Math.round(
      (startedAgainAt - startCalledAt) / 1000,
    )} s)`,
  });
});

function freshnessOf(body: any, cluster: string) {
  return body.freshness.find((f: any) => f.cluster === cluster);
}
