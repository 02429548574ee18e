import type { AuditorService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  CANARY_PHASE,
  canaryRolloutAbortPermission,
  type CanaryRef,
  describeRevisionRollback,
  type RevisionRollbackResult,
} from '@backstage-canary/plugin-canary-common';
import type { ClusterGateway } from '../../lib/cluster/ClusterGateway';
import { RevisionRollback } from '../../lib/execution/RevisionRollback';
import { samePolicy } from '../../lib/resolve/samePolicy';
import type { RolloutStore } from '../../lib/store/RolloutStore';
import { readActionBody } from '../actionBody';
import { actorOf, type CanaryCaller } from './CanaryCaller';
import {
  type CanaryEntityAccess,
  type EntityName,
  toCompoundRef,
} from './EntityAccess';

/** Reads the run id of a rollback request: a positive integer. */
export function readRunId(value: unknown): number {
  const runId = typeof value === 'string' ? Number(value) : value;
  if (typeof runId !== 'number' || !Number.isInteger(runId) || runId < 1) {
    throw new InputError(
      'runId must be the id of a recorded run (a positive integer), as listed by the runs endpoint',
    );
  }
  return runId;
}

/**
 * Rollback to a recorded revision: sets the canary's target Deployment (a native canary's, or
 * every member's of a Kurator policy) back to the images of a run that succeeded. It needs
 * `canary.rollout.abort` on the entity, like abort: both take a rollout back to a known-good
 * revision. The permission and the cluster side's binding are checked before any cluster is
 * touched; a refusal is recorded by the auditor alone, an admitted rollback also in the action log
 * of every canary it reached.
 */
export class RollbackOperations {
  private readonly access: CanaryEntityAccess;
  private readonly store: RolloutStore;
  private readonly auditor: AuditorService;
  private readonly rollback: RevisionRollback;

  constructor(options: {
    access: CanaryEntityAccess;
    store: RolloutStore;
    auditor: AuditorService;
    gateway: ClusterGateway;
  }) {
    this.access = options.access;
    this.store = options.store;
    this.auditor = options.auditor;
    this.rollback = new RevisionRollback({ gateway: options.gateway });
  }

  async run(options: {
    caller: CanaryCaller;
    entity: EntityName;
    canary: CanaryRef;
    runId: unknown;
    reason: unknown;
  }): Promise<RevisionRollbackResult> {
    const { caller } = options;
    const runId = readRunId(options.runId);
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
        action: 'rollback',
        runId,
        entityRef,
        cluster: target.cluster,
        canary: `${target.namespace}/${target.name}`,
        reason,
        actor,
        via: caller.via ?? 'http',
      },
    });
    let admitted = false;
    const base = { entityRef, action: 'rollback', actor, reason };
    try {
      // The permission and the binding are checked before any cluster is touched.
      const { rollout, rollouts, context } = await this.access.entityCanary(
        caller,
        options.entity,
        target,
        canaryRolloutAbortPermission,
      );
      admitted = true;
      const run = await this.store.findRun(target, runId);
      if (!run) {
        throw new NotFoundError(
          `Run ${runId} is not a recorded run of ${target.namespace}/${target.name} on ${target.cluster}`,
        );
      }
      if (run.outcome !== CANARY_PHASE.Succeeded) {
        throw new ConflictError(
          `Run #${run.number} ${
            run.outcome ? 'failed' : 'has not ended'
          }: only a revision whose run succeeded can be rolled back to.`,
        );
      }
      const members = samePolicy(rollouts.rollouts, rollout);
      // A member is written only when its own canary is read and bound to the entity.
      const reachable = members.filter(m => m.canary && m.binding?.bound);
      const unreachable = members
        .filter(m => !reachable.includes(m))
        .map(m => ({
          cluster: m.cluster,
          message:
            m.error?.message ??
            (m.canary
              ? `its canary is not bound to ${entityRef}`
              : 'its canary was not found'),
        }));
      const planned = await this.rollback.plan(reachable, run.images, context);
      const outcome = await this.rollback.apply(planned, run.images, context);
      const unreached = [...unreachable, ...outcome.unreached];
      const changed = outcome.done.some(m => m.plan.changed);
      const description = describeRevisionRollback({
        run,
        workload: planned[0]?.workload ?? rollout.name,
        cluster: target.cluster,
        kurator: rollout.kurator && {
          application: `${rollout.kurator.application.namespace}/${rollout.kurator.application.name}`,
          clusters: members.map(m => m.cluster),
          unreachable: unreachable.map(u => u.cluster),
        },
      });
      const reached = outcome.done.map(m => m.canary.cluster);
      let outcomeText = `Revision #${run.number} was not applied anywhere.`;
      if (changed) {
        outcomeText = `Rolled back to revision #${
          run.number
        } (${run.images.join(', ')}) on ${reached.join(
          ', ',
        )}: Flagger analyses it as a new revision.`;
      } else if (reached.length) {
        outcomeText = `${reached.join(', ')} already run${
          reached.length === 1 ? 's' : ''
        } revision #${run.number}; nothing changed.`;
      }
      const message = [
        outcomeText,
        ...unreached.map(u => `Not changed on ${u.cluster}: ${u.message}.`),
      ].join(' ');
      if (!reached.length) {
        throw new ConflictError(message);
      }
      for (const member of outcome.done) {
        await this.store
          .recordAction(member.canary, {
            ...base,
            route: 'pod-template-image',
            outcome: member.plan.changed ? 'succeeded' : 'unchanged',
            message: member.plan.changed
              ? `Images set back to revision #${
                  run.number
                }: ${member.plan.changes.join('; ')}. ${description}`
              : `Already at revision #${run.number}; nothing changed.`,
          })
          .catch(() => undefined);
      }
      const result: RevisionRollbackResult = {
        action: 'rollback',
        runId,
        images: run.images,
        affects: outcome.done.map(m => m.canary),
        unreached,
        message,
        changed,
      };
      await auditEvent.success({
        meta: {
          actor,
          changed,
          affects: reached,
          unreached: unreached.length ? unreached : undefined,
        },
      });
      return result;
    } catch (error) {
      if (admitted) {
        await this.store
          .recordAction(target, {
            ...base,
            outcome: 'failed',
            message: (error as Error).message,
          })
          .catch(() => undefined);
      }
      await auditEvent.fail({ error: error as Error, meta: { actor } });
      throw error;
    }
  }
}
