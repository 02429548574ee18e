import { KubeClient, KubeObject } from '../lib/KubeClient';
import {
  LabInfo,
  clientFor,
  clusterInfo,
  requireLabInfo,
} from '../lib/labInfo';
import { sleep } from '../lib/processes';
import { CanaryRow, watchCanaries } from '../scenarios/watchCanaries';

/** The integration tests run the lab 20 times faster than real time (override with CANARY_LAB_TEST_TIME_SCALE). */
export const TEST_TIME_SCALE = Number(
  process.env.CANARY_LAB_TEST_TIME_SCALE || 20,
);

export const STABLE_PHASES = ['Initialized', 'Succeeded', 'Failed'];

export function labInfo(): LabInfo {
  return requireLabInfo();
}

/** Runs `fn` with an admin (or other) client of a lab cluster and closes it afterwards. */
export async function withClient<T>(
  cluster: string,
  fn: (client: KubeClient) => Promise<T>,
  token: 'admin' | 'backstage' | 'unprivileged' = 'admin',
): Promise<T> {
  const client = clientFor(clusterInfo(labInfo(), cluster), token);
  try {
    return await fn(client);
  } finally {
    client.close();
  }
}

export function getCanary(cluster: string, namespace: string, name: string) {
  return withClient(cluster, c =>
    c.get<KubeObject>({
      apiVersion: 'flagger.app/v1beta1',
      kind: 'Canary',
      namespace,
      name,
    }),
  );
}

/** Polls the Canary until `predicate` holds; fails with its last status otherwise. */
export async function waitForCanary(
  cluster: string,
  namespace: string,
  name: string,
  predicate: (canary: KubeObject) => boolean,
  timeoutMs: number,
): Promise<KubeObject> {
  const deadline = Date.now() + timeoutMs;
  let last: KubeObject | undefined;
  while (Date.now() < deadline) {
    try {
      last = await getCanary(cluster, namespace, name);
      if (predicate(last)) return last;
    } catch {
      // not created yet
    }
    await sleep(500);
  }
  throw new Error(
    `Canary ${cluster}/${namespace}/${name} did not reach the expected state in ${timeoutMs} ms; last status ${JSON.stringify(
      last?.status,
    )}`,
  );
}

/** Waits until no run is in progress (Initialized, Succeeded or Failed). */
export function waitForStable(
  cluster: string,
  namespace: string,
  name: string,
) {
  return waitForCanary(
    cluster,
    namespace,
    name,
    c => STABLE_PHASES.includes(c.status?.phase),
    180_000,
  );
}

/**
 * Waits for the end (Succeeded or Failed) of the run started after `before`: its lastAppliedSpec
 * differs from the one `before` had and its phase changed since, so the end of an earlier run never
 * counts (a Failed canary's lastAppliedSpec is re-synced to a new revision before its run starts).
 */
export function waitForRunEnd(
  cluster: string,
  namespace: string,
  name: string,
  before: KubeObject,
  timeoutMs: number,
) {
  return waitForCanary(
    cluster,
    namespace,
    name,
    c =>
      ['Succeeded', 'Failed'].includes(c.status?.phase) &&
      c.status.lastAppliedSpec !== before.status?.lastAppliedSpec &&
      c.status.lastTransitionTime !== before.status?.lastTransitionTime,
    timeoutMs,
  );
}

/** Records every status row of the canaries of a cluster until stopped. */
export function recordRows(cluster: string, namespace: string, name: string) {
  const rows: CanaryRow[] = [];
  const controller = new AbortController();
  const done = watchCanaries(labInfo(), {
    clusters: [cluster],
    namespace,
    signal: controller.signal,
    onRow: row => {
      if (row.name === name) rows.push(row);
    },
  });
  const stop = async () => {
    controller.abort();
    await done;
  };
  return {
    rows,
    stop,
    /**
     * Stops once the watch has delivered the row of `last` (a canary read by polling, which can
     * see a status before the watch does), or after `timeoutMs`.
     */
    async stopAfter(last: KubeObject, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      const seen = () =>
        rows.some(
          r =>
            r.status === last.status?.phase &&
            r.lastTransitionTime === last.status?.lastTransitionTime,
        );
      while (!seen() && Date.now() < deadline) await sleep(100);
      await stop();
    },
  };
}

/** Consecutive (phase, weight) pairs without repeats. */
export function phaseWeights(rows: CanaryRow[]): string[] {
  const out: string[] = [];
  for (const r of rows) {
    const v = `${r.status} ${r.weight}`;
    if (out[out.length - 1] !== v) out.push(v);
  }
  return out;
}

export type CanaryEvent = {
  type: string;
  reason: string;
  message: string;
  count: number;
  lastTimestamp: string;
  involvedObject: any;
  source: any;
};

/** The canary's Events last seen at or after `since` (ISO time, second precision), oldest first. */
export async function canaryEventsSince(
  cluster: string,
  namespace: string,
  name: string,
  since: string,
): Promise<CanaryEvent[]> {
  const list = await withClient(cluster, c =>
    c.list(
      { apiVersion: 'v1', kind: 'Event', namespace },
      {
        fieldSelector: `involvedObject.kind=Canary,involvedObject.name=${name}`,
      },
    ),
  );
  const cutoff = since.replace(/\.\d{3}Z$/, 'Z');
  return (list.items as unknown as CanaryEvent[])
    .filter(e => e.lastTimestamp >= cutoff)
    .sort((a, b) => a.lastTimestamp.localeCompare(b.lastTimestamp));
}

/**
 * The Events of a canary since `since`, once they include the end of the run `done` ended with:
 * Flagger records "Promotion completed!" just after it writes Succeeded, so a poller of the
 * status can look before that event exists.
 */
export async function runEventsSince(
  cluster: string,
  namespace: string,
  name: string,
  since: string,
  done: KubeObject,
  timeoutMs = 10_000,
): Promise<CanaryEvent[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const events = await canaryEventsSince(cluster, namespace, name, since);
    const complete =
      done.status?.phase !== 'Succeeded' ||
      events.some(e => e.message.startsWith('Promotion completed!'));
    if (complete || Date.now() > deadline) return events;
    await sleep(250);
  }
}

/** ISO time one second ago, so events of the current second are included. */
export function nowMinusOneSecond(): string {
  return new Date(Date.now() - 1000).toISOString();
}
