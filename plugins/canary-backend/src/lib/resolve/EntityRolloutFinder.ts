import type { Entity } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  type Canary,
  getCanaryEntityTargets,
  kubeCollectionPath,
  renderKuratorSyncPolicy,
  type RolloutBinding,
} from '@backstage-canary/plugin-canary-common';
import type {
  ClusterCallContext,
  ClusterGateway,
} from '../cluster/ClusterGateway';
import {
  backstageClusterName,
  type ClusterNaming,
} from '../config/CanaryConfig';
import { parseLabelSelector } from '../state/labelSelector';
import { toClusterProblem } from './clusterProblem';
import {
  type KuratorApplicationRead,
  KuratorApplicationReader,
  type KuratorApplicationRef,
} from './KuratorApplicationReader';
import type { RolloutBinder } from './RolloutBinder';
import type {
  ClusterProblem,
  EntityRollouts,
  FoundRollout,
  RolloutTarget,
} from './RolloutTarget';

const canariesPath = (namespace?: string) =>
  kubeCollectionPath('Canary', namespace || undefined);

/** The canaries last recorded on a cluster (see `RecordedRolloutReads.canariesOn`). */
export type RecordedCanaries = {
  canariesOn(cluster: string, namespace?: string): Promise<Canary[]>;
};

/**
 * Finds the canaries of a catalog entity across the fleet, following DESIGN's resolution order:
 * the Kurator Application (host cluster, its fleet, each member's rendered Canary), a native canary
 * named by annotation (on every cluster that has it), and canaries labelled with the entity's
 * Kubernetes id. A failing cluster becomes a per-cluster error; the others still answer. A native
 * canary recorded on a cluster that cannot be read keeps its lane, with the cluster's problem.
 */
export class EntityRolloutFinder {
  private readonly gateway: ClusterGateway;
  private readonly config: ClusterNaming;
  private readonly binder: RolloutBinder;
  private readonly recorded?: RecordedCanaries;
  private readonly applications: KuratorApplicationReader;

  constructor(options: {
    gateway: ClusterGateway;
    config: ClusterNaming;
    /** Decides which found rollouts the cluster side binds to the entity. */
    binder: RolloutBinder;
    /** The canaries the history last saw on a cluster: the lanes of a cluster that cannot be read. */
    recorded?: RecordedCanaries;
  }) {
    this.gateway = options.gateway;
    this.config = options.config;
    this.binder = options.binder;
    this.recorded = options.recorded;
    this.applications = new KuratorApplicationReader(options);
  }

  async find(
    entity: Entity,
    context: ClusterCallContext = {},
  ): Promise<EntityRollouts> {
    const targets = getCanaryEntityTargets(entity);
    if (targets.errors.length) {
      throw new InputError(targets.errors.join('; '));
    }
    const results: EntityRollouts[] = [];
    if (targets.kuratorApplication) {
      results.push(await this.findKurator(targets.kuratorApplication, context));
    }
    if (targets.canary || targets.labelSelector) {
      results.push(
        await this.findNative(targets.canary, targets.labelSelector, context),
      );
    }
    return this.bind(entity, mergeUnique(results), context);
  }

  /**
   * Marks each rollout bound or not: a Kurator-rendered canary by its Application in the host
   * cluster, any other by the Canary itself (or, for either, their namespace).
   */
  private async bind(
    entity: Entity,
    found: EntityRollouts,
    context: ClusterCallContext,
  ): Promise<EntityRollouts> {
    const binder = this.binder.forEntity(entity, context);
    const byApplication = new Map<string, Promise<RolloutBinding>>();
    const rollouts = await Promise.all(
      found.rollouts.map(async (rollout): Promise<FoundRollout> => {
        if (rollout.kurator && rollout.application) {
          const { hostCluster, application } = rollout.kurator;
          const key = `${hostCluster}/${application.namespace}/${application.name}`;
          if (!byApplication.has(key)) {
            byApplication.set(
              key,
              binder.bind({
                cluster: hostCluster,
                kind: 'Kurator Application',
                object: rollout.application,
              }),
            );
          }
          return { ...rollout, binding: await byApplication.get(key)! };
        }
        if (rollout.canary) {
          return {
            ...rollout,
            binding: await binder.bind({
              cluster: rollout.cluster,
              kind: 'Canary',
              object: rollout.canary,
            }),
          };
        }
        if (rollout.recordedCanary) {
          // Only the recorded canary's own claim can bind it: its namespace cannot be read now.
          return {
            ...rollout,
            binding: await binder.bind({
              cluster: rollout.cluster,
              kind: 'Canary (as last recorded)',
              object: rollout.recordedCanary,
            }),
          };
        }
        return {
          ...rollout,
          binding: {
            bound: false,
            reason: `Not bound: the canary ${rollout.namespace}/${rollout.name} could not be read on cluster ${rollout.cluster}`,
          },
        };
      }),
    );
    return { ...found, rollouts };
  }

  /** The entity's Kurator Application with each rollout policy placed on its fleet members. */
  readKuratorApplication(
    ref: KuratorApplicationRef,
    context: ClusterCallContext = {},
  ): Promise<KuratorApplicationRead> {
    return this.applications.read(ref, context);
  }

