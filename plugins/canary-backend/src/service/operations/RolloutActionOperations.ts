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
import { PromoteFollowUps } from '../../lib/actions/PromoteFollowUps';
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
    const target = {
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
    try {
      // The permission is checked on the entity before any cluster is touched.
      const entity = await this.access.authorizedEntity(
        caller,
        options.entity,
        actionPermission(action),
      );
      const context = {
        credentials: caller.credentials,
        providerTokens: caller.providerTokens ?? {},
      };
      const rollouts = await this.access.findRollouts(entity, context);
      const result = await this.actions.run({
        rollouts,
        target,
        action,
        context,
        reason,
      });
      const { availability, ...answer } = result;
      for (const affected of answer.affects.length
        ? answer.affects
        : [target]) {
        await this.store.recordAction(affected, {
          entityRef,
          action,
          route: answer.route,
          actor,
          reason,
          outcome: answer.changed ? 'succeeded' : 'unchanged',
          message: answer.message,
        });
      }
      if (action === 'promote') {
        // The promote is for this run only: skipAnalysis is cleared again when the run ends.
        const affected = rollouts.rollouts.filter(r =>
          (answer.affects.length ? answer.affects : [target]).some(
            a =>
              a.cluster === r.cluster &&
              a.namespace === r.namespace &&
              a.name === r.name,
          ),
        );
        await this.followUps.schedule({
          availability,
          affected,
          entityRef,
          actor,
        });
      } else if (action === 'resume' || action === 'abort') {
        await this.followUps.clearNow(
          target,
          action === 'resume'
            ? 'the rollout was resumed'
            : 'the rollout was aborted',
        );
      }
      await auditEvent.success({
        meta: { route: answer.route, changed: answer.changed, actor },
      });
      return answer;
    } catch (error) {
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
      await auditEvent.fail({ error: error as Error, meta: { actor } });
      throw error;
    }
  }
}
