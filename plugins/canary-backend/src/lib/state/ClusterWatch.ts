import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ClusterGateway } from '../cluster/ClusterGateway';
import { ServiceUnavailableError } from '@backstage/errors';
import { pause } from '../async/pause';
import { settleWithin } from '../async/settleWithin';
import {
  type CollectionSpec,
  type KubeObject,
  WatchedCollection,
} from './WatchedCollection';

const RETRY_MIN_MS = 1_000;
const RETRY_MAX_MS = 10_000;
/** An attempt whose collections are not all listed by then fails and is made again. */
export const DEFAULT_READY_TIMEOUT_MS = 60_000;
/** How long an ended attempt waits for its calls to return before it goes on without them. */
export const DEFAULT_STRAGGLER_GRACE_MS = 5_000;

/** How current one cluster's watched state is, as every read reports it. */
export type ClusterWatchStatus = {
  cluster: string;
  /**
   * `watch`: answered from watches; `live`: the cluster refuses every collection to the plugin's
   * own identity (its auth runs in the user's browser), so every read goes to it (see `error`).
   */
  source: 'watch' | 'live';
  /** The watches are open and the cluster answered within the last probe interval. */
  connected: boolean;
  /** When the watches last (re)connected. */
  connectedSince?: Date;
  /** The last event, list or probe answer from the cluster. */
  lastContactAt?: Date;
  /** Why the cluster is not watched, or why its watches broke. */
  error?: Error;
};

/**
 * The watched state of one cluster: its collections listed and watched together, a probe when the
 * cluster has been quiet for `probeIntervalMs` (through the Kubernetes plugin's proxy a quiet watch
 * and a black-holed cluster look alike), and everything listed again after a failure, with
 * backoff. While disconnected the cluster's objects are not served; readers ask the cluster.
 */
export class ClusterWatch {
  readonly cluster: string;
  private readonly gateway: ClusterGateway;
  private readonly logger: LoggerService;
  private readonly probeIntervalMs: number;
  private readonly readyTimeoutMs: number;
  private readonly stragglerGraceMs: number;
  private readonly onChange: (resource: string, object: KubeObject) => void;
  readonly collections: Map<string, WatchedCollection>;
  private probing = false;
  /** When the watches broke, until they are connected again. */
  private brokenAt?: Date;
  private status: Omit<ClusterWatchStatus, 'cluster'> = {
    source: 'watch',
    connected: false,
  };

  constructor(options: {
    cluster: string;
    gateway: ClusterGateway;
    logger: LoggerService;
    specs: CollectionSpec[];
    probeIntervalMs: number;
    /** Default {@link DEFAULT_READY_TIMEOUT_MS}. */
    readyTimeoutMs?: number;
    /** Default {@link DEFAULT_STRAGGLER_GRACE_MS}. */
    stragglerGraceMs?: number;
    onChange: (resource: string, object: KubeObject) => void;
  }) {
    this.cluster = options.cluster;
    this.gateway = options.gateway;
    this.logger = options.logger;
    this.probeIntervalMs = options.probeIntervalMs;
    this.readyTimeoutMs = options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS;
    this.stragglerGraceMs =
      options.stragglerGraceMs ?? DEFAULT_STRAGGLER_GRACE_MS;
    this.onChange = options.onChange;
    this.collections = new Map(
      options.specs.map(spec => [
        spec.resource,
        new WatchedCollection({ spec }),
      ]),
    );
  }

  get state(): ClusterWatchStatus {
    return { cluster: this.cluster, ...this.status };
  }

  /** The collection, when the cluster is connected and has listed it; otherwise undefined. */
  collection(resource: string): WatchedCollection | undefined {
    if (!this.status.connected) return undefined;
    const collection = this.collections.get(resource);
    return collection?.current ? collection : undefined;
  }

  /**
   * Why the connected cluster does not serve a resource (its CRD is not installed: the error its
   * list answered), else undefined. It is looked for again every minute.
   */
  absence(resource: string): Error | undefined {
    if (!this.status.connected) return undefined;
    const { unavailable } = this.collections.get(resource) ?? {};
    return unavailable?.why === 'absent' ? unavailable.error : undefined;
  }

  /** Watches until the signal aborts, reconnecting with backoff. */
  async run(signal: AbortSignal): Promise<void> {
    let backoffMs = RETRY_MIN_MS;
    while (!signal.aborted) {
      const attempt = new AbortController();
      const stop = () => attempt.abort();
      signal.addEventListener('abort', stop, { once: true });
      try {
        await this.connect(attempt.signal);
        backoffMs = RETRY_MIN_MS;
      } catch (error) {
        if (signal.aborted) return;
        // A cluster that was connected starts a new outage: its retries start short again.
        if (this.status.connected) backoffMs = RETRY_MIN_MS;
        this.brokenAt ??= new Date();
        this.disconnect(error as Error);
        this.logger.warn(
          `Fleet state: cluster ${
            this.cluster
          } is read live until its watches reconnect (trying again in ${
            backoffMs / 1000
          } s): ${error}`,
        );
        await pause(backoffMs, signal);
        backoffMs = Math.min(backoffMs * 2, RETRY_MAX_MS);
      } finally {
        attempt.abort();
        signal.removeEventListener('abort', stop);
      }
    }
    this.disconnect(undefined);
  }

