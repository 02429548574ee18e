import type {
  AuditorService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  AuthenticationError,
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  NotImplementedError,
} from '@backstage/errors';
import {
  type Canary,
  type CanaryRef,
  getRolloutActions,
  kubeObjectPath,
  type RolloutActionAvailability,
  type RolloutOperation,
} from '@backstage-canary/plugin-canary-common';
import type {
  ClusterCallContext,
  ClusterGateway,
} from '../cluster/ClusterGateway';
import type { EntityRollouts, FoundRollout } from '../resolve/RolloutTarget';
import type { FollowUp, FollowUpIntent } from '../store/FollowUpStore';
import type { RolloutStore } from '../store/RolloutStore';
import { valueAt } from './jsonPointer';
import { samePolicy } from '../resolve/samePolicy';

/** The message of the action-log entry a finished promote follow-up writes. */
export const PROMOTE_FOLLOW_UP_MESSAGE =
  'promote follow-up: analysis re-enabled';

/** How long background work waits before trying a failed follow-up again: doubling, capped. */
export type FollowUpBackoff = { initialMs: number; maxMs: number };

const DEFAULT_BACKOFF: FollowUpBackoff = {
  initialMs: 30_000,
  maxMs: 10 * 60_000,
};

type Resource = {
  metadata: { resourceVersion?: string };
  spec?: Record<string, unknown>;
};

/** What a finished attempt did on the cluster. */
type Applied = 'cleared' | 'already-cleared' | 'gone';

/** Errors that say a write was refused or never sent, so nothing was applied. */
function refused(error: unknown): boolean {
  return (
    error instanceof NotImplementedError ||
    error instanceof ConflictError ||
    error instanceof InputError ||
    error instanceof NotFoundError ||
    error instanceof NotAllowedError ||
    error instanceof AuthenticationError
  );
}

/**
 * Whether a failed cluster write may still have been applied: the cluster or the proxy did not
 * answer with a refusal (unreachable, 5xx, a lost answer).
 */
export function mayHaveApplied(error: unknown): boolean {
  return !refused(error);
}

/** How often a follow-up re-reads and tries again when another writer won the race. */
const MAX_STALE_RETRIES = 4;

/**
 * Makes a promote affect only the run it was given for. A promote sets `spec.skipAnalysis` (native)
 * or the Kurator rollout policy's `skipTrafficAnalysis`; before the promote writes the cluster, the
 * intent to clear the field again is stored for (cluster, canary, revision) of every canary the
 * promote affects. The field is cleared through the same route, with a resourceVersion
 * precondition, once all those runs have ended (Succeeded, Failed, a new revision or the canary
 * gone), or at once when the user resumes or aborts. A failed attempt is retried with backoff and
 * without a cap until the field is cleared; while pending, the follow-up has a row in the action
 * log of each canary, saying why it waits or why its last attempt failed. Finishing is idempotent,
 * and writes an action-log entry and an audit event that says what happened on the cluster.
 *
 * Background attempts use the plugin's own credentials. A cluster with client-side auth (oidc,
 * google, aks...) accepts only a user's token, so there the follow-up stays pending, visible and
 * retried, until a user acts on the canary in Backstage: their call carries their token.
 */
export class PromoteFollowUps {
  private readonly gateway: ClusterGateway;
  private readonly store: RolloutStore;
  private readonly auditor?: AuditorService;
  private readonly logger?: LoggerService;
  private readonly backoff: FollowUpBackoff;
  private readonly now: () => Date;
  /** Follow-ups being finished by this instance, so overlapping triggers try each once. */
  private readonly inFlight = new Set<number>();

