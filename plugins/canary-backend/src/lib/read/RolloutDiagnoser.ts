import {
  type Canary,
  type ClusterFreshness,
  diagnoseRollout,
  type EntityRolloutsResponse,
  expectsMovement,
  kubeObjectPath,
  type RolloutDiagnosis,
  type RolloutSummary,
} from '@backstage-canary/plugin-canary-common';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  ClusterCallContext,
  ClusterGateway,
} from '../cluster/ClusterGateway';
import { isDatabaseDown } from '../store/databaseDown';
import type { RolloutStore } from '../store/RolloutStore';

/** How much of the current run's history a diagnosis reads (newest first). */
const RECENT_ITEMS = 200;

/**
 * Says why a rollout meant to move does not ("why is it stuck", `diagnoseRollout` in common): from
 * the canary as the cluster holds it (the fleet state's copy when watched), the current run's
 * recent history and what the lane already knows (its cluster's freshness, what is pending).
 * Canaries at rest are not diagnosed, and cost nothing.
 */
export class RolloutDiagnoser {
  private readonly gateway: Pick<ClusterGateway, 'get'>;
  private readonly store: Pick<RolloutStore, 'listRuns' | 'timeline'>;
  private readonly logger?: LoggerService;

  constructor(options: {
    gateway: Pick<ClusterGateway, 'get'>;
    store: Pick<RolloutStore, 'listRuns' | 'timeline'>;
    logger?: LoggerService;
  }) {
    this.gateway = options.gateway;
    this.store = options.store;
    this.logger = options.logger;
  }

  /** The entity's lanes, each meant to move with its diagnosis. */
  async addTo(
    response: EntityRolloutsResponse,
    context: ClusterCallContext = {},
  ): Promise<EntityRolloutsResponse> {
    const freshness = new Map(
      (response.freshness ?? []).map(f => [f.cluster, f]),
    );
    const items = await Promise.all(
      response.items.map(item =>
        this.addToRollout(item, freshness.get(item.cluster), context),
      ),
    );
    return { ...response, items };
  }

  /** One lane with its diagnosis, when it is meant to move. */
  async addToRollout(
    item: RolloutSummary,
    freshness?: ClusterFreshness,
    context: ClusterCallContext = {},
  ): Promise<RolloutSummary> {
    try {
      const diagnosis = await this.diagnose(item, freshness, context);
      return diagnosis ? { ...item, diagnosis } : item;
    } catch (error) {
      if (isDatabaseDown(error)) throw error;
      // The diagnosis adds to the lane; the lane stands without it.
      this.logger?.warn(
        `Could not diagnose canary ${item.namespace}/${item.name} on ${item.cluster}: ${error}`,
      );
      return item;
    }
  }

  private async diagnose(
    item: RolloutSummary,
    freshness: ClusterFreshness | undefined,
    context: ClusterCallContext,
  ): Promise<RolloutDiagnosis | undefined> {
    if (!item.found || item.error || item.binding?.bound === false) {
      return undefined;
    }
    if (!expectsMovement(item.state?.phase, item.pending)) return undefined;
    const key = {
      cluster: item.cluster,
      namespace: item.namespace,
      name: item.name,
    };
    const [canary, [run]] = await Promise.all([
      this.gateway.get<Canary>(
        item.cluster,
        kubeObjectPath('Canary', item.namespace, item.name),
        context,
      ),
      this.store.listRuns(key, { limit: 1 }).then(page => page.items),
    ]);
    const items = run
      ? (await this.store.timeline(key, { runId: run.id, limit: RECENT_ITEMS }))
          .items
      : [];
    return diagnoseRollout({
      canary,
      items,
      freshness,
      pending: item.pending,
      runStartedAt: item.run?.startedAt,
    });
  }
}
