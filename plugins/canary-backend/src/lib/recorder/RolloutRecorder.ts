import type {
  AuditorService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  type Canary,
  type CanaryRef,
  kubeCollectionPath,
  kubeObjectPath,
} from '@backstage-canary/plugin-canary-common';
import type { ClusterGateway, KubeWatchEvent } from '../cluster/ClusterGateway';
import type { RolloutStore, StoredEventInput } from '../store/RolloutStore';
import { PromoteFollowUps } from '../execution/PromoteFollowUps';
import { redactGateSecrets } from '../gates/redactGateSecrets';
import { pause } from '../async/pause';
import type { FleetState } from '../state/FleetState';
import type { KubeObject } from '../state/WatchedCollection';
import { followJournal } from './followJournal';

const CANARIES = kubeCollectionPath('Canary');
const EVENTS = kubeCollectionPath('Event');
const CANARY_EVENTS = { fieldSelector: 'involvedObject.kind=Canary' };
const HOUSEKEEPING_MS = 30_000;
// Watches are short: through the Kubernetes plugin's proxy a watch whose API server went away can
// stay open with nothing on it, and only the client's own deadline ends it (then it resumes from
// the last version seen, so a short window costs nothing but one request a minute).
const WATCH_TIMEOUT_S = 60;
const WATCH_GRACE_S = 15;
const RETRY_MIN_MS = 1_000;
const RETRY_MAX_MS = 30_000;
const ABSENT_RESOURCE_RETRY_MS = 60_000;

type KubeEvent = StoredEventInput & {
  metadata: { uid: string; resourceVersion?: string };
  involvedObject?: { kind?: string; namespace?: string; name?: string };
};

type Deployment = {
  spec?: { template?: { spec?: { containers?: Array<{ image?: string }> } } };
};

/**
 * A change the recorder stored for the first time: a new transition of a canary, or a new (or
 * re-counted) Event of one. Replays after a relist or restart store nothing and are not reported.
 */
export type RecordedChange =
  | { type: 'transition'; key: CanaryRef; canary: Canary; runId?: number }
  | { type: 'event'; key: CanaryRef; event: StoredEventInput };

/** A watch whose resource version the API server no longer has: relist and watch again. */
class ResourceVersionExpired extends Error {}

/** What the recorder needs of the fleet state: the journal of its canary watch. */
export type RecorderFleetState = Pick<
  FleetState,
  'journaled' | 'journaledResource'
>;

/**
 * Follows the canaries and their Events on every cluster, and records snapshots, phase/weight
 * transitions, runs and parsed events in the store. With a fleet state, the canaries' changes are
 * taken, in order, from the journal of its canary watch (see followJournal), so the fleet is not
 * watched twice; without one, and for the Events, the recorder watches itself. Either way it
 * resumes from the resource version stored after the last change it handled, and lists (or
 * reconciles) when that version is gone; the store's idempotent writes make replayed objects a
 * no-op, so no transition is missed or duplicated. Runs as the plugin itself (no user),
 * continuously on the instance that holds the recorder's lease (see RecorderLeadership); each
 * change is stored, and announced, as soon as it arrives.
 */
export class RolloutRecorder {
  private readonly gateway: ClusterGateway;
  private readonly store: RolloutStore;
  private readonly logger: LoggerService;
  private readonly onChange?: (canary: CanaryRef) => Promise<void>;
  private readonly onRecorded?: (change: RecordedChange) => Promise<void>;
  private readonly followUps: PromoteFollowUps;
  private readonly fleetState?: RecorderFleetState;

