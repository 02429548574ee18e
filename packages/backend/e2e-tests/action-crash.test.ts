import fs from 'fs';
import path from 'path';
import { expect, test } from '@playwright/test';
import {
  backendGuestToken,
  type BackendInstance,
  callInstance as call,
  killBackend,
  labClusterAddress,
  labClustersVia,
  postgresUrl,
  repoRoot,
  startBackend,
  stopBackend,
} from './backendProcess';
import { FaultProxy } from './faultProxy';
import { adminGet, adminPatch, eventually, labCluster } from './lab';

// A backend killed (kill -9) in the middle of a rollout action, with two instances on one
// PostgreSQL database as a scaled Backstage runs: instance A reaches kurator-member2 through
// FaultProxy, instance B directly. A pauses the native canary payments/payments on member2 and is
// killed before the cluster's answer reaches it: once after the write landed (the proxy swallows
// the answer), once before it reached the cluster (the proxy stalls). The action log, read from B,
// must say what the cluster holds: applied in the first case, not applied in the second; never
// both, never nothing. B settles the action from the cluster once its time is up (the action
// timeout, 10 s here, plus 5 s).
const member2 = 'kurator-member2';
const labDir = process.env.CANARY_LAB_STATE_DIR ?? path.join(repoRoot, '.lab');
const workDir = path.join(labDir, 'action-crash-test');
const ACTION_TIMEOUT_S = 10;
const CANARY_PATH =
  '/apis/flagger.app/v1beta1/namespaces/payments/canaries/payments';
const rolloutPath = `/api/canary/entities/component/default/payments/rollouts/${member2}/payments/payments`;

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

