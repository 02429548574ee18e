import fs from 'fs';
import path from 'path';
import { expect, test } from '@playwright/test';
import {
  backendGuestToken,
  type BackendProcess,
  labAppConfig,
  type LabClusterConfig,
  repoRoot,
  startBackend,
  stopBackend,
} from './backendProcess';
import { FaultProxy } from './faultProxy';
import { eventually } from './lab';

// Faults between the backend and the fleet, each provoked on real parts: a backend of its own
// (port 7027, fleet state on, recorder off) reaches kurator-member2's API server and
// kurator-member1's Prometheus through FaultProxy, which the test turns into a black hole or a
// dead host and heals again. The shared backend on :7007 and the lab itself are not touched. Each
// test records what it measured as annotations (noticed after, answer time, recovery time).
const member1 = 'kurator-member1';
const member2 = 'kurator-member2';
const port = 7027;
const labDir = process.env.CANARY_LAB_STATE_DIR ?? path.join(repoRoot, '.lab');
const workDir = path.join(labDir, 'faults-test');
// Shorter than the defaults (10 s, 15 s) so that the test waits less; the behaviour is the same.
const CLUSTER_TIMEOUT_S = 5;
const PROMETHEUS_TIMEOUT_S = 5;

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

test.describe.serial('faults between the backend and the fleet', () => {
  let backend: BackendProcess | undefined;
  let apiserver: FaultProxy;
  let host: FaultProxy;
  let prometheus: FaultProxy;
  let token: string;

  test.beforeAll(async () => {
    test.setTimeout(300_000);
    fs.mkdirSync(workDir, { recursive: true });
    const lab = labAppConfig();
    const clusters: LabClusterConfig[] =
      lab.kubernetes.clusterLocatorMethods[0].clusters;
    const target = new URL(clusters.find(c => c.name === member2)!.url);
    apiserver = new FaultProxy({
      host: target.hostname,
      port: Number(target.port),
    });
    const apiserverPort = await apiserver.listen();
    const hostUrl = new URL(clusters.find(c => c.name === 'host')!.url);
    host = new FaultProxy({
      host: hostUrl.hostname,
      port: Number(hostUrl.port),
    });
    const hostPort = await host.listen();
    const metrics = new URL(lab.canary.prometheus.clusters[member1].url);
    prometheus = new FaultProxy({
      host: metrics.hostname,
      port: Number(metrics.port),
    });
    const prometheusPort = await prometheus.listen();
    backend = startBackend({
      name: 'faults',
      port,
      workDir,
      database: { client: 'better-sqlite3', connection: ':memory:' },
      config: {
        kubernetes: {
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: clusters.map(c => {
                if (c.name === member2) {
                  return { ...c, url: `https://127.0.0.1:${apiserverPort}` };
                }
                if (c.name === 'host') {
                  return { ...c, url: `https://127.0.0.1:${hostPort}` };
                }
                return c;
              }),
            },
          ],
        },
        canary: {
          recorder: { enabled: false },
          clusters: { requestTimeout: `${CLUSTER_TIMEOUT_S}s` },
          prometheus: {
            requestTimeout: `${PROMETHEUS_TIMEOUT_S}s`,
            clusters: {
              [member1]: { url: `http://127.0.0.1:${prometheusPort}` },
            },
          },
        },
      },
    });
    token = await backendGuestToken(backend);
  });

  test.afterAll(async () => {
    await stopBackend(backend);
    await apiserver?.close();
    await host?.close();
    await prometheus?.close();
  });

  async function get(apiPath: string): Promise<{ body: any; tookMs: number }> {
    const started = Date.now();
    const response = await fetch(`${backend!.url}/api/canary${apiPath}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(response.status, `${apiPath} answers 200`).toBe(200);
    return { body: await response.json(), tookMs: Date.now() - started };
  }

  const rollouts = () =>
    get('/entities/component/default/rollout-demo/rollouts');
  const metrics = () =>
    get(
      `/entities/component/default/rollout-demo/rollouts/${member1}/webapp/backend/metrics`,
    );
  /** Until the entity read answers both members from the fleet state's watches. */
  const bothMembersWatched = () =>
    eventually(
      async () => {
        const { body } = await rollouts();
        return body.freshness.length === 2 &&
          body.freshness.every((f: any) => f.source === 'watch')
          ? body
          : undefined;
      },
      180_000,
      'both members to be watched',
    );
  const freshnessOf = (body: any, cluster: string) =>
    body.freshness.find((f: any) => f.cluster === cluster);
  const errorsOf = (body: any, cluster: string): string[] =>
    [...body.errors, ...body.items.map((i: any) => i.error).filter(Boolean)]
      .filter((e: any) => e.cluster === cluster)
      .map((e: any) => e.message);

  test('a member that accepts connections and never answers costs its own lane only, and is watched again once it answers', async () => {
    test.setTimeout(420_000);
    await bothMembersWatched();

    apiserver.stall();
    const stalledAt = Date.now();
    // Its open watches go silent, as a black-holed cluster's do: the probe finds out.
    const during = await eventually(
      async () => {
        const read = await rollouts();
        return errorsOf(read.body, member2).length ? read : undefined;
      },
      90_000,
      `an error for ${member2}`,
    );
    const noticedAfterMs = Date.now() - stalledAt;
    expect(freshnessOf(during.body, member2)).toMatchObject({
      source: 'live',
      disconnected: true,
    });
    expect(errorsOf(during.body, member2).join(' ')).toContain(
      `did not answer within ${CLUSTER_TIMEOUT_S} s`,
    );
    const healthy = during.body.items.find((i: any) => i.cluster === member1);
    expect(healthy).toMatchObject({ found: true, name: 'backend' });
    expect(healthy.error).toBeUndefined();
    expect(freshnessOf(during.body, member1)).toMatchObject({
      source: 'watch',
    });
    // Each answer meanwhile waits for the black hole once, never longer.
    const again = await rollouts();
    expect(errorsOf(again.body, member2).length).toBeGreaterThan(0);
    expect(again.tookMs).toBeLessThan((CLUSTER_TIMEOUT_S + 10) * 1000);

    apiserver.heal();
    const healedAt = Date.now();
    const recovered = await eventually(
      async () => {
        const { body } = await rollouts();
        return freshnessOf(body, member2)?.source === 'watch' &&
          errorsOf(body, member2).length === 0
          ? body
          : undefined;
      },
      120_000,
      `${member2} to be watched again`,
    );
    expect(
      recovered.items.find((i: any) => i.cluster === member2),
    ).toMatchObject({
      found: true,
    });
    test.info().annotations.push(
      {
        type: 'black hole noticed after',
        description: seconds(noticedAfterMs),
      },
      { type: 'answer during the fault', description: seconds(again.tookMs) },
      {
        type: 'watched again after heal',
        description: seconds(Date.now() - healedAt),
      },
    );
  });

  test('a Prometheus that refuses connections or never answers shows on each metric, and the metrics come back with it', async () => {
    test.setTimeout(300_000);
    const healthy = (body: any) =>
      body.metrics.length > 0 &&
      body.metrics.every((m: any) => m.problems.length === 0) &&
      body.metrics.some((m: any) => m.primary.length > 0);
    await eventually(
      async () => (healthy((await metrics()).body) ? true : undefined),
      120_000,
      'the metrics of backend on kurator-member1',
    );

    prometheus.refuse();
    const refused = await metrics();
    expect(refused.body.metrics.length).toBeGreaterThan(0);
    for (const metric of refused.body.metrics) {
      expect(metric.problems.join(' ')).toMatch(
        /Prometheus at .* could not be reached/,
      );
    }

    prometheus.stall();
    const stalled = await metrics();
    for (const metric of stalled.body.metrics) {
      expect(metric.problems.join(' ')).toContain(
        `did not answer within ${PROMETHEUS_TIMEOUT_S} s`,
      );
    }
    expect(stalled.tookMs).toBeLessThan((PROMETHEUS_TIMEOUT_S + 10) * 1000);

    prometheus.heal();
    const healedAt = Date.now();
    await eventually(
      async () => (healthy((await metrics()).body) ? true : undefined),
      60_000,
      'the metrics to come back',
    );
    test.info().annotations.push(
      {
        type: 'answer while Prometheus stalls',
        description: seconds(stalled.tookMs),
      },
      {
        type: 'metrics back after heal',
        description: seconds(Date.now() - healedAt),
      },
    );
  });

  test('with the host cluster down, the Kurator rollout answers 200 naming the host, and comes back with it', async () => {
    test.setTimeout(300_000);
    await bothMembersWatched();
    host.refuse();
    const downAt = Date.now();
    // rollout-demo is found through its Kurator Application, which the host holds: with the host
    // gone, the answer says so rather than "no rollouts" (the members are not read without it).
    const during = await eventually(
      async () => {
        const read = await rollouts();
        return errorsOf(read.body, 'host').length ? read : undefined;
      },
      90_000,
      'an error for the host',
    );
    const noticedAfterMs = Date.now() - downAt;
    expect(during.body.summary).toBe('No rollouts could be read from host');
    expect(freshnessOf(during.body, 'host')).toMatchObject({
      source: 'live',
      disconnected: true,
    });

    host.heal();
    const healedAt = Date.now();
    await eventually(
      async () => {
        const { body } = await rollouts();
        return body.items.filter((i: any) => i.found).length === 2 &&
          body.errors.length === 0
          ? body
          : undefined;
      },
      120_000,
      'both members again',
    );
    test.info().annotations.push(
      {
        type: 'host down noticed after',
        description: seconds(noticedAfterMs),
      },
      {
        type: 'read again after heal',
        description: seconds(Date.now() - healedAt),
      },
    );
  });
});