  constructor(options: {
    gateway: ClusterGateway;
    store: RolloutStore;
    logger: LoggerService;
    /** Called after a transition or an event of a canary was recorded. */
    onChange?: (canary: CanaryRef) => Promise<void>;
    /** Called with each transition or event stored for the first time (e.g. to notify owners). */
    onRecorded?: (change: RecordedChange) => Promise<void>;
    /** Audits the promote follow-ups the recorder finishes. */
    auditor?: AuditorService;
    /** Finishes promote follow-ups when their runs end; defaults to one on this gateway and store. */
    followUps?: PromoteFollowUps;
    /**
     * The fleet state whose canary watch the recorder follows (through its journal) instead of
     * opening its own; the one every instance runs, so a new leader can replay what the old one
     * missed.
     */
    fleetState?: RecorderFleetState;
  }) {
    this.gateway = options.gateway;
    this.store = options.store;
    this.logger = options.logger;
    this.onChange = options.onChange;
    this.onRecorded = options.onRecorded;
    this.fleetState = options.fleetState;
    this.followUps =
      options.followUps ??
      new PromoteFollowUps({
        gateway: options.gateway,
        store: options.store,
        auditor: options.auditor,
        logger: options.logger,
      });
  }

  /** Lets the promote follow-ups see a canary; a failure is logged and retried later. */
  private async followUp(key: CanaryRef, canary: Canary | undefined) {
    try {
      await this.followUps.observe(key, canary);
    } catch (error) {
      this.logger.warn(
        `Rollout recorder could not finish a promote follow-up of ${key.namespace}/${key.name} on ${key.cluster}: ${error}`,
      );
    }
  }

  private async report(change: RecordedChange) {
    try {
      await this.onRecorded?.(change);
    } catch (error) {
      this.logger.warn(
        `Rollout recorder could not report a recorded change: ${error}`,
      );
    }
  }

  private async notify(canary: CanaryRef) {
    try {
      await this.onChange?.(canary);
    } catch (error) {
      this.logger.warn(
        `Rollout recorder could not announce a change: ${error}`,
      );
    }
  }

  /**
   * Follows every cluster until the signal aborts (or for `durationMs`): one watch per cluster and
   * resource, resumed from the stored cursor, started again with backoff when it fails. Clusters
   * added to the Kubernetes plugin are picked up, and pending promote follow-ups are checked, every
   * `housekeepingMs`.
   */
  async run(options: {
    durationMs?: number;
    signal?: AbortSignal;
    housekeepingMs?: number;
  }): Promise<void> {
    const deadline = Date.now() + (options.durationMs ?? Infinity);
    const { signal } = options;
    const active = () => Date.now() < deadline && !signal?.aborted;
    const followers = new Map<string, Promise<void>>();
    const housekeeping = async () => {
      // Runs that ended while no recorder was watching (or before a follow-up was stored), and
      // follow-ups due to be tried again.
      await this.followUps
        .sweep()
        .catch(error =>
          this.logger.warn(
            `Rollout recorder could not check the pending promote follow-ups: ${error}`,
          ),
        );
      try {
        for (const cluster of await this.gateway.listClusters()) {
          if (!followers.has(cluster) && active()) {
            followers.set(
              cluster,
              this.keepFollowing(cluster, deadline, signal),
            );
          }
        }
      } catch (error) {
        this.logger.warn(
          `Rollout recorder could not list the clusters: ${error}`,
        );
      }
    };
    await housekeeping();
    while (active()) {
      await pause(
        Math.min(
          options.housekeepingMs ?? HOUSEKEEPING_MS,
          deadline - Date.now(),
        ),
        signal,
      );
      if (active()) await housekeeping();
    }
    await Promise.all(followers.values());
  }

  /** Follows one cluster until the deadline, starting again with backoff after a failure. */
  private async keepFollowing(
    cluster: string,
    deadline: number,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    let backoffMs = RETRY_MIN_MS;
    while (Date.now() < deadline && !signal?.aborted) {
      try {
        await this.followCluster(cluster, { deadline, signal });
        backoffMs = RETRY_MIN_MS;
      } catch (error) {
        if (signal?.aborted) return;
        this.logger.warn(
          `Rollout recorder could not follow cluster ${cluster} (trying again in ${
            backoffMs / 1000
          } s): ${error}`,
        );
        await pause(Math.min(backoffMs, deadline - Date.now()), signal);
        backoffMs = Math.min(backoffMs * 2, RETRY_MAX_MS);
      }
    }
  }

