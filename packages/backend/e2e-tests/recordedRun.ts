// One run of shop/checkout on kurator-member1, recorded by a backend while a fault is provoked in
// the middle of it, and compared with what the cluster itself went through: every status change
// of the canary seen by the test's own watch must be in the store once, in order. Used by the
// fault tests that put the recorder at risk (an instance killed, the database restarted).
import { execFile } from 'child_process';
import { promisify } from 'util';
import { expect, test } from '@playwright/test';
import { adminGet, adminWatch, eventually, labCluster } from './lab';
import { repoRoot } from './backendProcess';

const member = 'kurator-member1';
const canaryPath =
  '/apis/flagger.app/v1beta1/namespaces/shop/canaries/checkout';
export const checkoutRolloutPath = `/api/canary/entities/component/default/checkout/rollouts/${member}/shop/checkout`;
const run = promisify(execFile);

type Status = {
  phase?: string;
  canaryWeight?: number;
  failedChecks?: number;
  iterations?: number;
  lastTransitionTime?: string;
  lastAppliedSpec?: string;
};

const fingerprint = (s: Status) =>
  [
    s.phase,
    s.canaryWeight ?? 0,
    s.failedChecks ?? 0,
    s.iterations ?? '',
    s.lastTransitionTime ?? '',
  ].join('|');

function lab(...args: string[]) {
  return run('yarn', ['lab', ...args], { cwd: repoRoot, timeout: 120_000 });
}

/**
 * Rolls shop/checkout out; once part of its run is recorded, calls `fault`; then waits for the
 * run to end on the cluster and expects the store (read through `read`, a GET of the Canary API
 * answering undefined when it cannot) to hold each status change the cluster went through.
 */
export async function expectRunRecordedThrough(options: {
  read: (apiPath: string) => Promise<any>;
  fault: () => Promise<void>;
}) {
  const { read } = options;
  const cluster = labCluster(member);
  // The recorder follows the canary before the rollout starts (its current status is recorded,
  // run or no run).
  await eventually(
    async () =>
      (
        await read(`${checkoutRolloutPath}/timeline?kind=transition&limit=1`)
      )?.items.length > 0 || undefined,
    90_000,
    'the recorder to record shop/checkout',
  );

  const before = await adminGet<any>(cluster, canaryPath);
  const seen: Status[] = [];
  const watch = adminWatch(
    cluster,
    canaryPath.replace('/checkout', ''),
    'checkout',
    canary => seen.push(canary.status ?? {}),
  );
  try {
    await watch.ready;
    await lab('gate', 'open', 'shop/checkout');
    await lab('rollout', 'shop/checkout');
    const revision = await eventually(
      async () => {
        const status = (await adminGet<any>(cluster, canaryPath)).status;
        return status.lastAppliedSpec !== before.status.lastAppliedSpec &&
          status.phase === 'Progressing' &&
          status.canaryWeight > 0
          ? (status.lastAppliedSpec as string)
          : undefined;
      },
      60_000,
      'the rollout to progress',
    );
    const runOf = async () =>
      (await read(`${checkoutRolloutPath}/runs`))?.items.find(
        (r: any) => r.revision === revision,
      );
    const transitionsOf = async (runId: number) =>
      (
        await read(
          `${checkoutRolloutPath}/timeline?kind=transition&run=${runId}&limit=500`,
        )
      )?.items ?? [];
    // Part of the run is recorded before the fault...
    await eventually(
      async () => {
        const r = await runOf();
        return r && (await transitionsOf(r.id)).length > 0 ? true : undefined;
      },
      30_000,
      'the run to be recorded',
    );
    await options.fault();

    // ...and the rest after it, once the run has ended on the cluster.
    const ended = await eventually(
      async () => {
        const status = (await adminGet<any>(cluster, canaryPath)).status;
        return ['Succeeded', 'Failed'].includes(status.phase) &&
          status.lastAppliedSpec === revision
          ? (status as Status)
          : undefined;
      },
      120_000,
      'the run to end on the cluster',
    );
    await eventually(
      async () =>
        seen.some(
          s =>
            s.phase === ended.phase &&
            s.lastTransitionTime === ended.lastTransitionTime,
        ) || undefined,
      10_000,
      "the test's watch to see the end of the run",
    );
    const runId = (await eventually(runOf, 60_000, 'the run'))?.id;
    const recorded = await eventually(
      async () => {
        const items: any[] = await transitionsOf(runId);
        return items.some(i => i.phase === ended.phase) ? items : undefined;
      },
      60_000,
      `the recorder to record ${ended.phase}`,
    );

    const expected: string[] = [];
    const fingerprints = new Set<string>();
    for (const status of seen) {
      if (status.lastAppliedSpec !== revision || !status.phase) continue;
      // A canary that had failed gets the new revision in its status before the run starts: not
      // a transition of the run.
      if (status.lastTransitionTime === before.status.lastTransitionTime)
        continue;
      if (fingerprints.has(fingerprint(status))) continue;
      fingerprints.add(fingerprint(status));
      expected.push(
        `${status.phase} ${status.canaryWeight ?? 0} ${
          status.failedChecks ?? 0
        } ${status.iterations ?? 0}`,
      );
    }
    const stored = recorded
      .reverse()
      .map(
        (i: any) =>
          `${i.phase} ${i.canaryWeight} ${i.failedChecks} ${i.iterations ?? 0}`,
      );
    // The cluster walked the run through several weights to its end...
    expect(
      expected.length,
      `status changes seen by the test's own watch (interruptions: ${
        watch.problems.join('; ') || 'none'
      })`,
    ).toBeGreaterThan(3);
    expect(expected[expected.length - 1].split(' ')[0]).toBe(ended.phase);
    // ...and the store holds each of those transitions once, in order.
    test.info().annotations.push({
      type: 'transitions',
      description: `${
        expected.length
      } status changes of run ${runId}: ${expected.join(', ')}`,
    });
    expect(stored).toEqual(expected);
  } finally {
    watch.stop();
  }
}