  constructor(options: {
    gateway: ClusterGateway;
    store: RolloutStore;
    auditor?: AuditorService;
    logger?: LoggerService;
    /** Wait before retrying a failed follow-up; default 30 s, doubling up to 10 min. */
    backoff?: FollowUpBackoff;
    /** The clock (tests). */
    now?: () => Date;
  }) {
    this.gateway = options.gateway;
    this.store = options.store;
    this.auditor = options.auditor;
    this.logger = options.logger;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Before a promote writes the cluster: stores the intent to clear its field again for the
   * current run of every canary the promote will affect (every cluster of a Kurator policy).
   * Does nothing when the promote's route needs no follow-up.
   */
  async intend(options: {
    rollouts: EntityRollouts;
    target: CanaryRef;
    entityRef: string;
    actor: string;
    /** The action: a promote, or a Kurator abort (which skips the reverted revision's analysis). */
    action?: 'promote' | 'abort';
  }): Promise<FollowUpIntent | undefined> {
    const { target } = options;
    const action = options.action ?? 'promote';
    const rollout = options.rollouts.rollouts.find(
      r =>
        r.cluster === target.cluster &&
        r.namespace === target.namespace &&
        r.name === target.name,
    );
    if (!rollout?.canary) return undefined;
    const affected = samePolicy(options.rollouts.rollouts, rollout);
    const availability = getRolloutActions(rollout.canary, {
      application: rollout.application,
      clusterCount: affected.length,
    }).find(a => a.action === action);
    if (!availability?.possible || !availability.operation) return undefined;
    return this.schedule({
      availability,
      affected,
      entityRef: options.entityRef,
      actor: options.actor,
    });
  }

  /**
   * Records the follow-up of a promote for the current run of every affected canary.
   * Does nothing when the promote's route needs no follow-up.
   */
  async schedule(options: {
    availability: RolloutActionAvailability;
    affected: FoundRollout[];
    entityRef: string;
    actor: string;
  }): Promise<FollowUpIntent | undefined> {
    const { availability, affected } = options;
    const operation = availability.followUp?.operation;
    // A Kurator abort reverts the workloads and skips the analysis of the reverted revision.
    const abort =
      availability.action === 'abort' &&
      availability.operation?.type === 'revert-to-primary';
    if (
      (availability.action !== 'promote' && !abort) ||
      !operation ||
      (operation.type !== 'patch-canary' &&
        operation.type !== 'patch-application') ||
      !affected.length
    ) {
      return undefined;
    }
    const cluster =
      operation.type === 'patch-application'
        ? affected[0].kurator?.hostCluster
        : affected[0].cluster;
    if (!cluster) return undefined;
    return this.store.followUps.add(
      {
        action: availability.action,
        route: availability.route ?? 'canary-patch',
        entityRef: options.entityRef,
        actor: options.actor,
        cluster,
        operation,
        targets: affected.map(rollout => ({
          cluster: rollout.cluster,
          namespace: rollout.namespace,
          name: rollout.name,
          // The reverted revision is not known before Flagger sees it: any run's end ends it.
          revision: abort ? '' : rollout.canary?.status?.lastAppliedSpec ?? '',
        })),
      },
      {
        reason: reasonOf(options.actor),
        message: abort
          ? `abort follow-up pending: ${describeField(
              operation,
              cluster,
            )} is cleared again once the reverted revision's run ends (Succeeded or Failed); until then analysis is skipped.`
          : `promote follow-up pending: ${describeField(
              operation,
              cluster,
            )} is cleared again once the promoted run ends (Succeeded, Failed or a new revision); until then analysis is skipped.`,
      },
      this.now(),
    );
  }

  /**
   * The promote's write failed. When nothing was applied (the cluster refused it, or a read after a
   * lost answer shows it did not land), the intent this promote stored is dropped; when that is
   * not known, it stays and is finished like any other. Returns whether the follow-up stays pending.
   */
  async promoteFailed(
    intent: FollowUpIntent | undefined,
    applied: false | 'unknown',
  ): Promise<boolean> {
    if (!intent) return false;
    if (intent.created && applied === false) {
      await this.store.followUps.cancel(intent.id);
      return false;
    }
    return true;
  }

  /** The recorder saw a canary (or saw it go): finishes the follow-ups whose runs are all over. */
  async observe(key: CanaryRef, canary: Canary | undefined): Promise<void> {
    const ready = await this.store.followUps.observe(
      key,
      canary
        ? {
            phase: canary.status?.phase,
            revision: canary.status?.lastAppliedSpec,
          }
        : { gone: true },
    );
    for (const followUp of ready.filter(f => this.due(f))) {
      await this.finish(followUp, 'the run it was given for ended');
    }
  }

  /**
   * Checks every pending follow-up against the last snapshot the recorder stored, so runs that
   * ended while the backend was down (or before the follow-up was stored) are caught, and tries
   * again those whose runs ended and whose backoff is over.
   */
  async sweep(): Promise<void> {
    const pending = await this.store.followUps.pending();
    const keys = new Map<string, CanaryRef>();
    for (const followUp of pending) {
      for (const target of followUp.targets) {
        if (!target.endedAt) {
          keys.set(`${target.cluster}/${target.namespace}/${target.name}`, {
            cluster: target.cluster,
            namespace: target.namespace,
            name: target.name,
          });
        }
      }
    }
    for (const key of keys.values()) {
      const snapshot = await this.store.followUps.snapshot(key);
      if (snapshot) {
        await this.observe(key, snapshot === 'gone' ? undefined : snapshot);
      }
    }
    for (const followUp of await this.store.followUps.pending()) {
      if (
        followUp.targets.every(target => target.endedAt) &&
        this.due(followUp)
      ) {
        await this.finish(followUp, 'the run it was given for ended');
      }
    }
  }

  /**
   * The user resumed or aborted: clears the pending promotes of this canary now, with the user's
   * call context (a cluster with client-side auth needs their token).
   */
  async clearNow(
    key: CanaryRef,
    cause: string,
    context: ClusterCallContext = {},
  ): Promise<void> {
    for (const followUp of await this.store.followUps.pending(key)) {
      await this.finish(followUp, cause, context);
    }
  }

  /**
   * A user acted on the canary: tries the pending follow-ups of it whose runs have ended at once,
   * with the user's call context, whatever their backoff.
   */
  async retryEnded(
    key: CanaryRef,
    context: ClusterCallContext = {},
  ): Promise<void> {
    for (const followUp of await this.store.followUps.pending(key)) {
      if (followUp.targets.every(target => target.endedAt)) {
        await this.finish(followUp, 'the run it was given for ended', context);
      }
    }
  }

  private due(followUp: FollowUp): boolean {
    return (
      !followUp.nextAttemptAt ||
      Date.parse(followUp.nextAttemptAt) <= this.now().getTime()
    );
  }

  private async finish(
    followUp: FollowUp,
    cause: string,
    context: ClusterCallContext = {},
  ): Promise<void> {
    if (this.inFlight.has(followUp.id)) return;
    this.inFlight.add(followUp.id);
    try {
      await this.attempt(followUp, cause, context);
    } finally {
      this.inFlight.delete(followUp.id);
    }
  }

  private async attempt(
    followUp: FollowUp,
    cause: string,
    context: ClusterCallContext,
  ): Promise<void> {
    const field = describeField(followUp.operation, followUp.cluster);
    const audit = await this.auditor?.createEvent({
      eventId: 'rollout-action-follow-up',
      severityLevel: 'medium',
      meta: {
        action: 'promote',
        followUpId: followUp.id,
        followUpOf: followUp.actor,
        entityRef: followUp.entityRef,
        cluster: followUp.cluster,
        canaries: followUp.targets.map(
          t => `${t.cluster}/${t.namespace}/${t.name}`,
        ),
        route: followUp.route,
        field,
        cause,
        attempt: followUp.attempts + 1,
      },
    });
    const progress = { patchSent: false };
    let applied: Applied;
    try {
      applied = await this.apply(followUp, context, progress);
    } catch (error) {
      const nextAttemptAt = new Date(
        this.now().getTime() + this.delayAfter(followUp.attempts + 1),
      );
      const hint =
        error instanceof AuthenticationError || error instanceof NotAllowedError
          ? ` The cluster refused the plugin's own credentials: a cluster with client-side auth accepts only a user's token, so this is tried again when a user resumes, aborts or acts on this canary in Backstage; or clear ${field} by hand.`
          : '';
      const attempts = await this.store.followUps.recordFailure(
        followUp.id,
        {
          error: (error as Error).message,
          nextAttemptAt,
          message: `promote follow-up pending: attempt ${
            followUp.attempts + 1
          } to clear ${field} failed (${
            (error as Error).message
          }); analysis stays skipped. Tried again from ${nextAttemptAt.toISOString()}, until it is cleared.${hint}`,
        },
        this.now(),
      );
      this.logger?.warn(
        `Canary ${followUp.targets[0].namespace}/${
          followUp.targets[0].name
        }: promote follow-up ${
          followUp.id
        } failed (attempt ${attempts}), tried again from ${nextAttemptAt.toISOString()}: ${
          (error as Error).message
        }`,
      );
      await audit?.fail({
        error: error as Error,
        meta: {
          // A patch that was sent and not refused may have been applied.
          clusterChanged:
            progress.patchSent && mayHaveApplied(error) ? 'unknown' : false,
          pending: true,
          attempts,
          nextAttemptAt: nextAttemptAt.toISOString(),
        },
      });
      return;
    }
    const outcome = applied === 'cleared' ? 'succeeded' : 'unchanged';
    const after = followUp.attempts
      ? `; after ${followUp.attempts} failed attempt${
          followUp.attempts === 1 ? '' : 's'
        }`
      : '';
    const message = {
      cleared: `${PROMOTE_FOLLOW_UP_MESSAGE} (${cause})${after}`,
      'already-cleared': `${PROMOTE_FOLLOW_UP_MESSAGE} already (${cause}); nothing changed`,
      gone: `promote follow-up: nothing to clear, the object behind ${field} is gone (${cause}); nothing changed`,
    }[applied];
    await this.store.followUps.complete(
      followUp,
      outcome,
      { reason: reasonOf(followUp.actor), message },
      this.now(),
    );
    await audit?.success({
      meta: {
        changed: applied === 'cleared',
        clusterChanged: applied === 'cleared',
        result: applied,
      },
    });
  }

  private delayAfter(attempts: number): number {
    const { initialMs, maxMs } = this.backoff;
    return Math.min(maxMs, initialMs * 2 ** Math.min(attempts - 1, 30));
  }

  /**
   * Clears the field with a resourceVersion precondition, re-reading the object when another change
   * won. Says whether it cleared the field, found it cleared already, or found the object gone.
   */
  private async apply(
    followUp: FollowUp,
    context: ClusterCallContext,
    progress: { patchSent: boolean },
  ): Promise<Applied> {
    const path = resourcePath(followUp.operation);
    for (let attempt = 0; ; attempt++) {
      let current: Resource;
      try {
        current = await this.gateway.get<Resource>(
          followUp.cluster,
          path,
          context,
        );
      } catch (error) {
        if (error instanceof NotFoundError) return 'gone';
        throw error;
      }
      const operation = followUp.operation;
      try {
        if (operation.type === 'patch-application') {
          const pending = operation.jsonPatch.filter(
            op => valueAt(current, op.path) !== op.value,
          );
          // An unset skipTrafficAnalysis is as good as false.
          if (
            pending.every(
              op =>
                op.value === false && valueAt(current, op.path) === undefined,
            )
          ) {
            return 'already-cleared';
          }
          progress.patchSent = true;
          await this.gateway.patch(
            followUp.cluster,
            path,
            [
              {
                op: 'test',
                path: '/metadata/resourceVersion',
                value: current.metadata.resourceVersion,
              },
              ...pending,
            ],
            'json',
            context,
          );
          return 'cleared';
        }
        if (operation.type === 'patch-canary') {
          if (current.spec?.skipAnalysis !== true) return 'already-cleared';
          progress.patchSent = true;
          await this.gateway.patch(
            followUp.cluster,
            path,
            {
              ...operation.mergePatch,
              metadata: { resourceVersion: current.metadata.resourceVersion },
            },
            'merge',
            context,
          );
          return 'cleared';
        }
        throw new Error(`Unsupported follow-up operation ${operation.type}`);
      } catch (error) {
        // Another writer won (Kurator updates the Application's status as the runs end): a merge
        // patch answers 409, a failed JSON-patch test 422 with a message that may name nothing,
        // so a changed resourceVersion decides.
        const stale =
          error instanceof ConflictError ||
          (error instanceof Error &&
            /resourceVersion|test operation|testing value/i.test(
              error.message,
            )) ||
          (await this.changedSince(followUp.cluster, path, current, context));
        if (!stale || attempt >= MAX_STALE_RETRIES) throw error;
      }
    }
  }

  /** Whether the object's resourceVersion moved on since `seen` (a failed read says no). */
  private async changedSince(
    cluster: string,
    path: string,
    seen: Resource,
    context: ClusterCallContext,
  ): Promise<boolean> {
    const now = await this.gateway
      .get<Resource>(cluster, path, context)
      .catch(() => undefined);
    return (
      now !== undefined &&
      now.metadata.resourceVersion !== seen.metadata.resourceVersion
    );
  }
}

function reasonOf(actor: string): string {
  return `Follow-up of the promote by ${actor}`;
}

/** The field a follow-up clears, in words. */
function describeField(operation: RolloutOperation, cluster: string): string {
  if (operation.type === 'patch-application') {
    return `skipTrafficAnalysis of Kurator Application ${operation.namespace}/${operation.name} on ${cluster}`;
  }
  if (operation.type === 'patch-canary') {
    return `spec.skipAnalysis of Canary ${operation.namespace}/${operation.name} on ${cluster}`;
  }
  return `the ${operation.type} follow-up on ${cluster}`;
}

function resourcePath(operation: RolloutOperation): string {
  if (operation.type === 'patch-application') {
    return kubeObjectPath('Application', operation.namespace, operation.name);
  }
  if (operation.type === 'patch-canary') {
    return kubeObjectPath('Canary', operation.namespace, operation.name);
  }
  throw new Error(`Unsupported follow-up operation ${operation.type}`);
}
