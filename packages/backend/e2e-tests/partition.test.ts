import fs from 'fs';
import path from 'path';
import { expect, test } from '@playwright/test';
import {
  type BackendInstance,
  callInstance,
  labClusterAddress,
  labClustersVia,
  repoRoot,
  startInstances,
  stopBackend,
} from './backendProcess';
import {
  adminGet,
  eventually,
  labCluster,
  labRolloutImage,
  labTiming,
} from './lab';
import { NetworkPartition } from './networkPartition';

// A network partition between the backend and one member, made in the kernel: two backend
// instances of its own on one PostgreSQL database, as a scaled Backstage runs (ports 7031 and 7032,
// fleet state on, recorder off; reads go to one and then the other, as behind a load balancer),
// reach kurator-member2's API server through a veth pair into a network namespace of the test (see
// NetworkPartition), whose packets the test makes the kernel drop and then lets through again. Nothing is closed or refused: the connections that
// were open carry on after the heal, as after a real partition (the black hole of faults.test.ts
// closes them instead). The lab's own engines reach kurator-member2 directly, so its rollout goes
// on while the backend is cut off. The shared backend on :7007 and the lab are not touched. Each
// test records what it measured as annotations.
const member1 = 'kurator-member1';
const member2 = 'kurator-member2';
const ports = [7031, 7032];
const labDir = process.env.CANARY_LAB_STATE_DIR ?? path.join(repoRoot, '.lab');
const workDir = path.join(labDir, 'partition-test');
// Shorter than the default (10 s) so that the test waits less; the behaviour is the same.
const CLUSTER_TIMEOUT_S = 5;
// The fleet state asks a cluster that has been quiet this long (FleetState's PROBE_INTERVAL_MS).
const PROBE_INTERVAL_S = 15;
// What an answer may take beyond the cluster timeout on a busy machine.
const MARGIN_S = 10;
// The fleet state notices a silent member once its probe, due a probe interval after the last
// word, has timed out and its watches have stopped (within 5 s, ClusterWatch's straggler grace);
// the read that says so waits for the member once more.
const NOTICE_WITHIN_S =
  PROBE_INTERVAL_S + CLUSTER_TIMEOUT_S + 5 + CLUSTER_TIMEOUT_S + MARGIN_S;
// Shorter than the probe interval: the fleet state cannot notice it (it is in contact with the
// member just before, so its probe is due PROBE_INTERVAL_S later at the earliest).
const SHORT_PARTITION_S = 6;
const MAX_SHORT_PARTITION_S = 10;
const canaryPath =
  '/apis/flagger.app/v1beta1/namespaces/webapp/canaries/backend';
const RUNNING_PHASES = ['Progressing', 'Promoting', 'Finalising', 'Waiting'];

type CanaryStatus = {
  phase?: string;
  canaryWeight?: number;
  lastAppliedSpec?: string;
  lastTransitionTime?: string;
};

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

/** kurator-member2's canary of rollout-demo as the cluster holds it, read by the lab's admin. */
async function clusterStatus(): Promise<CanaryStatus> {
  return (await adminGet<any>(labCluster(member2), canaryPath)).status ?? {};
}

