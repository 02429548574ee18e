import type { Entity } from '@backstage/catalog-model';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  describeRolloutState,
  getCanaryStrategy,
  getRolloutActions,
} from '@backstage-canary/plugin-canary-common';
import type {
  ClusterCallContext,
  ClusterGateway,
} from '../cluster/ClusterGateway';
import type { EntityRolloutFinder } from '../resolve/EntityRolloutFinder';
import type { FoundRollout } from '../resolve/RolloutTarget';
import { summarizeFleet } from './fleetSummary';
import type {
  EntityRolloutsResponse,
  RolloutRevision,
  RolloutSummary,
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

  constructor(options: {
    finder: EntityRolloutFinder;
    gateway: ClusterGateway;
  }) {
    this.finder = options.finder;
    this.gateway = options.gateway;
  }

  async listForEntity(
    entity: Entity,
    context: ClusterCallContext = {},
  ): Promise<EntityRolloutsResponse> {
    const { rollouts, errors } = await this.finder.find(entity, context);
    const kuratorClusters = new Map<string, number>();
    for (const rollout of rollouts) {
      if (rollout.kurator) {
        const key = `${rollout.kurator.application.namespace}/${rollout.kurator.application.name}/${rollout.kurator.policyIndex}`;
        kuratorClusters.set(key, (kuratorClusters.get(key) ?? 0) + 1);
      }
    }
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
      summary: summarizeFleet(items),
    };
  }

  private async summarize(
    rollout: FoundRollout,
    context: ClusterCallContext,
    clusterCount: number | undefined,
  ): Promise<RolloutSummary> {
    const { canary, application, ...target } = rollout;
    if (!canary) return { ...target, found: false };
    const state = describeRolloutState(canary);
    return {
      ...target,
      found: true,
      state,
      strategy: getCanaryStrategy(canary),
      revision: await this.readRevision(rollout, context),
      lastTransitionTime: canary.status?.lastTransitionTime,
      failedChecks: {
        count: state.failedChecks,
        threshold: state.failedChecksThreshold,
      },
      actions: getRolloutActions(canary, { application, clusterCount }),
    };
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
        `/apis/apps/v1/namespaces/${rollout.namespace}/deployments/${targetRef.name}`,
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

function policyClusterCount(
  rollout: FoundRollout,
  counts: Map<string, number>,
): number | undefined {
  if (!rollout.kurator) return undefined;
  const { application, policyIndex } = rollout.kurator;
  return counts.get(
    `${application.namespace}/${application.name}/${policyIndex}`,
  );
}