test.describe.serial('a backend killed in the middle of an action', () => {
  let proxy: FaultProxy;
  let database: Record<string, unknown>;
  let config: (proxied: boolean) => Record<string, unknown>;
  let a: BackendInstance | undefined;
  let b: BackendInstance | undefined;
  const member = () => labCluster(member2);
  const suspended = async () =>
    (await adminGet<any>(member(), CANARY_PATH)).spec.suspend === true;

  async function start(name: string, port: number, proxied: boolean) {
    const backend = startBackend({
      name,
      port,
      workDir,
      database,
      config: config(proxied),
    });
    return { backend, token: await backendGuestToken(backend) };
  }

  /** The action log of payments on member2, newest first, as B serves it. */
  async function actionLog(): Promise<any[]> {
    const response = await call(b!, `${rolloutPath}/timeline?kind=action`);
    expect(response.status).toBe(200);
    return (await response.json()).items;
  }

  /** Until A answers payments from its fleet state's watch of member2 (so the action reads no cluster). */
  async function watchedBy(instance: BackendInstance) {
    await eventually(
      async () => {
        const response = await call(
          instance,
          '/api/canary/entities/component/default/payments/rollouts',
        );
        if (!response.ok) return undefined;
        const body = await response.json();
        return body.freshness.find((f: any) => f.cluster === member2)
          ?.source === 'watch'
          ? body
          : undefined;
      },
      120_000,
      `${member2} to be watched by ${instance.backend.url}`,
    );
  }

  /** Sends a pause through A and answers how its HTTP call ended (it is killed meanwhile). */
  function pauseThroughA(reason: string): Promise<string> {
    return call(a!, `${rolloutPath}/actions/pause`, {
      method: 'POST',
      body: JSON.stringify({ reason }),
    }).then(
      response => `HTTP ${response.status}`,
      (error: Error) => `no answer (${error.message})`,
    );
  }

  test.beforeAll(async () => {
    test.setTimeout(480_000);
    fs.rmSync(workDir, { recursive: true, force: true });
    fs.mkdirSync(workDir, { recursive: true });
    // payments starts unpaused (another test may have left it otherwise).
    await adminPatch(member(), CANARY_PATH, { spec: { suspend: false } });
    proxy = new FaultProxy(labClusterAddress(member2));
    const proxyPort = await proxy.listen();
    database = {
      client: 'pg',
      connection: await postgresUrl(),
      prefix: `actioncrash_${Date.now()}_`,
    };
    config = proxied => ({
      kubernetes: labClustersVia(proxied ? { [member2]: proxyPort } : {}),
      canary: {
        recorder: { enabled: false },
        clusters: { requestTimeout: '5s' },
        actions: { timeout: `${ACTION_TIMEOUT_S}s` },
      },
    });
    // One after the other: two instances migrating one empty database at once fail on its lock.
    b = await start('b', 7034, false);
    a = await start('a', 7033, true);
  });

  test.afterAll(async () => {
    await stopBackend(a?.backend);
    await stopBackend(b?.backend);
    await proxy?.close();
    await adminPatch(member(), CANARY_PATH, { spec: { suspend: false } });
  });

  test('a write that landed is recorded as applied once another instance reads the cluster', async () => {
    test.setTimeout(300_000);
    await watchedBy(a!);
    proxy.swallow();
    const answer = pauseThroughA('killed after the write');
    const sentAt = Date.now();
    await eventually(
      async () => (await suspended()) || undefined,
      30_000,
      'the pause to reach the cluster',
    );
    killBackend(a!.backend);
    const killedAt = Date.now();
    expect(await answer).toMatch(/^no answer/);

    // Meanwhile the log says the action is on its way, not that it failed.
    const [pending] = await actionLog();
    expect(pending).toMatchObject({
      action: 'pause',
      reason: 'killed after the write',
      outcome: 'pending',
      message: `pause sent to ${member2}; waiting for the cluster's answer`,
    });

    const settled = await eventually(
      async () => {
        const [entry] = await actionLog();
        return entry.outcome === 'pending' ? undefined : entry;
      },
      (ACTION_TIMEOUT_S + 5 + 60) * 1000,
      'the pending pause to be settled',
    );
    const settledAfterMs = Date.now() - killedAt;
    expect(settled).toMatchObject({
      id: pending.id,
      outcome: 'succeeded',
      message: expect.stringMatching(
        new RegExp(
          `^pause applied: its answer never came .*a read of ${member2} at .* shows the change in place\\.$`,
        ),
      ),
    });
    expect(await suspended()).toBe(true);
    test.info().annotations.push({
      type: 'kill -9 after the write landed',
      description: `HTTP call: ${await answer}; action log: pending, then succeeded ${seconds(
        settledAfterMs,
      )} after the kill (${seconds(
        Date.now() - sentAt,
      )} after it was sent; due ${ACTION_TIMEOUT_S + 5} s after)`,
    });

    // The other instance resumes it as usual.
    const resumed = await call(b!, `${rolloutPath}/actions/resume`, {
      method: 'POST',
      body: JSON.stringify({ reason: 'after the crash test' }),
    });
    expect(resumed.status).toBe(200);
    expect(await suspended()).toBe(false);
  });

  test('a write that never reached the cluster is recorded as not applied', async () => {
    test.setTimeout(420_000);
    proxy.heal();
    a = await start('a', 7033, true);
    await watchedBy(a);
    const before = (await actionLog())[0]?.id ?? 0;
    proxy.stall();
    const answer = pauseThroughA('killed before the write');
    const pending = await eventually(
      async () => {
        const [entry] = await actionLog();
        return entry?.id > before && entry.outcome === 'pending'
          ? entry
          : undefined;
      },
      30_000,
      'the pause to be on its way',
    );
    killBackend(a.backend);
    const killedAt = Date.now();
    proxy.heal();
    expect(await answer).toMatch(/^no answer/);

    const settled = await eventually(
      async () => {
        const [entry] = await actionLog();
        return entry.outcome === 'pending' ? undefined : entry;
      },
      (ACTION_TIMEOUT_S + 5 + 60) * 1000,
      'the pending pause to be settled',
    );
    expect(settled).toMatchObject({
      id: pending.id,
      reason: 'killed before the write',
      outcome: 'failed',
      message: expect.stringMatching(
        /^pause not applied: .* shows the object without the change\.$/,
      ),
    });
    // Nothing was applied, then or since.
    expect(await suspended()).toBe(false);
    test.info().annotations.push({
      type: 'kill -9 before the write reached the cluster',
      description: `HTTP call: ${await answer}; action log: pending, then failed (not applied) ${seconds(
        Date.now() - killedAt,
      )} after the kill`,
    });
  });
});
