import { ConflictError, InputError } from '@backstage/errors';
import {
  type CanaryRef,
  kubeObjectPath,
  planRevisionRollback,
  type RollbackPlan,
  type RollbackWorkload,
} from '@backstage-canary/plugin-canary-common';
import type {
  ClusterCallContext,
  ClusterGateway,
} from '../cluster/ClusterGateway';
import type { FoundRollout } from '../resolve/RolloutTarget';
import { PinnedWrites, type Versioned, versionOf } from './PinnedWrites';

/** One member's rollback: the workload it writes and the planned patch. */
export type MemberRollback = {
  canary: CanaryRef;
  /** The workload's API path on the member. */
  path: string;
  workload: string;
  /** The workload's version the plan was made on: the write applies only to it. */
  decidedOn: Versioned;
  plan: RollbackPlan;
};

/** What a rollback did on the members it reached. */
export type RollbackOutcome = {
  /** Members whose workload now runs the revision's images (written or already there). */
  done: MemberRollback[];
  /** Members that could not be reached or refused the write, with why. */
  unreached: Array<{ cluster: string; message: string }>;
};

/**
 * The Deployment a canary targets, on the canary's cluster and in its namespace: the only workload
 * a rollback may write, since the canary (bound to the entity by the cluster side) names it.
 */
export function targetWorkloadPath(rollout: FoundRollout): {
  path: string;
  name: string;
} {
  const target = rollout.canary?.spec.targetRef;
  if (!target || target.kind !== 'Deployment' || !target.name) {
    throw new InputError(
      `Canary ${rollout.namespace}/${rollout.name} on ${rollout.cluster} does not target a Deployment; only Deployments can be rolled back to a revision's images.`,
    );
  }
  return {
    path: kubeObjectPath('Deployment', rollout.namespace, target.name),
    name: target.name,
  };
}

/**
 * Sets the target Deployments of one or more canaries (a native canary, or every member of a
 * Kurator policy) back to a recorded revision's images. Every member is planned before any is
 * written, so a member whose containers do not match refuses the whole rollback; each write is a
 * JSON patch pinned to the version the plan was made on (the Deployment controller's status
 * writes do not refuse it, a change of its spec does), and each member is read back afterwards to
 * confirm the images.
 */
export class RevisionRollback {
  private readonly gateway: ClusterGateway;
  private readonly writes: PinnedWrites;

  constructor(options: { gateway: ClusterGateway }) {
    this.gateway = options.gateway;
    this.writes = new PinnedWrites({ gateway: options.gateway });
  }

  /** Reads each member's target Deployment and plans its rollback. Throws when one cannot be planned. */
  async plan(
    members: FoundRollout[],
    images: string[],
    context: ClusterCallContext,
  ): Promise<MemberRollback[]> {
    const planned: MemberRollback[] = [];
    for (const member of members) {
      const { path, name } = targetWorkloadPath(member);
      const workload = await this.gateway.get<RollbackWorkload>(
        member.cluster,
        path,
        context,
      );
      let plan: RollbackPlan;
      try {
        plan = planRevisionRollback(workload, images);
      } catch (error) {
        throw new ConflictError(
          `Cluster ${member.cluster}: ${(error as Error).message}`,
        );
      }
      planned.push({
        canary: {
          cluster: member.cluster,
          namespace: member.namespace,
          name: member.name,
        },
        path,
        workload: name,
        decidedOn: versionOf(workload),
        plan,
      });
    }
    return planned;
  }

  /** Writes the planned members and reads each back. */
  async apply(
    planned: MemberRollback[],
    images: string[],
    context: ClusterCallContext,
  ): Promise<RollbackOutcome> {
    const outcome: RollbackOutcome = { done: [], unreached: [] };
    for (const member of planned) {
      const cluster = member.canary.cluster;
      try {
        if (member.plan.changed) {
          await this.writes.jsonPatch(
            cluster,
            member.path,
            member.decidedOn,
            member.plan.jsonPatch,
            context,
          );
        }
        const after = await this.gateway.get<RollbackWorkload>(
          cluster,
          member.path,
          context,
        );
        const running = (after.spec?.template?.spec?.containers ?? []).map(
          c => c.image,
        );
        if (running.join('\n') !== images.join('\n')) {
          outcome.unreached.push({
            cluster,
            message: `a read afterwards shows ${running.join(
              ', ',
            )} instead of the revision's images (another change won)`,
          });
          continue;
        }
        outcome.done.push(member);
      } catch (error) {
        outcome.unreached.push({
          cluster,
          message:
            error instanceof InputError || error instanceof ConflictError
              ? `Deployment ${member.workload} changed while the rollback was decided; nothing was applied there (${error.message})`
              : (error as Error).message,
        });
      }
    }
    return outcome;
  }
}