test.describe
  .serial('a network partition between the backend and one member', () => {
  let instances: BackendInstance[] = [];
  let next = 0;
  let partition: NetworkPartition | undefined;
  /** Every answer of the backend, to check those given while partitioned. */
  const answers: Array<{ apiPath: string; status: number; tookMs: number }> =
    [];

  test.beforeAll(async () => {
    // Two cold starts from source, one after the other.
    test.setTimeout(480_000);
    // The runs below take about 30 s at the lab's end-to-end pace (20 times real time); the short
    // partition must span a step of the run.
    const { timeScale } = labTiming();
    if (timeScale < 15) {
      throw new Error(
        `The partition test needs the lab at --time-scale 20, as the end-to-end tests run it (it runs at ${timeScale})`,
      );
    }
    fs.mkdirSync(workDir, { recursive: true });
    // Fails naming what is missing (root, ip, tc, a kernel feature) when no partition can be made.
    partition = await NetworkPartition.create(labClusterAddress(member2));
    instances = await startInstances({
      name: 'partition',
      ports,
      workDir,
      config: () => ({
        kubernetes: labClustersVia({ [member2]: partition!.port }),
        canary: {
          recorder: { enabled: false },
          clusters: { requestTimeout: `${CLUSTER_TIMEOUT_S}s` },
        },
      }),
    });
  });

  test.afterAll(async () => {
    await Promise.all(instances.map(i => stopBackend(i.backend)));
    await partition?.close();
  });

  /** Asks the next instance; answers what it said, how long it took and which one it was. */
  async function get(
    apiPath: string,
  ): Promise<{ body: any; tookMs: number; instance: number }> {
    const started = Date.now();
    const instance = next++ % instances.length;
    const response = await callInstance(
      instances[instance],
      `/api/canary${apiPath}`,
      { signal: AbortSignal.timeout(120_000) },
    );
    const tookMs = Date.now() - started;
    answers.push({ apiPath, status: response.status, tookMs });
    expect(response.status, `${apiPath} answers 200`).toBe(200);
    return { body: await response.json(), tookMs, instance };
  }

  const entity = '/entities/component/default/rollout-demo/rollouts';
  const rollouts = () => get(entity);
  /** The rollouts from each instance (reads go to one and then the other). */
  const readEachInstance = async () => {
    const reads = [];
    for (let i = 0; i < instances.length; i++) reads.push(await rollouts());
    return reads;
  };
  const freshnessOf = (body: any, cluster: string) =>
    body.freshness.find((f: any) => f.cluster === cluster);
  const itemOf = (body: any, cluster: string) =>
    body.items.find((i: any) => i.cluster === cluster);
  const errorsOf = (body: any, cluster: string): string[] =>
    [...body.errors, ...body.items.map((i: any) => i.error).filter(Boolean)]
      .filter((e: any) => e.cluster === cluster)
      .map((e: any) => e.message);
  /** Whether member2's lane shows what the cluster holds (read after the lane). */
  const laneIsCurrent = async (body: any) => {
    const lane = itemOf(body, member2);
    const cluster = await clusterStatus();
    return (
      lane?.found === true &&
      lane.state?.phase === cluster.phase &&
      (lane.state?.weight?.status ?? 0) === (cluster.canaryWeight ?? 0) &&
      lane.lastTransitionTime === cluster.lastTransitionTime &&
      lane.revision?.lastAppliedSpec === cluster.lastAppliedSpec
    );
  };
  /** Until the entity read answers both members from the fleet state's watches. */
  const bothMembersWatched = () =>
    eventually(
      async () => {
        const reads = await readEachInstance();
        return reads.every(
          ({ body }) =>
            body.freshness.length === 2 &&
            body.freshness.every((f: any) => f.source === 'watch') &&
            body.errors.length === 0,
        )
          ? reads
          : undefined;
      },
      180_000,
      'both members to be watched by each instance',
    );
  /** The answers given since `from` (an index into `answers`), each 200 within the bound. */
  const expectAnswersSince = (from: number, boundS: number) => {
    const given = answers.slice(from);
    expect(given.length).toBeGreaterThan(0);
    for (const answer of given) {
      expect(answer.status, `${answer.apiPath} answered 200`).toBe(200);
      expect(
        answer.tookMs,
        `${answer.apiPath} answered within ${boundS} s`,
      ).toBeLessThan(boundS * 1000);
    }
    return Math.max(...given.map(a => a.tookMs));
  };

  /** Until no run of rollout-demo goes on on kurator-member2 (another test may have left one). */
  const member2Idle = () =>
    eventually(
      async () => {
        const status = await clusterStatus();
        return RUNNING_PHASES.includes(status.phase ?? '') ? undefined : status;
      },
      180_000,
      `${member2} webapp/backend to be idle`,
    );

  test('a partition shorter than the probe goes unnoticed, and the watches carry on over the resumed connections', async () => {
    test.setTimeout(300_000);
    await bothMembersWatched();
    await member2Idle();
    await labRolloutImage(labCluster(member2), 'webapp', 'backend');
    // Watched, progressing and in contact just now, by both instances: their probes are a whole
    // interval away.
    const before = await eventually(
      async () => {
        const reads = [await rollouts(), await rollouts()];
        return reads.every(({ body }) => {
          const freshness = freshnessOf(body, member2);
          return (
            freshness?.source === 'watch' &&
            itemOf(body, member2)?.state?.phase === 'Progressing' &&
            Date.now() - Date.parse(freshness.lastContactAt) < 2_000
          );
        })
          ? reads
          : undefined;
      },
      90_000,
      `the run on ${member2} to be watched progressing`,
    );
    const connectedSince = new Map(
      before.map(read => [
        read.instance,
        freshnessOf(read.body, member2).connectedSince,
      ]),
    );

    const first = answers.length;
    const atPartition = await clusterStatus();
    await partition!.partition();
    const partitionedAt = Date.now();
    const elapsedS = () => (Date.now() - partitionedAt) / 1000;
    // Until the run has made a step on the cluster (one every 4.5 s at the lab's pace), for at
    // least SHORT_PARTITION_S and well within the probe interval. Meanwhile the lane is answered
    // from the watches, as if nothing happened.
    let meanwhile = atPartition;
    while (
      elapsedS() < SHORT_PARTITION_S ||
      (meanwhile.lastTransitionTime === atPartition.lastTransitionTime &&
        elapsedS() < MAX_SHORT_PARTITION_S)
    ) {
      const { body } = await rollouts();
      expect(freshnessOf(body, member2)).toMatchObject({ source: 'watch' });
      expect(errorsOf(body, member2)).toEqual([]);
      meanwhile = await clusterStatus();
      await new Promise(resolve => setTimeout(resolve, 500));
    }
    const dropped = await partition!.droppedPackets();
    await partition!.heal();
    const healedAt = Date.now();
    const partitionS = (healedAt - partitionedAt) / 1000;
    const answerMs = expectAnswersSince(first, MARGIN_S);
    expect(dropped, 'packets dropped by the partition').toBeGreaterThan(0);
    expect(
      meanwhile.lastTransitionTime,
      `the run on ${member2} went on during the partition`,
    ).not.toBe(atPartition.lastTransitionTime);

    // The watches that were open carry on once TCP retransmits: the lane catches up with the
    // cluster without a reconnect (connectedSince unchanged) and without an error.
    const notWatched: any[] = [];
    const caughtUp = await eventually(
      async () => {
        const read = await rollouts();
        const { body } = read;
        if (
          freshnessOf(body, member2)?.source !== 'watch' ||
          errorsOf(body, member2).length
        ) {
          notWatched.push(body);
        }
        return (await laneIsCurrent(body)) ? read : undefined;
      },
      PROBE_INTERVAL_S * 1000,
      `${member2}'s lane to catch up with the cluster`,
    );
    const caughtUpMs = Date.now() - healedAt;
    expect(
      notWatched.map(body => [
        freshnessOf(body, member2),
        errorsOf(body, member2),
      ]),
      `${member2} stayed watched, without an error`,
    ).toEqual([]);
    expect(freshnessOf(caughtUp.body, member2)).toMatchObject({
      source: 'watch',
      connectedSince: connectedSince.get(caughtUp.instance),
    });
    expectAnswersSince(first, PROBE_INTERVAL_S);
    // Nothing was closed: connections open through the partition carried on after it.
    const connections = partition!.connectionsSinceHeal();
    expect(connections.resumed).toBeGreaterThan(0);
    test.info().annotations.push(
      {
        type: 'short partition',
        description: `${partitionS.toFixed(
          1,
        )} s, ${dropped} packets dropped, not noticed`,
      },
      {
        type: 'answer during the partition',
        description: `${seconds(answerMs)} at most (from the watches)`,
      },
      {
        type: 'lane current after heal',
        description: `${seconds(caughtUpMs)}, over the resumed watches (${
          connections.resumed
        } of ${connections.openAtHeal} open connections resumed)`,
      },
    );
  });

  test('a longer partition costs that member its lane only, its rollout goes on meanwhile, and the lane has the current state once healed', async () => {
    test.setTimeout(300_000);
    await bothMembersWatched();
    const atStart = await member2Idle();

    const first = answers.length;
    await partition!.partition();
    const partitionedAt = Date.now();
    // A run starts on the member while the backend is cut off (the lab reaches it directly).
    await labRolloutImage(labCluster(member2), 'webapp', 'backend');
    // The watches go silent, as a black-holed cluster's do: each instance's probe finds out, at
    // most a probe interval after the last word plus the cluster timeout, and the next read of
    // that instance says so.
    const during = await eventually(
      async () => {
        const reads = await readEachInstance();
        return reads.every(read => errorsOf(read.body, member2).length)
          ? reads
          : undefined;
      },
      NOTICE_WITHIN_S * 1000,
      `an error for ${member2} from each instance`,
    );
    const noticedAfterMs = Date.now() - partitionedAt;
    for (const { body } of during) {
      expect(freshnessOf(body, member2)).toMatchObject({
        source: 'live',
        disconnected: true,
      });
      expect(freshnessOf(body, member2).reason).toContain(
        `did not answer within ${CLUSTER_TIMEOUT_S} s`,
      );
      expect(errorsOf(body, member2).join(' ')).toContain(
        `did not answer within ${CLUSTER_TIMEOUT_S} s`,
      );
      const healthy = itemOf(body, member1);
      expect(healthy).toMatchObject({ found: true, name: 'backend' });
      expect(healthy.error).toBeUndefined();
      expect(freshnessOf(body, member1)).toMatchObject({ source: 'watch' });
    }
    // Each read meanwhile waits for the partitioned member once, never longer; the other
    // member's own reads do not wait for it.
    for (const again of await readEachInstance()) {
      expect(errorsOf(again.body, member2).length).toBeGreaterThan(0);
    }
    await get(`${entity}/${member1}/webapp/backend`);
    await get(`${entity}/${member1}/webapp/backend/metrics`);
    // The member's run goes on meanwhile.
    const meanwhile = await eventually(
      async () => {
        const status = await clusterStatus();
        return status.lastAppliedSpec !== atStart.lastAppliedSpec
          ? status
          : undefined;
      },
      60_000,
      `the run on ${member2} to start during the partition`,
    );
    const dropped = await partition!.droppedPackets();
    await partition!.heal();
    const healedAt = Date.now();
    const answerMs = expectAnswersSince(first, CLUSTER_TIMEOUT_S + MARGIN_S);
    expect(dropped, 'packets dropped by the partition').toBeGreaterThan(0);

    // Healed, the member is watched again, and its lane shows what the cluster holds now: the
    // run the backend never saw start.
    const recovered = await eventually(
      async () => {
        for (const { body } of await readEachInstance()) {
          if (
            freshnessOf(body, member2)?.source !== 'watch' ||
            errorsOf(body, member2).length > 0 ||
            !(await laneIsCurrent(body))
          ) {
            return undefined;
          }
        }
        return (await rollouts()).body;
      },
      60_000,
      `${member2} to be watched again by each instance, with the cluster's current state`,
    );
    const recoveredMs = Date.now() - healedAt;
    const connections = partition!.connectionsSinceHeal();
    expect(freshnessOf(recovered, member2).disconnected).toBeUndefined();
    expect(itemOf(recovered, member2).revision.lastAppliedSpec).toBe(
      meanwhile.lastAppliedSpec,
    );

    // And it follows the cluster from its watches until the run ends.
    const ended = await member2Idle();
    await eventually(
      async () => {
        const { body } = await rollouts();
        return freshnessOf(body, member2)?.source === 'watch' &&
          (await laneIsCurrent(body))
          ? true
          : undefined;
      },
      PROBE_INTERVAL_S * 1000,
      `${member2}'s lane to show the end of the run (${ended.phase})`,
    );
    expectAnswersSince(first, CLUSTER_TIMEOUT_S + MARGIN_S);
    test.info().annotations.push(
      {
        type: 'partition noticed after',
        description: `${seconds(noticedAfterMs)} (${dropped} packets dropped)`,
      },
      {
        type: 'answer during the partition',
        description: `${seconds(answerMs)} at most`,
      },
      {
        type: 'watched again after heal',
        description: `${seconds(
          recoveredMs,
        )}, with the cluster's current state`,
      },
      {
        type: 'connections open at the heal',
        description: `${connections.openAtHeal}, ${connections.resumed} of them carried on`,
      },
    );
  });
});
