import type { Entity } from '@backstage/catalog-model';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  CANARY_PHASE,
  describeRolloutState,
  explainedState,
  getCanaryStrategy,
  getRolloutActions,
  kubeObjectPath,
} from '@backstage-canary/plugin-canary-common';
import type {
  ClusterCallContext,
  ClusterGateway,
} from '../cluster/ClusterGateway';
import type { EntityRolloutFinder } from '../resolve/EntityRolloutFinder';
import type { FoundRollout } from '../resolve/RolloutTarget';
import { summarizeFleet } from './fleetSummary';
import type { RunExplainer } from './RunExplainer';
import { redactGateSecrets } from '../gates/redactGateSecrets';
import { withoutManagedFields } from '../cluster/kubeObjects';
import type { ClusterWatchStatus } from '../state/ClusterWatch';
import type {
  ClusterFreshness,
  EntityRolloutsResponse,
  RolloutDetail,
  RolloutRevision,
  RolloutSummary,
  RunExplanation,
} from '@backstage-canary/plugin-canary-common';

type Deployment = {
  spec?: { template?: { spec?: { containers?: Array<{ image?: string }> } } };
};

/**
 * Reads the live rollouts of an entity across the fleet into domain terms: state, plan, progress,
 * failed checks, revision and the actions possible now, with per-cluster errors.
 */
export class RolloutReader {
  private readonly finder: EntityRolloutFinder;
  private readonly gateway: ClusterGateway;
  private readonly clusterStatus?: (cluster: string) => ClusterWatchStatus;
  private readonly explainer?: Pick<RunExplainer, 'explain'>;

  constructor(options: {
    finder: EntityRolloutFinder;
    gateway: ClusterGateway;
    /** How current each cluster's watched state is (the fleet state's); without it, all live. */
    clusterStatus?: (cluster: string) => ClusterWatchStatus;
    /** Explains failed, halted and manually promoted runs from the recorded history. */
    explainer?: Pick<RunExplainer, 'explain'>;
  }) {
    this.finder = options.finder;
    this.gateway = options.gateway;
    this.clusterStatus = options.clusterStatus;
    this.explainer = options.explainer;
  }

  async listForEntity(
    entity: Entity,
    context: ClusterCallContext = {},
  ): Promise<EntityRolloutsResponse> {
    const { rollouts, errors } = await this.finder.find(entity, context);
    const kuratorClusters = countPolicyClusters(rollouts);
    const items = await Promise.all(
      rollouts.map(rollout =>
        this.summarize(
          rollout,
          context,
          policyClusterCount(rollout, kuratorClusters),
        ),
      ),
    );
    items.sort(
      (a, b) =>
        a.cluster.localeCompare(b.cluster) ||
        a.namespace.localeCompare(b.namespace) ||
        a.name.localeCompare(b.name),
    );
    return {
      entityRef: stringifyEntityRef(entity),
      items,
      errors,
      summary: summarizeFleet(
        items,
        errors.map(error => error.cluster),
      ),
      freshness: this.freshness([
        ...items.map(item => item.cluster),
        ...errors.map(error => error.cluster),
      ]),
    };
  }

  /** How current each cluster's part of an answer is. */
  private freshness(clusters: string[]): ClusterFreshness[] {
    return [...new Set(clusters)]
      .filter(cluster => cluster !== '*')
      .sort()
      .map(cluster =>
        toFreshness(
          this.clusterStatus?.(cluster) ?? {
            cluster,
            source: 'live',
            connected: false,
          },
        ),
      );
  }

  /**
   * One rollout in detail: its summary as in the entity's list, the Canary as its cluster holds it
   * and, for a Kurator-managed canary, the Application that renders it (both without
   * `metadata.managedFields`; the Canary without its gate secrets).
   *
   * @param rollout - the rollout, as found for the entity
   * @param fleet - every rollout found for the entity, to count the clusters of a Kurator policy
   */
  async detail(
    rollout: FoundRollout,
    fleet: FoundRollout[],
    context: ClusterCallContext = {},
  ): Promise<RolloutDetail> {
    const summary = await this.summarize(
      rollout,
      context,
      policyClusterCount(rollout, countPolicyClusters(fleet)),
    );
    return {
      rollout: summary,
      canary:
        rollout.canary &&
        redactGateSecrets(withoutManagedFields(rollout.canary)),
      application:
        rollout.application && withoutManagedFields(rollout.application),
    };
  }