  /**
   * Follows the canaries and the canary Events of one cluster until the deadline. When one of the
   * two fails the other is stopped too, and the failure is thrown once both have ended, so a retry
   * never runs beside a watch still open (and the canaries are taken by one follower at a time).
   */
  async followCluster(
    cluster: string,
    options: { deadline: number; signal?: AbortSignal },
  ): Promise<void> {
    const { deadline } = options;
    const both = new AbortController();
    const stop = () => both.abort();
    options.signal?.addEventListener('abort', stop, { once: true });
    let failure: { reason: unknown } | undefined;
    const watching = async (watch: Promise<void>) => {
      try {
        await watch;
      } catch (reason) {
        // The first failure; the other watch then ends by being stopped.
        if (!both.signal.aborted) failure ??= { reason };
      } finally {
        stop();
      }
    };
    try {
      await Promise.all([
        watching(this.followCanaries(cluster, deadline, both.signal)),
        watching(
          this.follow<KubeEvent>(
            cluster,
            'events',
            EVENTS,
            CANARY_EVENTS,
            deadline,
            both.signal,
            event => this.onEvent(cluster, event),
          ),
        ),
      ]);
      if (failure && !options.signal?.aborted) throw failure.reason;
    } finally {
      options.signal?.removeEventListener('abort', stop);
    }
  }

  /** The canaries: from the fleet state's journal when it keeps one, else a watch of our own. */
  private followCanaries(
    cluster: string,
    deadline: number,
    signal: AbortSignal,
  ): Promise<void> {
    const resource = this.fleetState?.journaledResource(CANARIES);
    if (!this.fleetState || !resource) {
      return this.follow<Canary>(
        cluster,
        'canaries',
        CANARIES,
        {},
        deadline,
        signal,
        event => this.onCanary(cluster, event),
      );
    }
    const fleetState = this.fleetState;
    return followJournal({
      collection: () => fleetState.journaled(cluster, resource),
      cursor: {
        get: () => this.store.getCursor(cluster, 'canaries'),
        set: version => this.store.setCursor(cluster, 'canaries', version),
      },
      handle: event => this.onCanary(cluster, event as KubeWatchEvent<Canary>),
      reconcile: objects => this.reconcile(cluster, objects),
      onReconcile: why => {
        if (why === 'lost') {
          this.logger.info(
            `Rollout recorder: the canaries of ${cluster} were listed again (or changed faster than they were recorded), reconciling`,
          );
        }
      },
      deadline,
      signal,
    });
  }

  /** As a relist: records every canary of the collection, and those it lacks as deleted. */
  private async reconcile(cluster: string, objects: KubeObject[]) {
    const canaries = objects as Canary[];
    for (const canary of canaries) {
      await this.onCanary(cluster, { type: 'ADDED', object: canary });
    }
    await this.store.markMissingDeleted(cluster, canaries);
  }

  private async follow<T extends { metadata?: { resourceVersion?: string } }>(
    cluster: string,
    resource: string,
    path: string,
    query: Record<string, string>,
    deadline: number,
    signal: AbortSignal | undefined,
    handle: (event: KubeWatchEvent<T>) => Promise<void>,
  ): Promise<void> {
    let resourceVersion = await this.store.getCursor(cluster, resource);
    while (Date.now() < deadline && !signal?.aborted) {
      if (!resourceVersion) {
        try {
          resourceVersion = await this.relist<T>(
            cluster,
            resource,
            path,
            query,
            handle,
          );
        } catch (error) {
          // A cluster that does not serve the resource (no Flagger CRD yet): look again later.
          if (error instanceof NotFoundError) {
            await pause(
              Math.min(ABSENT_RESOURCE_RETRY_MS, deadline - Date.now()),
              signal,
            );
            continue;
          }
          throw error;
        }
      }
      // The API server ends a watch at its timeout; it is resumed from the last version seen.
      const timeoutSeconds = Math.max(
        1,
        Math.min(WATCH_TIMEOUT_S, Math.ceil((deadline - Date.now()) / 1000)),
      );
      try {
        let last = resourceVersion;
        await this.gateway.watch<T>(
          cluster,
          path,
          { resourceVersion, timeoutSeconds, query },
          async event => {
            if (event.type === 'ERROR') {
              const status = event.object as {
                code?: number;
                message?: string;
              };
              if (status.code === 410) throw new ResourceVersionExpired();
              throw new Error(`watch error: ${status.message ?? status.code}`);
            }
            if (event.type !== 'BOOKMARK') await handle(event);
            const version = event.object.metadata?.resourceVersion;
            if (version) {
              last = version;
              await this.store.setCursor(cluster, resource, version);
            }
          },
          {
            // A cluster that went silent (no events, no bookmarks, no end at its timeout) is
            // given up and watched again.
            signal: AbortSignal.any([
              ...(signal ? [signal] : []),
              AbortSignal.timeout((timeoutSeconds + WATCH_GRACE_S) * 1000),
            ]),
          },
        );
        resourceVersion = last;
      } catch (error) {
        if (error instanceof ResourceVersionExpired || isGone(error)) {
          this.logger.info(
            `Rollout recorder: ${resource} watch on ${cluster} expired, relisting`,
          );
          resourceVersion = undefined;
          continue;
        }
        throw error;
      }
    }
  }

