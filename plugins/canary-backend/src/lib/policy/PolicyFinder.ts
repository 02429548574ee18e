import type { Entity } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  ANNOTATION_KURATOR_APPLICATION,
  type Application,
  type Canary,
  type ClusterProblem,
  type Fleet,
  FLAGGER_API_VERSION,
  getCanaryAnalysis,
  getCanaryEntityTargets,
  getFleetMembers,
  isKuratorManaged,
  KURATOR_APPLICATION_API_VERSION,
  KURATOR_FLEET_API_VERSION,
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
import { toClusterProblem } from '../resolve/clusterProblem';

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

/** The API path of an Application. */
export const applicationPath = (namespace: string, name: string) =>
  `/apis/${KURATOR_APPLICATION_API_VERSION}/namespaces/${namespace}/applications/${name}`;

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
    ref: { namespace: string; name: string; hostCluster?: string },
    errors: ClusterProblem[],
    context: ClusterCallContext,
  ): Promise<FoundKuratorApplication | undefined> {
    const hostCluster = ref.hostCluster ?? this.config.hostCluster;
    if (!hostCluster) {
      throw new InputError(
        `Kurator Application ${ref.namespace}/${ref.name} needs a host cluster: add the annotation backstage-canary.io/host-cluster or configure canary.hostCluster`,
      );
    }
    let application: Application;
    try {
      application = await this.gateway.get<Application>(
        hostCluster,
        applicationPath(ref.namespace, ref.name),
        context,
      );
    } catch (error) {
      if (error instanceof NotFoundError) {
        throw new NotFoundError(
          `Kurator Application ${ref.namespace}/${ref.name} was not found in host cluster ${hostCluster}`,
        );
      }
      errors.push(toClusterProblem(hostCluster, error));
      return undefined;
    }

    const fleets = new Map<string, Promise<Fleet | undefined>>();
    const fleetOf = (name: string) => {
      if (!fleets.has(name)) {
        fleets.set(
          name,
          this.gateway
            .get<Fleet>(
              hostCluster,
              `/apis/${KURATOR_FLEET_API_VERSION}/namespaces/${ref.namespace}/fleets/${name}`,
              context,
            )
            .catch(error => {
              errors.push(toClusterProblem(hostCluster, error));
              return undefined;
            }),
        );
      }
      return fleets.get(name)!;
    };

    const policies: FoundKuratorPolicy[] = [];
    for (const [index, syncPolicy] of application.spec.syncPolicies.entries()) {
      if (!syncPolicy.rollout) continue;
      const fleetName =
        syncPolicy.destination?.fleet ?? application.spec.destination?.fleet;
      const fleet = fleetName ? await fleetOf(fleetName) : undefined;
      const members = fleet
        ? getFleetMembers(fleet).map(m => ({ name: m.name, kind: m.kind }))
        : [];
      policies.push({
        source: {
          target: 'kurator',
          hostCluster,
          application: { namespace: ref.namespace, name: ref.name },
          policyIndex: index,
          policyName: syncPolicy.name ?? `${ref.name}-${index}`,
          fleet: fleetName ?? '',
          clusters: members.map(m => backstageClusterName(this.config, m.name)),
        },
        members,
      });
    }
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
            `/apis/${FLAGGER_API_VERSION}/namespaces/${ref.namespace}/metrictemplates/${ref.name}`,
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