  private async summarize(
    rollout: FoundRollout,
    context: ClusterCallContext,
    clusterCount: number | undefined,
  ): Promise<RolloutSummary> {
    const {
      canary,
      application,
      recordedCanary: _recorded,
      ...target
    } = rollout;
    if (!canary) return { ...target, found: false };
    // A rollout the cluster side does not bind to the entity: where it is and why, nothing more.
    if (rollout.binding && !rollout.binding.bound) {
      return { ...target, found: true };
    }
    const [explanation, revision] = await Promise.all([
      this.explain(rollout, context),
      this.readRevision(rollout, context),
    ]);
    const state = explainedState(describeRolloutState(canary), explanation);

    return {
      ...target,
      found: true,
      state,
      strategy: getCanaryStrategy(canary),
      revision,
      lastTransitionTime: canary.status?.lastTransitionTime,
      // Flagger resets its counter on rollback: a rolled-back run shows the checks it failed.
      failedChecks: explanation?.failedChecks ?? {
        count: state.failedChecks,
        threshold: state.failedChecksThreshold,
      },
      actions: getRolloutActions(canary, { application, clusterCount }),
      ...(explanation ? { explanation } : {}),
    };
  }

  /** Why the current run failed, halts or skipped its analysis; none without the history. */
  private async explain(
    rollout: FoundRollout,
    context: ClusterCallContext,
  ): Promise<RunExplanation | undefined> {
    const { canary } = rollout;
    if (!this.explainer || !canary) return undefined;
    const key = {
      cluster: rollout.cluster,
      namespace: rollout.namespace,
      name: rollout.name,
    };
    try {
      const primaryImages =
        canary.status?.phase === CANARY_PHASE.Failed
          ? await this.readImages(
              rollout,
              `${canary.spec.targetRef.name}-primary`,
              context,
            )
          : undefined;
      return await this.explainer.explain(key, canary, primaryImages);
    } catch {
      // The explanation adds to the canary's state; the state stands without it.
      return undefined;
    }
  }

  /** The container images of a Deployment in the rollout's namespace; none when unreadable. */
  private async readImages(
    rollout: FoundRollout,
    deployment: string,
    context: ClusterCallContext,
  ): Promise<string[]> {
    try {
      const found = await this.gateway.get<Deployment>(
        rollout.cluster,
        kubeObjectPath('Deployment', rollout.namespace, deployment),
        context,
      );
      return (found.spec?.template?.spec?.containers ?? [])
        .map(container => container.image)
        .filter((image): image is string => Boolean(image));
    } catch {
      return [];
    }
  }

  private async readRevision(
    rollout: FoundRollout,
    context: ClusterCallContext,
  ): Promise<RolloutRevision> {
    const status = rollout.canary?.status;
    const revision: RolloutRevision = {
      images: [],
      lastAppliedSpec: status?.lastAppliedSpec,
      lastPromotedSpec: status?.lastPromotedSpec,
    };
    const targetRef = rollout.canary?.spec.targetRef;
    if (targetRef?.kind !== 'Deployment' || !targetRef.name) return revision;
    try {
      const deployment = await this.gateway.get<Deployment>(
        rollout.cluster,
        kubeObjectPath('Deployment', rollout.namespace, targetRef.name),
        context,
      );
      revision.images = (deployment.spec?.template?.spec?.containers ?? [])
        .map(container => container.image)
        .filter((image): image is string => Boolean(image));
    } catch {
      // The revision's images are a convenience: the canary's state stands without them.
    }
    return revision;
  }
}

function toFreshness(status: ClusterWatchStatus): ClusterFreshness {
  if (status.source === 'watch' && status.connected) {
    return {
      cluster: status.cluster,
      source: 'watch',
      connectedSince: status.connectedSince?.toISOString(),
      lastContactAt: status.lastContactAt?.toISOString(),
    };
  }
  return {
    cluster: status.cluster,
    source: 'live',
    reason: liveReason(status),
    disconnected: status.source === 'watch' && Boolean(status.error),
    // When the backend last heard from the cluster: an unreachable one is unreachable since then.
    ...(status.lastContactAt
      ? { lastContactAt: status.lastContactAt.toISOString() }
      : {}),
  };
}

function liveReason(status: ClusterWatchStatus): string {
  if (status.source === 'live' && status.error) {
    return `the cluster refuses the backend's own identity, so it is read with yours (${status.error.message})`;
  }
  if (status.error) {
    return `its watches broke and are reconnecting (${status.error.message})`;
  }
  return status.source === 'watch'
    ? 'its watches are connecting'
    : 'it is not watched by this backend';
}

function policyKey(origin: NonNullable<FoundRollout['kurator']>): string {
  return `${origin.application.namespace}/${origin.application.name}/${origin.policyIndex}`;
}

/** How many clusters each Kurator sync policy renders a canary on, by policy key. */
function countPolicyClusters(rollouts: FoundRollout[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const rollout of rollouts) {
    if (rollout.kurator) {
      const key = policyKey(rollout.kurator);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}

function policyClusterCount(
  rollout: FoundRollout,
  counts: Map<string, number>,
): number | undefined {
  if (!rollout.kurator) return undefined;
  return counts.get(policyKey(rollout.kurator));
}