  /**
   * Lists and watches every collection, and probes a quiet cluster, until one of them fails or the
   * collections are not all listed within the ready timeout. Returns at most the straggler grace
   * after a failure even if some call ignores the abort (saying which), so the cluster is always
   * tried again.
   */
  private async connect(signal: AbortSignal): Promise<void> {
    const failed = new AbortController();
    const both = AbortSignal.any([signal, failed.signal]);
    let failure: { reason: unknown } | undefined;
    const fail = (reason: unknown) => {
      if (!both.aborted) failure ??= { reason };
      failed.abort();
    };
    const guard = async (work: Promise<void>) => {
      try {
        await work;
      } catch (reason) {
        fail(reason);
      }
    };
    const pending = [...this.collections.values()].map(collection =>
      guard(
        collection.follow(this.gateway, this.cluster, both, object => {
          this.contact();
          if (object) this.onChange(collection.spec.resource, object);
        }),
      ),
    );
    pending.push(guard(this.probe(both)));
    const readyTimer = setTimeout(() => {
      if (this.ready()) return;
      fail(
        new ServiceUnavailableError(
          `Cluster ${
            this.cluster
          } did not list every watched collection within ${
            this.readyTimeoutMs / 1000
          } s (${this.activity()})`,
        ),
      );
    }, this.readyTimeoutMs);
    try {
      const outcome = await settleWithin(
        Promise.all(pending),
        both,
        this.stragglerGraceMs,
      );
      if (outcome === 'abandoned') {
        this.logger.warn(
          `Fleet state: cluster ${this.cluster}: calls still open ${
            this.stragglerGraceMs / 1000
          } s after its watches stopped were left behind (${this.activity()})`,
        );
      }
    } finally {
      clearTimeout(readyTimer);
    }
    if (failure) throw failure.reason;
  }

  /** Every collection listed, or found absent or refused. */
  private ready(): boolean {
    return [...this.collections.values()].every(c => c.synced || c.unavailable);
  }

  /** What each collection and the probe are doing, for messages. */
  private activity(): string {
    const phases = [...this.collections.values()].map(
      c => `${c.spec.resource} ${c.phase}`,
    );
    return [...phases, `probe ${this.probing ? 'asking' : 'idle'}`].join(', ');
  }

  /** Asks for one object of a watched collection whenever nothing arrived for a probe interval. */
  private async probe(signal: AbortSignal): Promise<void> {
    const quietForMs = () =>
      Date.now() - (this.status.lastContactAt?.getTime() ?? 0);
    while (!signal.aborted) {
      // Until the cluster has been quiet for a whole interval: a cluster that goes silent is
      // asked one interval after its last word, not up to two.
      await pause(
        Math.max(
          this.probeIntervalMs - quietForMs(),
          this.probeIntervalMs / 10,
        ),
        signal,
      );
      if (signal.aborted) return;
      const watched = [...this.collections.values()].find(c => c.synced);
      if (quietForMs() < this.probeIntervalMs || !watched) continue;
      this.probing = true;
      try {
        const answered = await Promise.race([
          this.gateway
            .get(this.cluster, `${watched.spec.path}?limit=1`, { signal })
            .then(() => true),
          pause(this.probeIntervalMs, signal).then(() => false),
        ]);
        if (signal.aborted) return;
        if (!answered) {
          throw new ServiceUnavailableError(
            `Cluster ${this.cluster} did not answer the probe within ${
              this.probeIntervalMs / 1000
            } s`,
          );
        }
      } finally {
        this.probing = false;
      }
      this.contact();
    }
  }

  /**
   * The cluster answered: connected once every collection has listed or is unavailable; read live
   * when it refuses them all to the plugin's identity.
   */
  private contact() {
    const now = new Date();
    const collections = [...this.collections.values()];
    const ready = this.ready();
    const refused = collections.every(c => c.unavailable?.why === 'refused');
    if (ready && refused) {
      this.status = {
        source: 'live',
        connected: false,
        lastContactAt: now,
        error: collections[0]?.unavailable?.error,
      };
      return;
    }
    if (ready && !this.status.connected && this.brokenAt) {
      this.logger.info(
        `Fleet state: cluster ${this.cluster} is watched again, ${
          (now.getTime() - this.brokenAt.getTime()) / 1000
        } s after its watches broke`,
      );
      this.brokenAt = undefined;
    }
    this.status = {
      ...this.status,
      source: 'watch',
      lastContactAt: now,
      connected: this.status.connected || ready,
      connectedSince:
        this.status.connected || !ready ? this.status.connectedSince : now,
      error: ready ? undefined : this.status.error,
    };
  }

  private disconnect(error: Error | undefined) {
    for (const collection of this.collections.values()) collection.suspend();
    this.status = {
      ...this.status,
      source: 'watch',
      connected: false,
      connectedSince: undefined,
      error,
    };
  }
}
