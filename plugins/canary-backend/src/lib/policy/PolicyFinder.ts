import type { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  ANNOTATION_KURATOR_APPLICATION,
  type Application,
  type Canary,
  type ClusterProblem,
  getCanaryAnalysis,
  getCanaryEntityTargets,
  isKuratorManaged,
  kubeObjectPath,
  type KuratorMemberCluster,
  type MetricTemplate,
  type PolicySource,
} from '@backstage-canary/plugin-canary-common';
import type {
  ClusterCallContext,
  ClusterGateway,
} from '../cluster/ClusterGateway';
import {
  backstageClusterName,
  type ClusterNaming,
} from '../config/CanaryConfig';
import type { EntityRolloutFinder } from '../resolve/EntityRolloutFinder';
import type { KuratorApplicationRef } from '../resolve/KuratorApplicationReader';

/** A rollout block of the entity's Kurator Application. */
export type FoundKuratorPolicy = {
  source: Extract<PolicySource, { target: 'kurator' }>;
  /** The fleet members Kurator renders the policy on (Kurator names and kinds). */
  members: KuratorMemberCluster[];
};

/** The entity's Kurator Application with its rollout blocks. */
export type FoundKuratorApplication = {
  hostCluster: string;
  application: Application;
  policies: FoundKuratorPolicy[];
};

/** A native canary of the entity, with the MetricTemplates its metrics reference. */
export type FoundNativePolicy = {
  source: Extract<PolicySource, { target: 'flagger' }>;
  canary: Canary;
  metricTemplates: MetricTemplate[];
  /** Templates that could not be read, by `namespace/name`. */
  missingTemplates: string[];
};

/** Everything that holds the entity's rollout policies, with the clusters that failed. */
export type FoundPolicies = {
  kurator?: FoundKuratorApplication;
  native: FoundNativePolicy[];
  errors: ClusterProblem[];
};

/**
 * Finds where an entity's rollout policies live: the rollout blocks of its Kurator Application in
 * the host cluster (with the members of each policy's fleet), and its native canaries (those
 * Kurator does not render) with their MetricTemplates. A failing cluster becomes a per-cluster
 * error; the others still answer.
 */
export class PolicyFinder {
  private readonly gateway: ClusterGateway;
  private readonly finder: EntityRolloutFinder;
  private readonly config: ClusterNaming;

  constructor(options: {
    gateway: ClusterGateway;
    finder: EntityRolloutFinder;
    config: ClusterNaming;
  }) {
    this.gateway = options.gateway;
    this.finder = options.finder;
    this.config = options.config;
  }

  async find(
    entity: Entity,
    context: ClusterCallContext = {},
  ): Promise<FoundPolicies> {
    const targets = getCanaryEntityTargets(entity);
    if (targets.errors.length) {
      throw new InputError(targets.errors.join('; '));
    }
    const errors: ClusterProblem[] = [];
    const [kurator, native] = await Promise.all([
      targets.kuratorApplication
        ? this.findKurator(targets.kuratorApplication, errors, context)
        : undefined,
      targets.canary || targets.labelSelector
        ? this.findNative(entity, errors, context)
        : [],
    ]);
    return { kurator, native, errors };
  }

  private async findKurator(
    ref: KuratorApplicationRef,
    errors: ClusterProblem[],
    context: ClusterCallContext,
  ): Promise<FoundKuratorApplication | undefined> {
    const read = await this.finder.readKuratorApplication(ref, context);
    errors.push(...read.errors);
    if (!read.application) return undefined;
    const { hostCluster, application } = read;
    const policies = read.policies.map(placed => ({
      source: {
        target: 'kurator' as const,
        hostCluster,
        application: { namespace: ref.namespace, name: ref.name },
        policyIndex: placed.index,
        policyName: placed.name,
        fleet: placed.fleet ?? '',
        clusters: placed.members.map(m =>
          backstageClusterName(this.config, m.name),
        ),
      },
      members: placed.members,
    }));
    return { hostCluster, application, policies };
  }

  private async findNative(
    entity: Entity,
    errors: ClusterProblem[],
    context: ClusterCallContext,
  ): Promise<FoundNativePolicy[]> {
    // The Application was read above: look for the native canaries only.
    const annotations = { ...entity.metadata.annotations };
    delete annotations[ANNOTATION_KURATOR_APPLICATION];
    const found = await this.finder.find(
      { ...entity, metadata: { ...entity.metadata, annotations } },
      context,
    );
    errors.push(...found.errors);
    const native: FoundNativePolicy[] = [];
    for (const rollout of found.rollouts) {
      if (rollout.error) errors.push(rollout.error);
      // A canary Kurator renders is changed through its Application, never directly; one the
      // cluster side does not bind to the entity is not the entity's policy.
      if (
        !rollout.canary ||
        isKuratorManaged(rollout.canary) ||
        !rollout.binding?.bound
      ) {
        continue;
      }
      native.push(
        await this.withTemplates(rollout.cluster, rollout.canary, context),
      );
    }
    return native;
  }

  private async withTemplates(
    cluster: string,
    canary: Canary,
    context: ClusterCallContext,
  ): Promise<FoundNativePolicy> {
    const namespace = canary.metadata.namespace ?? 'default';
    const metrics = getCanaryAnalysis(canary)?.metrics ?? [];
    const refs = metrics
      .map(m => m.templateRef)
      .filter((r): r is NonNullable<typeof r> => !!r?.name)
      .map(r => ({ namespace: r.namespace ?? namespace, name: r.name }));
    const metricTemplates: MetricTemplate[] = [];
    const missingTemplates: string[] = [];
    for (const ref of refs) {
      try {
        metricTemplates.push(
          await this.gateway.get<MetricTemplate>(
            cluster,
            kubeObjectPath('MetricTemplate', ref.namespace, ref.name),
            context,
          ),
        );
      } catch {
        missingTemplates.push(`${ref.namespace}/${ref.name}`);
      }
    }
    return {
      source: {
        target: 'flagger',
        cluster,
        namespace,
        name: canary.metadata.name ?? '',
      },
      canary,
      metricTemplates,
      missingTemplates,
    };
  }
}
