import type {
  AuditorService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import {
  type Canary,
  type CanaryRef,
  FLAGGER_API_VERSION,
  KURATOR_APPLICATION_API_VERSION,
  type RolloutActionAvailability,
  type RolloutOperation,
} from '@backstage-canary/plugin-canary-common';
import type { ClusterGateway } from '../cluster/ClusterGateway';
import type { FoundRollout } from '../resolve/RolloutTarget';
import type { FollowUp } from '../store/FollowUpStore';
import type { RolloutStore } from '../store/RolloutStore';
import { valueAt } from './jsonPointer';

/** The message of the action-log entry a finished promote follow-up writes. */
export const PROMOTE_FOLLOW_UP_MESSAGE =
  'promote follow-up: analysis re-enabled';

const MAX_ATTEMPTS = 5;

type Resource = {
  metadata: { resourceVersion?: string };
  spec?: Record<string, unknown>;
};

/**
 * Makes a promote affect only the run it was given for. A promote sets `spec.skipAnalysis` (native)
 * or the Kurator rollout policy's `skipTrafficAnalysis`; this records in the database that the
 * field must be cleared again for (cluster, canary, revision) of every canary the promote affected,
 * and clears it through the same route, with a resourceVersion precondition, once all those runs
 * have ended (Succeeded, Failed, a new revision or the canary gone), or at once when the user
 * resumes or aborts. Pending follow-ups survive a restart; finishing one is idempotent, and writes
 * an action-log entry and an audit event.
 */
export class PromoteFollowUps {
  private readonly gateway: ClusterGateway;
  private readonly store: RolloutStore;
  private readonly auditor?: AuditorService;
  private readonly logger?: LoggerService;

  constructor(options: {
    gateway: ClusterGateway;
    store: RolloutStore;
    auditor?: AuditorService;
    logger?: LoggerService;
  }) {
    this.gateway = options.gateway;
    this.store = options.store;
    this.auditor = options.auditor;
    this.logger = options.logger;
  }

  /**
   * After a promote: records the follow-up for the current run of every affected canary.
   * Does nothing when the promote's route needs no follow-up.
   */
  async schedule(options: {
    availability: RolloutActionAvailability;
    affected: FoundRollout[];
    entityRef: string;
    actor: string;
  }): Promise<number | undefined> {
    const { availability, affected } = options;
    const operation = availability.followUp?.operation;
    if (
      availability.action !== 'promote' ||
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
    return this.store.followUps.add({
      action: 'promote',
      route: availability.route ?? 'canary-patch',
      entityRef: options.entityRef,
      actor: options.actor,
      cluster,
      operation,
      targets: affected.map(rollout => ({
        cluster: rollout.cluster,
        namespace: rollout.namespace,
        name: rollout.name,
        revision: rollout.canary?.status?.lastAppliedSpec ?? '',
      })),
    });
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
    for (const followUp of ready) {
      await this.finish(followUp, 'the run it was given for ended');
    }
  }

  /**
   * Checks every pending follow-up against the last snapshot the recorder stored, so runs that
   * ended while the backend was down (or before the follow-up was stored) are caught.
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
    // Follow-ups whose runs all ended but whose operation failed last time are retried.
    for (const followUp of await this.store.followUps.pending()) {
      if (followUp.targets.every(target => target.endedAt)) {
        await this.finish(followUp, 'the run it was given for ended');
      }
    }
  }

  /** The user resumed or aborted: clears the pending promotes of this canary now. */
  async clearNow(key: CanaryRef, cause: string): Promise<void> {
    for (const followUp of await this.store.followUps.pending(key)) {
      await this.finish(followUp, cause);
    }
  }

  private async finish(followUp: FollowUp, cause: string): Promise<void> {
    const audit = await this.auditor?.createEvent({
      eventId: 'rollout-action-follow-up',
      severityLevel: 'medium',
      meta: {
        action: 'promote',
        followUpOf: followUp.actor,
        entityRef: followUp.entityRef,
        cluster: followUp.cluster,
        canaries: followUp.targets.map(
          t => `${t.cluster}/${t.namespace}/${t.name}`,
        ),
        route: followUp.route,
        cause,
      },
    });
    let changed: boolean;
    try {
      changed = await this.apply(followUp);
    } catch (error) {
      const attempts = await this.store.followUps.countAttempt(followUp.id);
      const message = `promote follow-up failed (attempt ${attempts} of ${MAX_ATTEMPTS}): ${
        (error as Error).message
      }`;
      this.logger?.warn(
        `Canary ${followUp.targets[0].namespace}/${followUp.targets[0].name}: ${message}`,
      );
      if (attempts >= MAX_ATTEMPTS) {
        if (
          await this.store.followUps.complete(followUp.id, 'failed', message)
        ) {
          await this.log(followUp, 'failed', `${message}; giving up`);
        }
      }
      await audit?.fail({ error: error as Error, meta: { attempts } });
      return;
    }
    const outcome = changed ? 'succeeded' : 'unchanged';
    const message = changed
      ? `${PROMOTE_FOLLOW_UP_MESSAGE} (${cause})`
      : `${PROMOTE_FOLLOW_UP_MESSAGE} already (${cause}); nothing changed`;
    if (await this.store.followUps.complete(followUp.id, outcome, message)) {
      await this.log(followUp, outcome, message);
    }
    await audit?.success({ meta: { changed } });
  }

  private async log(
    followUp: FollowUp,
    outcome: 'succeeded' | 'unchanged' | 'failed',
    message: string,
  ) {
    for (const target of followUp.targets) {
      await this.store.recordAction(
        {
          cluster: target.cluster,
          namespace: target.namespace,
          name: target.name,
        },
        {
          entityRef: followUp.entityRef,
          action: 'promote',
          route: followUp.route as never,
          actor: 'canary-backend',
          reason: `Follow-up of the promote by ${followUp.actor}`,
          outcome,
          message,
        },
      );
    }
  }

  /**
   * Clears the field with a resourceVersion precondition, re-reading the object when another change
   * won. Returns false when the field was already cleared.
   */
  private async apply(followUp: FollowUp): Promise<boolean> {
    const path = resourcePath(followUp.operation);
    for (let attempt = 0; ; attempt++) {
      const current = await this.gateway.get<Resource>(followUp.cluster, path);
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
            return false;
          }
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
          );
          return true;
        }
        if (operation.type === 'patch-canary') {
          if (current.spec?.skipAnalysis !== true) return false;
          await this.gateway.patch(
            followUp.cluster,
            path,
            {
              ...operation.mergePatch,
              metadata: { resourceVersion: current.metadata.resourceVersion },
            },
            'merge',
          );
          return true;
        }
        throw new Error(`Unsupported follow-up operation ${operation.type}`);
      } catch (error) {
        const stale =
          error instanceof ConflictError ||
          (error instanceof Error &&
            /resourceVersion|test operation|testing value/i.test(
              error.message,
            ));
        if (!stale || attempt >= 2) throw error;
      }
    }
  }
}

function resourcePath(operation: RolloutOperation): string {
  if (operation.type === 'patch-application') {
    return `/apis/${KURATOR_APPLICATION_API_VERSION}/namespaces/${operation.namespace}/applications/${operation.name}`;
  }
  if (operation.type === 'patch-canary') {
    return `/apis/${FLAGGER_API_VERSION}/namespaces/${operation.namespace}/canaries/${operation.name}`;
  }
  throw new Error(`Unsupported follow-up operation ${operation.type}`);
}
