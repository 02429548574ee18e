import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ClusterGateway } from '../cluster/ClusterGateway';
import { pause } from '../async/pause';
import { ClusterWatch, type ClusterWatchStatus } from './ClusterWatch';
import { FLEET_COLLECTIONS } from './fleetCollections';
import type {
  CollectionSpec,
  KubeObject,
  WatchedCollection,
} from './WatchedCollection';

const DISCOVERY_INTERVAL_MS = 30_000;
const PROBE_INTERVAL_MS = 15_000;
const FIRST_DISCOVERY_RETRY_MS = 2_000;

/** A watched object changed on a cluster. */
export type FleetChange = {
  cluster: string;
  resource: string;
  object: KubeObject;
};

/**
 * The fleet as this backend instance watches it: every cluster the Kubernetes plugin knows (new
 * ones are picked up every 30 s), each with its canaries, workloads, namespaces and Kurator
 * objects kept current from watches made as the plugin's own service principal (see
 * {@link ClusterWatch}). Reads are answered from here while a cluster is connected, and say how
 * fresh each cluster's state is. A cluster that refuses the plugin's identity (its auth runs in the
 * browser) is read live with the user's token.
 */
export class FleetState {
  private readonly gateway: ClusterGateway;
  private readonly logger: LoggerService;
  private readonly specs: CollectionSpec[];
  private readonly probeIntervalMs: number;
  private readonly discoveryIntervalMs: number;
  private readonly watchTimeouts: {
    readyTimeoutMs?: number;
    stragglerGraceMs?: number;
  };
  private readonly watches = new Map<string, ClusterWatch>();
  private readonly running: Promise<void>[] = [];
  private readonly listeners = new Set<(change: FleetChange) => void>();
  private stopper?: AbortController;
  private firstDiscovery?: Promise<void>;

  constructor(options: {
    /** The live gateway the watches are made through. */
    gateway: ClusterGateway;
    logger: LoggerService;
    specs?: CollectionSpec[];
    probeIntervalMs?: number;
    discoveryIntervalMs?: number;
    /** How long a (re)connect may take to list everything; see ClusterWatch. */
    readyTimeoutMs?: number;
    /** How long an ended attempt waits for its calls; see ClusterWatch. */
    stragglerGraceMs?: number;
  }) {
    this.gateway = options.gateway;
    this.logger = options.logger;
    this.specs = options.specs ?? FLEET_COLLECTIONS;
    this.probeIntervalMs = options.probeIntervalMs ?? PROBE_INTERVAL_MS;
    this.discoveryIntervalMs =
      options.discoveryIntervalMs ?? DISCOVERY_INTERVAL_MS;
    this.watchTimeouts = {
      readyTimeoutMs: options.readyTimeoutMs,
      stragglerGraceMs: options.stragglerGraceMs,
    };
  }

  /** Starts watching; resolves once the clusters are known (not once they are listed). */
  start(): Promise<void> {
    if (this.stopper) return this.firstDiscovery!;
    const stopper = new AbortController();
    this.stopper = stopper;
    this.firstDiscovery = this.discover(stopper.signal);
    this.running.push(
      this.firstDiscovery.then(async () => {
        while (!stopper.signal.aborted) {
          // Until the Kubernetes plugin first names its clusters, it is asked again soon.
          await pause(
            this.watches.size
              ? this.discoveryIntervalMs
              : Math.min(this.discoveryIntervalMs, FIRST_DISCOVERY_RETRY_MS),
            stopper.signal,
          );
          if (!stopper.signal.aborted) await this.discover(stopper.signal);
        }
      }),
    );
    return this.firstDiscovery;
  }

  async stop(): Promise<void> {
    this.stopper?.abort();
    await Promise.all(this.running);
  }

  /** Calls `listener` with every change of a watched object; returns the unsubscribe. */
  onChange(listener: (change: FleetChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The clusters the Kubernetes plugin named at the last discovery (none before the first). */
  clusters(): string[] {
    return [...this.watches.keys()];
  }

  /** The objects of one resource on one cluster, or undefined when they must be read live. */
  collection(cluster: string, resource: string): WatchedCollection | undefined {
    return this.watches.get(cluster)?.collection(resource);
  }

  /**
   * The collection of one cluster whose changes are journaled (see `ChangeJournal`), once
   * the cluster is discovered, connected or not: a follower of the journal waits for it to list.
   */
  journaled(cluster: string, resource: string): WatchedCollection | undefined {
    const collection = this.watches.get(cluster)?.collections.get(resource);
    return collection?.journal ? collection : undefined;
  }

  /** The resource of the collection at `collectionPath`, when its changes are journaled. */
  journaledResource(collectionPath: string): string | undefined {
    return this.specs.find(
      spec => spec.path === collectionPath && spec.journaled,
    )?.resource;
  }

  /**
   * Why a connected cluster does not serve a watched resource (its CRD is not installed), if so:
   * reads of it are answered "not found" without asking the cluster again (see ClusterWatch).
   */
  absence(cluster: string, resource: string): Error | undefined {
    return this.watches.get(cluster)?.absence(resource);
  }

  /** Whether `path` is a collection the fleet state watches (`/apis/.../canaries`). */
  watchedResource(collectionPath: string): string | undefined {
    return this.specs.find(spec => spec.path === collectionPath)?.resource;
  }

  /** How fresh each cluster's state is; a cluster not (yet) watched is read live. */
  status(cluster: string): ClusterWatchStatus {
    return (
      this.watches.get(cluster)?.state ?? {
        cluster,
        source: 'live',
        connected: false,
      }
    );
  }

  private async discover(signal: AbortSignal) {
    let clusters: string[];
    try {
      clusters = await this.gateway.listClusters({ signal });
    } catch (error) {
      if (!signal.aborted) {
        this.logger.warn(`Fleet state could not list the clusters: ${error}`);
      }
      return;
    }
    for (const cluster of clusters) {
      if (this.watches.has(cluster) || signal.aborted) continue;
      const watch = new ClusterWatch({
        cluster,
        gateway: this.gateway,
        logger: this.logger,
        specs: this.specs,
        probeIntervalMs: this.probeIntervalMs,
        ...this.watchTimeouts,
        onChange: (resource, object) =>
          this.emit({ cluster, resource, object }),
      });
      this.watches.set(cluster, watch);
      this.running.push(watch.run(signal));
    }
  }

  private emit(change: FleetChange) {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (error) {
        this.logger.warn(`Fleet state listener failed: ${error}`);
      }
    }
  }
}
