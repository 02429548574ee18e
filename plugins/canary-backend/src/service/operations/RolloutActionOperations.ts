import type { AuditorService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError, InputError } from '@backstage/errors';
import {
  type Canary,
  type CanaryRef,
  ROLLOUT_ACTIONS,
  type RolloutAction,
  type RolloutActionResult,
  rolloutActionPermission,
} from '@backstage-canary/plugin-canary-common';
import type {
  PlannedActionWrite,
  RolloutActionRunner,
} from '../../lib/execution/RolloutActionRunner';
import { ActionLogEntry } from '../../lib/execution/ActionLogEntry';
import { checkWrite } from '../../lib/execution/actionWrite';
import type { ClusterCallContext } from '../../lib/cluster/ClusterGateway';
import {
  mayHaveApplied,
  PromoteFollowUps,
} from '../../lib/execution/PromoteFollowUps';
import type { RolloutStore } from '../../lib/store/RolloutStore';
import { readActionBody } from '../actionBody';
import { actorOf, type CanaryCaller } from './CanaryCaller';
import {
  type CanaryEntityAccess,
  type EntityName,
  toCompoundRef,
} from './EntityAccess';

/**
 * How long after an action's deadline its pending rows wait for the instance that runs it, before
 * another settles them from the cluster: time for that instance's last answer to be recorded.
 */
const SETTLE_MARGIN_MS = 5_000;

/** A signal that aborts at `deadline` or with the caller's. */
function untilDeadline(
  context: ClusterCallContext,
  deadline: number,
): AbortSignal {
  const timeout = AbortSignal.timeout(Math.max(0, deadline - Date.now()));
  return context.signal ? AbortSignal.any([context.signal, timeout]) : timeout;
}

/** Checks that a name is a rollout action, naming the allowed ones when it is not. */
export function toRolloutAction(name: string): RolloutAction {
  if (!ROLLOUT_ACTIONS.includes(name as RolloutAction)) {
    throw new InputError(
      `Unknown rollout action ${name}; allowed: ${ROLLOUT_ACTIONS.join(', ')}`,
    );
  }
  return name as RolloutAction;
}

/**
 * Refuses to promote a canary whose current run has failed checks unless the caller says so: a
 * promote skips the very analysis that is failing.
 */
