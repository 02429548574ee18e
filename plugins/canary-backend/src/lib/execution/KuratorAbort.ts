import { ConflictError, InputError } from '@backstage/errors';
import {
  type Application,
  type CanaryRef,
  imagesOf,
  kubeObjectPath,
  planRevisionRollback,
  type RolloutOperation,
  type RollbackWorkload,
  type RolloutActionResult,
} from '@backstage-canary/plugin-canary-common';
import type {
  ClusterCallContext,
  ClusterGateway,
} from '../cluster/ClusterGateway';
import type { FoundRollout } from '../resolve/RolloutTarget';
import { type MemberRollback, RevisionRollback } from './RevisionRollback';
import { PinnedWrites, versionOf } from './PinnedWrites';

type RevertOperation = Extract<RolloutOperation, { type: 'revert-to-primary' }>;

const deploymentPath = (namespace: string, name: string) =>
  kubeObjectPath('Deployment', namespace, name);

/**
 * Abort of a Kurator-managed canary. Kurator cannot express rollback webhooks, so the workload
 * itself goes back: on every member of the policy, the target Deployment's container images are set
 * to those of its `-primary` Deployment (the promoted revision Flagger keeps serving), each write
 * pinned to the version it was planned on and read back. Only when every member was reverted does
 * the Application's rollout policy get skipTrafficAnalysis (on the Application as it is then, while
 * its sync policy still rolls out the workload),
 * so Flagger finishes the reverted revision at once; on a member that was not reverted, skipping
 * the analysis would promote the aborted revision, so then the reverted members go through a normal
 * analysis instead.
 */
export class KuratorAbort {
  private readonly rollback: RevisionRollback;
  private readonly writes: PinnedWrites;
  private readonly gateway: ClusterGateway;

  constructor(options: { gateway: ClusterGateway }) {
    this.gateway = options.gateway;
    this.rollback = new RevisionRollback({ gateway: options.gateway });
    this.writes = new PinnedWrites({ gateway: options.gateway });
  }

  async run(options: {
    rollout: FoundRollout;
    members: FoundRollout[];
    operation: RevertOperation;
    context: ClusterCallContext;
    effect?: string;
  }): Promise<RolloutActionResult> {
    const { rollout, members, operation, context } = options;
    const hostCluster = rollout.kurator?.hostCluster;
    if (!rollout.application || !hostCluster) {
      throw new ConflictError(
        `The Kurator Application of ${rollout.namespace}/${rollout.name} is not known; annotate the entity with backstage-canary.io/kurator-application`,
      );
    }
    const reachable = members.filter(m => m.canary && m.binding?.bound);
    const unreachable = members
      .filter(m => !reachable.includes(m))
      .map(m => ({
        cluster: m.cluster,
        message: m.error?.message ?? 'its canary could not be read',
      }));

    // Every reachable member is planned before any is written.
    const planned: Array<{ member: MemberRollback; images: string[] }> = [];
    for (const member of reachable) {
      const path = deploymentPath(operation.namespace, operation.workload);
      const [workload, primary] = await Promise.all([
        this.gateway.get<RollbackWorkload>(member.cluster, path, context),
        this.gateway.get<RollbackWorkload>(
          member.cluster,
          deploymentPath(operation.namespace, operation.primary),
          context,
        ),
      ]);
      let images: string[];
      try {
        images = imagesOf(workload, primary);
      } catch (error) {
        throw new ConflictError(
          `Cluster ${member.cluster}: ${(error as Error).message}`,
        );
      }
      planned.push({
        images,
        member: {
          canary: {
            cluster: member.cluster,
            namespace: member.namespace,
            name: member.name,
          },
          path,
          workload: operation.workload,
          decidedOn: versionOf(workload),
          plan: planRevisionRollback(workload, images),
        },
      });
    }

    const done: CanaryRef[] = [];
    const failed = [...unreachable];
    for (const { member, images } of planned) {
      const outcome = await this.rollback.apply([member], images, context);
      done.push(...outcome.done.map(d => d.canary));
      failed.push(...outcome.unreached);
    }

    let skipped: string;
    if (!failed.length && done.length) {
      skipped = await this.skipAnalysis(hostCluster, operation, context);
    } else {
      skipped =
        'skipTrafficAnalysis was not set because not every member was reverted: skipping the analysis there would promote the aborted revision, so the reverted members go through a normal analysis.';
    }
    if (!done.length) {
      throw new ConflictError(
        `Abort reached no member of the policy: ${failed
          .map(f => `${f.cluster}: ${f.message}`)
          .join('; ')}`,
      );
    }
    const notReached = failed.length
      ? ` Not reverted on ${failed
          .map(f => `${f.cluster} (${f.message})`)
          .join(', ')}: it keeps the aborted revision until aborted again.`
      : '';
    return {
      action: 'abort',
      route: 'application-policy-patch',
      affects: done,
      changed: true,
      message: `Reverted ${operation.workload} to the images of ${
        operation.primary
      } on ${done
        .map(d => d.cluster)
        .join(
          ', ',
        )}. ${skipped}${notReached} The Application's source (Git) still names the new revision: revert it too, or a later sync brings it back.`,
    };
  }

  /**
   * Sets skipTrafficAnalysis on the policy. The members are reverted by then, so this is the
   * abort's own next step, decided on the Application as it is now (read again: Kurator writes its
   * status all the time, and the abort's read may be seconds old) and pinned to it, with a test
   * that the sync policy still rolls out this workload. A refusal is not the abort's failure: it is
   * said, and the reverted members go through a normal analysis.
   */
  private async skipAnalysis(
    hostCluster: string,
    operation: RevertOperation,
    context: ClusterCallContext,
  ): Promise<string> {
    const { namespace, name } = operation.application;
    const path = kubeObjectPath('Application', namespace, name);
    const rollout = /^(\/spec\/syncPolicies\/\d+\/rollout)\//.exec(
      operation.jsonPatch[0]?.path ?? '',
    )?.[1];
    try {
      const current = await this.gateway.get<Application>(
        hostCluster,
        path,
        context,
      );
      await this.writes.jsonPatch(
        hostCluster,
        path,
        current,
        [
          ...(rollout
            ? [
                {
                  op: 'test',
                  path: `${rollout}/workload/name`,
                  value: operation.workload,
                },
              ]
            : []),
          ...operation.jsonPatch,
        ],
        context,
      );
    } catch (error) {
      if (!(error instanceof ConflictError || error instanceof InputError)) {
        throw error;
      }
      return `skipTrafficAnalysis was not set because Application ${namespace}/${name} no longer matches (${error.message}), so the reverted members go through a normal analysis.`;
    }
    return 'skipTrafficAnalysis is set, so Flagger finishes the reverted revision at once; it is cleared again when the run ends.';
  }
}
