import {
  AuthenticationError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import type { ClusterGateway, KubeWatchEvent } from '../cluster/ClusterGateway';
import { pause } from '../async/pause';
import { withoutManagedFields } from '../cluster/kubeObjects';
import { ChangeJournal } from './ChangeJournal';

const ABSENT_RESOURCE_RETRY_MS = 60_000;
/**
 * A collection the cluster refuses to the plugin's own identity is asked for again after 2 s,
 * doubling up to 5 minutes: an API server that just started refuses everyone until its RBAC
 * caches are filled, and a real refusal should not cost a request a second.
 */
const REFUSED_RETRY_MIN_MS = 2_000;
const REFUSED_RETRY_MAX_MS = 300_000;
/**
 * Watches are short: through the Kubernetes plugin's proxy a watch whose API server went away can
 * stay open with nothing on it (the probe sees the cluster answer again, not the dead stream), so
 * each watch ends after WATCH_TIMEOUT_S on the server and, at the latest, WATCH_GRACE_S later on
 * this side, and resumes from the last version seen.
 */
const WATCH_TIMEOUT_S = 60;
const WATCH_GRACE_S = 15;
/** A watch that ended within this time with no event waits this long before the next one. */
const EMPTY_WATCH_PAUSE_MS = 1_000;

/** What a collection is doing, for the messages about a reconnect that does not end. */
export type CollectionPhase = 'idle' | 'listing' | 'watching' | 'waiting';

/** The part of a Kubernetes object the fleet state keys and versions it by. */
export type KubeObject = {
  metadata?: {
    name?: string;
    namespace?: string;
    resourceVersion?: string;
    labels?: Record<string, string>;
  };
};

/** One kind of object watched on every cluster (canaries, Deployments, ...), cluster-wide. */
export type CollectionSpec = {
  /** A name for messages and freshness, e.g. `canaries`. */
  resource: string;
  /** The cluster-wide collection path, e.g. `/apis/flagger.app/v1beta1/canaries`. */
  path: string;
  /** Keeps only what readers need of each object (memory at fleet scale). */
  project?: (object: KubeObject) => KubeObject;
  /**
   * Keep a journal of the changes in the order they were applied, for a follower that must see
   * each one (the rollout recorder); see {@link ChangeJournal}.
   */
  journaled?: boolean;
};

/** A listed collection's objects and the journal position they are the state at. */
export type CollectionSnapshot = {
  objects: KubeObject[];
  /** The journal entry these objects include, and none after it. */
  position: number;
  resourceVersion?: string;
};

/** A watch whose resource version the API server no longer has: list again. */
export class WatchExpired extends Error {}

/**
 * One collection of one cluster kept current from the API server: a full list, then a watch from
 * the list's resource version (with bookmarks), resumed from the last version seen when the server
 * ends it, listed again after a 410 Gone. A list replaces the objects at once, so a reader never
 * sees half of one. A cluster that does not serve the resource (its CRD is not installed) leaves
 * the collection unavailable, and readers ask the cluster instead.
 */
export class WatchedCollection {
  readonly spec: CollectionSpec;
  private objects = new Map<string, KubeObject>();
  private resourceVersion: string | undefined;
  private refusedRetryMs = REFUSED_RETRY_MIN_MS;
  /** Listed at least once since the cluster was last (re)connected. */
  synced = false;
  /**
   * Resuming its watch after an outage: what it holds may be older than the cluster until the
   * resumed watch has delivered what changed meanwhile (its first event or bookmark, or its clean
   * end), so readers ask the cluster until then.
   */
  private resuming = false;
  phase: CollectionPhase = 'idle';
  /**
   * Why the collection is not watched: the cluster does not serve the resource (`absent`: its CRD
   * is not installed) or refuses to list it to the plugin's own identity (`refused`: its RBAC, or
   * auth that runs in the user's browser). Readers then ask the cluster.
   */
  unavailable?: { why: 'absent' | 'refused'; error: Error };
  /** The changes in the order they were applied, when the spec asks for it. */
  readonly journal?: ChangeJournal;

  constructor(options: { spec: CollectionSpec }) {
    const { spec } = options;
    this.spec = spec;
    this.journal = spec.journaled ? new ChangeJournal() : undefined;
  }

  /**
   * The objects and the journal position they are the state at, while the collection is listed
   * (undefined otherwise, or without a journal). Taken at once, so nothing applied later is in it.
   */
  snapshot(): CollectionSnapshot | undefined {
    if (!this.journal || !this.synced) return undefined;
    const { seq, resourceVersion } = this.journal.tail;
    return {
      objects: [...this.objects.values()],
      position: seq,
      resourceVersion,
    };
  }

  /** Listed, and not catching up after an outage: its objects are the cluster's as last seen. */
  get current(): boolean {
    return this.synced && !this.resuming;
  }

  get(namespace: string | undefined, name: string): KubeObject | undefined {
    return this.objects.get(keyOf(namespace, name));
  }

  values(): IterableIterator<KubeObject> {
    return this.objects.values();
  }

  get size(): number {
    return this.objects.size;
  }

  /**
   * The cluster's watches broke. A journaled collection keeps its place and resumes its watch from
   * the last version seen, as Kubernetes' informers do, so its journal holds every change made
   * during the outage (the API server replays them; a version it no longer has is a 410 Gone, and
   * then the collection lists again). Any other collection lists again: its readers go live while
   * the cluster is disconnected and want a whole fresh state when it is back.
   */
  suspend() {
    if (this.journal && this.synced) {
      this.resuming = true;
      return;
    }
    this.reset();
  }

  /** Forgets the list: the next `follow` lists again. */
  reset() {
    this.synced = false;
    this.resuming = false;
    this.resourceVersion = undefined;
    this.refusedRetryMs = REFUSED_RETRY_MIN_MS;
  }

  /**
   * Lists (when not synced) and watches until the signal aborts; `onActivity` is called for every
   * list and event received. Throws when the cluster fails; a 410 Gone lists again. Nothing that
   * arrives after the signal aborted changes the collection (a reconnect may already be listing).
   */
  async follow(
    gateway: ClusterGateway,
    cluster: string,
    signal: AbortSignal,
    onActivity: (change?: KubeObject) => void,
  ): Promise<void> {
    try {
      while (!signal.aborted) {
        if (!this.synced) {
          this.phase = 'listing';
          await this.list(gateway, cluster, signal);
          if (signal.aborted) return;
          onActivity();
          if (this.unavailable) {
            // Looked for again later: the CRD may be installed, the RBAC granted meanwhile.
            this.phase = 'waiting';
            await pause(this.retryDelayMs(), signal);
            continue;
          }
        }
        this.phase = 'watching';
        await this.watchOnce(gateway, cluster, signal, onActivity);
      }
    } finally {
      this.phase = 'idle';
    }
  }

  /**
   * One watch from the last version seen, ended by the server after WATCH_TIMEOUT_S or by this
   * side WATCH_GRACE_S later. A watch that ends at once with nothing on it is not asked again
   * straight away (a proxy that answers an empty stream would otherwise be asked in a loop).
   */
  private async watchOnce(
    gateway: ClusterGateway,
    cluster: string,
    signal: AbortSignal,
    onActivity: (change?: KubeObject) => void,
  ): Promise<void> {
    const deadline = AbortSignal.timeout(
      (WATCH_TIMEOUT_S + WATCH_GRACE_S) * 1000,
    );
    const startedAt = Date.now();
    let events = 0;
    try {
      await gateway.watch<KubeObject>(
        cluster,
        this.spec.path,
        {
          resourceVersion: this.resourceVersion,
          timeoutSeconds: WATCH_TIMEOUT_S,
        },
        event => {
          if (signal.aborted) return;
          events += 1;
          this.apply(event);
          onActivity(event.type === 'BOOKMARK' ? undefined : event.object);
        },
        { signal: AbortSignal.any([signal, deadline]) },
      );
    } catch (error) {
      if (signal.aborted || deadline.aborted) return;
      if (!(error instanceof WatchExpired)) throw error;
      this.reset();
      return;
    }
    // The server ended the watch at its timeout: it sent everything since the version resumed from.
    this.resuming = false;
    if (!events && Date.now() - startedAt < EMPTY_WATCH_PAUSE_MS) {
      await pause(EMPTY_WATCH_PAUSE_MS, signal);
    }
  }

  /** Lists the collection, or finds it unavailable. */
  private async list(
    gateway: ClusterGateway,
    cluster: string,
    signal: AbortSignal,
  ): Promise<void> {
    try {
      const list = await gateway.list<KubeObject>(
        cluster,
        this.spec.path,
        {},
        { signal },
      );
      if (signal.aborted) return;
      const objects = new Map<string, KubeObject>();
      for (const item of list.items) {
        objects.set(keyOfObject(item), this.project(item));
      }
      this.objects = objects;
      this.resourceVersion = list.metadata.resourceVersion;
      this.synced = true;
      this.journal?.restart(list.metadata.resourceVersion);
      this.unavailable = undefined;
      this.refusedRetryMs = REFUSED_RETRY_MIN_MS;
    } catch (error) {
      const why = unavailability(error);
      if (!why || signal.aborted) throw error;
      this.unavailable = { why, error: error as Error };
      this.objects = new Map();
    }
  }

  private retryDelayMs(): number {
    if (this.unavailable?.why !== 'refused') return ABSENT_RESOURCE_RETRY_MS;
    const delay = this.refusedRetryMs;
    this.refusedRetryMs = Math.min(delay * 2, REFUSED_RETRY_MAX_MS);
    return delay;
  }

  private apply(event: KubeWatchEvent<KubeObject>) {
    if (event.type === 'ERROR') {
      const status = event.object as { code?: number; message?: string };
      if (status.code === 410) throw new WatchExpired();
      throw new Error(
        `${this.spec.resource} watch error: ${status.message ?? status.code}`,
      );
    }
    const version = event.object.metadata?.resourceVersion;
    if (version) this.resourceVersion = version;
    // A resumed watch sends what changed during the outage at once, from the version it resumed
    // from; its first event or bookmark means the catching up has arrived.
    this.resuming = false;
    if (event.type === 'BOOKMARK') return;
    const key = keyOfObject(event.object);
    // The journal shares the object the collection keeps (or kept, for a deletion).
    const object = this.project(event.object);
    if (event.type === 'DELETED') this.objects.delete(key);
    else this.objects.set(key, object);
    this.journal?.append(event.type, object, version);
  }

  private project(object: KubeObject): KubeObject {
    const projected = this.spec.project ? this.spec.project(object) : object;
    return withoutManagedFields(projected);
  }
}

function unavailability(error: unknown): 'absent' | 'refused' | undefined {
  if (error instanceof NotFoundError) return 'absent';
  if (
    error instanceof NotAllowedError ||
    error instanceof AuthenticationError
  ) {
    return 'refused';
  }
  return undefined;
}

function keyOf(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

function keyOfObject(object: KubeObject): string {
  return keyOf(object.metadata?.namespace, object.metadata?.name ?? '');
}