function checkPromoteAcknowledged(
  canary: Canary | undefined,
  target: CanaryRef,
  acknowledged: boolean,
) {
  const failed = canary?.status?.failedChecks ?? 0;
  if (failed <= 0 || acknowledged) return;
  const threshold = canary?.spec.analysis?.threshold ?? 1;
  throw new ConflictError(
    `Canary ${target.namespace}/${target.name} on ${target.cluster} has ${failed} of ${threshold} failed checks in its current run, and promoting skips the analysis that is failing. To promote anyway, send acknowledgeFailedChecks: true.`,
  );
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
  private readonly timeoutMs: number;

  constructor(options: {
    access: CanaryEntityAccess;
    store: RolloutStore;
    actions: RolloutActionRunner;
    auditor: AuditorService;
    /** Records and finishes promote follow-ups; defaults to one on the runner's gateway. */
    followUps?: PromoteFollowUps;
    /** How long an action's cluster calls may take (`canary.actions.timeout`); default 30 s. */
    actionTimeoutMs?: number;
  }) {
    this.timeoutMs = options.actionTimeoutMs ?? 30_000;
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
    /** Promote only: promote a canary whose current run has failed checks anyway. */
    acknowledgeFailedChecks?: unknown;
  }): Promise<RolloutActionResult> {
    const { caller } = options;
    const action = toRolloutAction(options.action);
    const { reason, acknowledgeFailedChecks } = readActionBody({
      reason: options.reason,
      acknowledgeFailedChecks: options.acknowledgeFailedChecks,
    });
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
        ...(acknowledgeFailedChecks ? { acknowledgeFailedChecks } : {}),
      },
    });
    // Only a call that passed the permission and binding checks may write the canary's history:
    // a refusal is recorded by the auditor alone.
    let log: ActionLogEntry | undefined;
    // What a failed action left on the cluster, for the audit event.
    let clusterChanged: boolean | 'unknown' = false;
    let followUpPending = false;
    // Whether the action log has this failure already.
    let failureLogged = false;
    try {
      // The permission is checked on the entity before any cluster is touched.
      const { rollout, rollouts, context } = await this.access.entityCanary(
        caller,
        options.entity,
        target,
        rolloutActionPermission(action),
      );
      if (action === 'promote') {
        checkPromoteAcknowledged(
          rollout.canary,
          target,
          acknowledgeFailedChecks,
        );
      }
      log = new ActionLogEntry({
        store: this.store,
        base: { entityRef, action, actor, reason },
        target,
      });
      // A promote skips analysis for this run only. The intent to turn it on again is stored
      // before the cluster is written, so no crash or lost answer in between can leave it off.
      const intent =
        action === 'promote' || action === 'abort'
          ? await this.followUps.intend({
              rollouts,
              target,
              entityRef,
              actor,
              action,
            })
          : undefined;
      // The action's cluster calls end by this deadline; its pending rows are settled by another
      // instance a little after it, should this one die before the answer.
      const deadline = Date.now() + this.timeoutMs;
      const settleBy = new Date(deadline + SETTLE_MARGIN_MS);
      let planned: PlannedActionWrite | undefined;
      let answer: RolloutActionResult;
      let lostAnswer: Error | undefined;
      try {
        const { availability: _, ...result } = await this.actions.run({
          rollouts,
          target,
          action,
          context: { ...context, signal: untilDeadline(context, deadline) },
          reason,
          onWrite: async write => {
            await log!.sent(write, settleBy);
            planned = write;
          },
        });
        answer = result;
      } catch (error) {
        // Refused by the cluster: nothing was applied. Otherwise the write may have landed: a
        // read of the object tells.
        const checked = planned !== undefined && mayHaveApplied(error);
        const landed = checked
          ? await checkWrite(this.actions.gateway, planned!.write, context)
          : { landed: false as const };
        if (landed.landed !== true) {
          failureLogged = true;
          clusterChanged = landed.landed === false ? false : 'unknown';
          followUpPending = await this.followUps
            .promoteFailed(intent, clusterChanged)
            .catch(() => intent !== undefined);
          const message = (error as Error).message;
          if (landed.landed === 'unknown') {
            await log
              .unsettled(
                settleBy,
                `${message}. Whether it was applied is not known yet: ${
                  planned!.write.cluster
                } did not answer a read either (${
                  landed.error.message
                }); it is read again by ${settleBy.toISOString()}.`,
              )
              .catch(() => undefined);
          } else {
            await log
              .failed(
                checked
                  ? `${message}. Not applied: a read of ${
                      planned!.write.cluster
                    } afterwards shows the object without the change.`
                  : message,
              )
              .catch(() => undefined);
          }
          throw error;
        }
        // The write landed; only its answer was lost.
        lostAnswer = error as Error;
        const { write: _, ...result } = planned!;
        answer = {
          ...result,
          message: `${result.message} (The cluster's answer was lost: ${lostAnswer.message}; a read afterwards shows the change in place.)`,
        };
      }
      // The cluster has been written: a failure of the bookkeeping below is reported in the
      // audit event, it does not make the action a failure.
      const problems = await log.answered(answer);
      const note = (error: unknown) => {
        problems.push((error as Error).message);
      };
      // A Kurator abort skips the analysis of the reverted revision itself (`intent`): its
      // follow-up turns the analysis on again when that run ends.
      if (action === 'resume' || (action === 'abort' && !intent)) {
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
          answerLost: lostAnswer?.message,
          followUp: intent ? { id: intent.id, state: 'pending' } : undefined,
          bookkeepingErrors: problems.length ? problems : undefined,
        },
      });
      return answer;
    } catch (error) {
      if (log && !failureLogged) {
        // Failed after the admission and before the action was run.
        await log.failed((error as Error).message).catch(() => undefined);
      }
      await auditEvent.fail({
        error: error as Error,
        meta: log
          ? {
              actor,
              clusterChanged,
              followUp: followUpPending ? { state: 'pending' } : undefined,
            }
          : { actor },
      });
      throw error;
    }
  }
}