  /** Lists the whole collection, records every item and returns the list's resource version. */
  private async relist<T extends { metadata?: { resourceVersion?: string } }>(
    cluster: string,
    resource: string,
    path: string,
    query: Record<string, string>,
    handle: (event: KubeWatchEvent<T>) => Promise<void>,
  ): Promise<string | undefined> {
    const list = await this.gateway.list<T>(cluster, path, query);
    for (const item of list.items) {
      await handle({ type: 'ADDED', object: item });
    }
    if (resource === 'canaries') {
      await this.store.markMissingDeleted(
        cluster,
        list.items.map(item => item as unknown as Canary),
      );
    }
    const version = list.metadata.resourceVersion;
    if (version) await this.store.setCursor(cluster, resource, version);
    return version;
  }

  private async onCanary(cluster: string, event: KubeWatchEvent<Canary>) {
    // Snapshots and reports never carry the canary's gate secrets.
    const canary = redactGateSecrets(event.object);
    const key = {
      cluster,
      namespace: canary.metadata.namespace ?? 'default',
      name: canary.metadata.name ?? '',
    };
    if (event.type === 'DELETED') {
      await this.store.markDeleted(key);
      await this.followUp(key, undefined);
      return;
    }
    const recorded = await this.store.recordCanary(cluster, canary);
    await this.followUp(key, canary);
    if (recorded.transition) {
      await this.notify(key);
      await this.report({
        type: 'transition',
        key,
        canary,
        runId: recorded.runId,
      });
    }
    if (recorded.newRun && recorded.runId !== undefined) {
      const images = await this.readImages(cluster, canary);
      if (images.length) await this.store.setRunImages(recorded.runId, images);
    }
  }

  private async onEvent(cluster: string, event: KubeWatchEvent<KubeEvent>) {
    if (event.type === 'DELETED') return; // Expired events stay in the history.
    const involved = event.object.involvedObject;
    if (involved?.kind !== 'Canary' || !involved.name) return;
    const key = {
      cluster,
      namespace: involved.namespace ?? 'default',
      name: involved.name,
    };
    if (await this.store.recordEvent(key, event.object)) {
      await this.notify(key);
      await this.report({ type: 'event', key, event: event.object });
    }
  }

  private async readImages(cluster: string, canary: Canary): Promise<string[]> {
    const target = canary.spec.targetRef;
    if (target?.kind !== 'Deployment' || !target.name) return [];
    try {
      const deployment = await this.gateway.get<Deployment>(
        cluster,
        kubeObjectPath('Deployment', canary.metadata.namespace, target.name),
      );
      return (deployment.spec?.template?.spec?.containers ?? [])
        .map(container => container.image)
        .filter((image): image is string => Boolean(image));
    } catch {
      return [];
    }
  }
}

function isGone(error: unknown): boolean {
  return (
    error instanceof Error &&
    /\b410\b|too old resource version|Expired/i.test(error.message)
  );
}
