import { KubeError, KubeObject, WatchEvent } from '../lib/KubeClient';
import { LabInfo, clientFor } from '../lib/labInfo';
import { sleep } from '../lib/processes';

export type CanaryRow = {
  cluster: string;
  namespace: string;
  name: string;
  status: string;
  weight: number;
  lastTransitionTime: string;
  /** True for the rows of the first listing (the state when the watch began). */
  initial?: boolean;
};

export function canaryRow(cluster: string, canary: KubeObject): CanaryRow {
  return {
    cluster,
    namespace: canary.metadata.namespace!,
    name: canary.metadata.name,
    status: canary.status?.phase ?? '',
    weight: canary.status?.canaryWeight ?? 0,
    lastTransitionTime: canary.status?.lastTransitionTime ?? '',
  };
}

/** Formats rows like `kubectl get canary -A -w` (with a CLUSTER column when several clusters are shown). */
export class RowPrinter {
  private headerPrinted = false;
  private readonly widths = {
    cluster: 17,
    namespace: 11,
    name: 10,
    status: 18,
    weight: 8,
  };

  constructor(
    private readonly write: (line: string) => void,
    private readonly withCluster: boolean,
  ) {}

  print(row: CanaryRow) {
    const w = this.widths;
    const cols = (r: Record<string, string>) =>
      `${
        this.withCluster ? r.cluster.padEnd(w.cluster) : ''
      }${r.namespace.padEnd(w.namespace)}${r.name.padEnd(
        w.name,
      )}${r.status.padEnd(w.status)}${r.weight.padEnd(w.weight)}${r.time}`;
    if (!this.headerPrinted) {
      this.headerPrinted = true;
      this.write(
        cols({
          cluster: 'CLUSTER',
          namespace: 'NAMESPACE',
          name: 'NAME',
          status: 'STATUS',
          weight: 'WEIGHT',
          time: 'LASTTRANSITIONTIME',
        }),
      );
    }
    this.write(
      cols({
        cluster: row.cluster,
        namespace: row.namespace,
        name: row.name,
        status: row.status,
        weight: String(row.weight),
        time: row.lastTransitionTime,
      }),
    );
  }
}

/**
 * Watches the Canaries of the given member clusters through the watch API and calls `onRow` for
 * every change of status, weight or transition time (repeats with identical columns are dropped).
 * Resolves when `signal` aborts.
 */
export async function watchCanaries(
  info: LabInfo,
  options: {
    clusters: string[];
    namespace?: string;
    onRow: (row: CanaryRow) => void;
    signal: AbortSignal;
  },
): Promise<void> {
  const lastLine = new Map<string, string>();
  const emit = (row: CanaryRow) => {
    const id = `${row.cluster}/${row.namespace}/${row.name}`;
    const line = `${row.status}|${row.weight}|${row.lastTransitionTime}`;
    if (lastLine.get(id) === line) return;
    lastLine.set(id, line);
    options.onRow(row);
  };
  await Promise.all(
    options.clusters.map(async clusterName => {
      const cluster = info.clusters.find(c => c.name === clusterName);
      if (!cluster) throw new Error(`unknown cluster ${clusterName}`);
      const client = clientFor(cluster);
      const ref = {
        apiVersion: 'flagger.app/v1beta1',
        kind: 'Canary',
        namespace: options.namespace,
      };
      // the resourceVersion to resume from; undefined means list again (first time, or 410 Gone)
      const state: { resourceVersion?: string } = {};
      let listed = false;
      const onEvent = (event: WatchEvent) => {
        if (event.type === 'ERROR') {
          state.resourceVersion = undefined;
          return;
        }
        if (event.object?.metadata?.resourceVersion) {
          state.resourceVersion = event.object.metadata.resourceVersion;
        }
        if (event.type === 'ADDED' || event.type === 'MODIFIED') {
          emit(canaryRow(clusterName, event.object));
        }
      };
      try {
        while (!options.signal.aborted) {
          try {
            if (!state.resourceVersion) {
              const list = await client.list(ref);
              const initial = !listed;
              listed = true;
              for (const item of list.items) {
                emit({ ...canaryRow(clusterName, item), initial });
              }
              state.resourceVersion = list.metadata.resourceVersion;
            }
            await client.watch(
              ref,
              state.resourceVersion,
              onEvent,
              options.signal,
            );
          } catch (error) {
            if (options.signal.aborted) break;
            if (error instanceof KubeError && error.statusCode === 410) {
              state.resourceVersion = undefined;
            }
            await sleep(1000);
          }
        }
      } finally {
        client.close();
      }
    }),
  );
}