  private async findKurator(
    ref: KuratorApplicationRef,
    context: ClusterCallContext,
  ): Promise<EntityRollouts> {
    const { hostCluster, application, policies, errors } =
      await this.readKuratorApplication(ref, context);
    if (!application) return { rollouts: [], errors };
    const targets: RolloutTarget[] = [];
    for (const placed of policies) {
      if (!placed.fleet) continue;
      const rollout = placed.policy.rollout!;
      for (const rendering of renderKuratorSyncPolicy(
        application,
        placed.index,
        placed.members,
      )) {
        targets.push({
          cluster: backstageClusterName(this.config, rendering.cluster.name),
          namespace:
            rendering.canary?.metadata.namespace ??
            rollout.workload.namespace ??
            ref.namespace,
          name: rendering.canary?.metadata.name ?? rollout.workload.name,
          source: 'kurator',
          kurator: {
            hostCluster,
            application: { namespace: ref.namespace, name: ref.name },
            fleet: placed.fleet,
            policyName: placed.name,
            policyIndex: placed.index,
            kuratorCluster: rendering.cluster.name,
          },
        });
      }
    }

    const rollouts = await Promise.all(
      targets.map(async target => ({
        ...(await this.readCanary(target, context)),
        application,
      })),
    );
    return { rollouts, errors };
  }

  private async readCanary(
    target: RolloutTarget,
    context: ClusterCallContext,
  ): Promise<FoundRollout> {
    try {
      const canary = await this.gateway.get<Canary>(
        target.cluster,
        `${canariesPath(target.namespace)}/${target.name}`,
        context,
      );
      return { ...target, canary };
    } catch (error) {
      if (error instanceof NotFoundError) return target;
      return { ...target, error: toClusterProblem(target.cluster, error) };
    }
  }

  private async findNative(
    named: { namespace: string; name: string } | undefined,
    labelSelector: string | undefined,
    context: ClusterCallContext,
  ): Promise<EntityRollouts> {
    let clusters: string[];
    try {
      clusters = await this.gateway.listClusters(context);
    } catch (error) {
      return { rollouts: [], errors: [toClusterProblem('*', error)] };
    }
    const perCluster = await Promise.all(
      clusters.map(async (cluster): Promise<EntityRollouts> => {
        const rollouts: FoundRollout[] = [];
        try {
          if (named) {
            const found = await this.readCanary(
              { cluster, ...named, source: 'annotation' },
              context,
            );
            if (found.error) {
              return this.lastRecorded(
                cluster,
                named,
                labelSelector,
                found.error,
              );
            }
            if (found.canary) rollouts.push(found);
          }
          if (labelSelector) {
            const list = await this.gateway
              .list<Canary>(cluster, canariesPath(), { labelSelector }, context)
              .catch(error => {
                // A cluster without Flagger's CRD has no canaries.
                if (error instanceof NotFoundError) return { items: [] };
                throw error;
              });
            for (const canary of list.items) {
              rollouts.push({
                cluster,
                namespace: canary.metadata.namespace ?? 'default',
                name: canary.metadata.name ?? '',
                source: 'label',
                canary,
              });
            }
          }
          return { rollouts, errors: [] };
        } catch (error) {
          const recorded = await this.lastRecorded(
            cluster,
            named,
            labelSelector,
            toClusterProblem(cluster, error),
          );
          return mergeUnique([{ rollouts, errors: [] }, recorded]);
        }
      }),
    );
    return mergeUnique(perCluster);
  }

  /**
   * The lanes of a cluster that cannot be read: the entity's canaries as last recorded there
   * (named, or matching the label selector), each with the cluster's problem, so the reader can show
   * its recorded state. With none recorded, the problem stays a cluster error.
   */
  private async lastRecorded(
    cluster: string,
    named: { namespace: string; name: string } | undefined,
    labelSelector: string | undefined,
    problem: ClusterProblem,
  ): Promise<EntityRollouts> {
    const matches = labelSelector
      ? parseLabelSelector(labelSelector)
      : undefined;
    const recorded = this.recorded
      ? await this.recorded
          .canariesOn(cluster, matches ? undefined : named?.namespace)
          .catch(() => [])
      : [];
    const rollouts: FoundRollout[] = [];
    for (const canary of recorded) {
      const namespace = canary.metadata.namespace ?? 'default';
      const name = canary.metadata.name ?? '';
      const isNamed = named?.namespace === namespace && named.name === name;
      if (!isNamed && !matches?.(canary.metadata.labels)) continue;
      rollouts.push({
        cluster,
        namespace,
        name,
        source: isNamed ? 'annotation' : 'label',
        recordedCanary: canary,
        error: problem,
      });
    }
    return rollouts.length
      ? { rollouts, errors: [] }
      : { rollouts: [], errors: [problem] };
  }
}

/** Merges results, keeping the first find of each cluster/namespace/name. */
function mergeUnique(results: EntityRollouts[]): EntityRollouts {
  const seen = new Set<string>();
  const merged: EntityRollouts = { rollouts: [], errors: [] };
  for (const result of results) {
    merged.errors.push(...result.errors);
    for (const rollout of result.rollouts) {
      const key = `${rollout.cluster}/${rollout.namespace}/${rollout.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      merged.rollouts.push(rollout);
    }
  }
  return merged;
}
