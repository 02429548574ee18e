import type { AuditorService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { ResourcePermission } from '@backstage/plugin-permission-common';
import {
  canaryPermissions,
  type CanaryRef,
  ROLLOUT_ACTIONS,
  type RolloutAction,
  type RolloutActionResult,
} from '@backstage-canary/plugin-canary-common';
import type { RolloutActionRunner } from '../../lib/actions/RolloutActionRunner';
import {
  mayHaveApplied,
  PromoteFollowUps,
} from '../../lib/actions/PromoteFollowUps';
import type { RolloutStore } from '../../lib/store/RolloutStore';
import { readActionBody } from '../actionBody';
import { actorOf, type CanaryCaller } from './CanaryCaller';
import {
  type CanaryEntityAccess,
  type EntityName,
  toCompoundRef,
} from './EntityAccess';

/** The permission each rollout action needs. */
export const ACTION_PERMISSIONS: Record<RolloutAction, string> = {
  pause: 'canary.rollout.pause',
  resume: 'canary.rollout.pause',
  promote: 'canary.rollout.promote',
  abort: 'canary.rollout.abort',
  retry: 'canary.rollout.retry',
  approve: 'canary.rollout.approve',
};

/** Checks that a name is a rollout action, naming the allowed ones when it is not. */
export function toRolloutAction(name: string): RolloutAction {
  if (!ROLLOUT_ACTIONS.includes(name as RolloutAction)) {
    throw new InputError(
      `Unknown rollout action ${name}; allowed: ${ROLLOUT_ACTIONS.join(', ')}`,
    );
  }
  return name as RolloutAction;
}

/** The permission a rollout action is checked against on the entity. */
export function actionPermission(
  action: RolloutAction,
): ResourcePermission<'catalog-entity'> {
  return canaryPermissions.find(
    p => p.name === ACTION_PERMISSIONS[action],
  ) as ResourcePermission<'catalog-entity'>;
}

/**
 * The rollout actions for a caller: the reason is validated, the action's permission is checked on
 * the catalog entity before any cluster is touched, the route the domain core picks is run, and
 * every attempt is audited and written to the action log, whether it came over HTTP, through the
 * actions registry or from another plugin.
 */
export class RolloutActionOperations {
  private readonly access: CanaryEntityAccess;
  private readonly store: RolloutStore;
  private readonly actions: RolloutActionRunner;
  private readonly auditor: AuditorService;
  private givenFollowUps?: PromoteFollowUps;

  constructor(options: {
    access: CanaryEntityAccess;
    store: RolloutStore;
    actions: RolloutActionRunner;
    auditor: AuditorService;
    /** Records and finishes promote follow-ups; defaults to one on the runner's gateway. */
    followUps?: PromoteFollowUps;
  }) {
    this.access = options.access;
    this.store = options.store;
    this.actions = options.actions;
    this.auditor = options.auditor;
    this.givenFollowUps = options.followUps;
  }

  /** The promote follow-ups, made on first use from the runner's gateway. */
  private get followUps(): PromoteFollowUps {
    this.givenFollowUps ??= new PromoteFollowUps({
      gateway: this.actions.gateway,
      store: this.store,
      auditor: this.auditor,
    });
    return this.givenFollowUps;
  }

  /** Runs one rollout action on one canary of an entity. */
  async run(options: {
    caller: CanaryCaller;
    entity: EntityName;
    canary: CanaryRef;
    action: string;
    reason: unknown;
  }): Promise<RolloutActionResult> {
    const { caller } = options;
    const action = toRolloutAction(options.action);
    const { reason } = readActionBody({ reason: options.reason });
    const entityRef = stringifyEntityRef(toCompoundRef(options.entity));
    const target: CanaryRef = {
      cluster: options.canary.cluster,
      namespace: options.canary.namespace,
      name: options.canary.name,
    };
    const actor = actorOf(caller.credentials);
    const auditEvent = await this.auditor.createEvent({
      eventId: 'rollout-action',
      severityLevel: 'medium',
      request: caller.request,
      meta: {
        action,
        entityRef,
        cluster: target.cluster,
        canary: `${target.namespace}/${target.name}`,
        reason,
        actor,
        via: caller.via ?? 'http',
      },
    });
    // Only a call that passed the permission and binding checks may write the canary's history:
    // a refusal is recorded by the auditor alone.
    let admitted = false;
    // What a failed action left on the cluster, for the audit event.
    let clusterChanged: boolean | 'unknown' = false;
    let followUpPending = false;
    try {
      // The permission is checked on the entity before any cluster is touched.
      const { rollouts, context } = await this.access.entityCanary(
        caller,
        options.entity,
        target,
        actionPermission(action),
      );
      admitted = true;
      // A promote skips analysis for this run only. The intent to turn it on again is stored
      // before the cluster is written, so no crash or lost answer in between can leave it off.
      const intent =
        action === 'promote'
          ? await this.followUps.intend({ rollouts, target, entityRef, actor })
          : undefined;
      let result: Awaited<ReturnType<RolloutActionRunner['run']>>;
      try {
        result = await this.actions.run({
          rollouts,
          target,
          action,
          context,
          reason,
        });
      } catch (error) {
        // Refused by the cluster: nothing was applied and the intent goes. Otherwise the write
        // may have landed, and the follow-up stays pending.
        clusterChanged = mayHaveApplied(error) ? 'unknown' : false;
        followUpPending = await this.followUps
          .promoteFailed(intent, error)
          .catch(() => intent !== undefined);
        throw error;
      }
      const { availability, ...answer } = result;
      // The cluster has been written: a failure of the bookkeeping below is reported in the
      // audit event, it does not make the action a failure.
      const problems: string[] = [];
      const note = (error: unknown) => {
        problems.push((error as Error).message);
      };
      for (const affected of answer.affects.length
        ? answer.affects
        : [target]) {
        await this.store
          .recordAction(affected, {
            entityRef,
            action,
            route: answer.route,
            actor,
            reason,
            outcome: answer.changed ? 'succeeded' : 'unchanged',
            message: answer.message,
          })
          .catch(note);
      }
      if (action === 'resume' || action === 'abort') {
        // Analysis is turned on again with the resume or abort, with this user's token.
        await this.followUps
          .clearNow(
            target,
            action === 'resume'
              ? 'the rollout was resumed'
              : 'the rollout was aborted',
            context,
          )
          .catch(note);
      } else {
        // Follow-ups the plugin's own credentials could not finish are tried with this user's.
        await this.followUps.retryEnded(target, context).catch(note);
      }
      await auditEvent.success({
        meta: {
          route: answer.route,
          changed: answer.changed,
          clusterChanged: answer.changed,
          actor,
          followUp: intent ? { id: intent.id, state: 'pending' } : undefined,
          bookkeepingErrors: problems.length ? problems : undefined,
        },
      });
      return answer;
    } catch (error) {
      if (!admitted) {
        await auditEvent.fail({ error: error as Error, meta: { actor } });
        throw error;
      }
      await this.store
        .recordAction(target, {
          entityRef,
          action,
          actor,
          reason,
          outcome: 'failed',
          message: (error as Error).message,
        })
        .catch(() => undefined);
      await auditEvent.fail({
        error: error as Error,
        meta: {
          actor,
          clusterChanged,
          followUp: followUpPending ? { state: 'pending' } : undefined,
        },
      });
      throw error;
    }
  }
}
