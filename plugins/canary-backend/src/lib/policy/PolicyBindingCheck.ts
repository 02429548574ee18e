import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  ANNOTATION_ENTITY_REF,
  type Canary,
  type ClusterProblem,
  getCanaryAnalysis,
  kubeCollectionPath,
  kubeObjectPath,
  LABEL_KUBERNETES_ID,
  type MetricTemplate,
  renderFlaggerCanary,
  type RolloutBinding,
  type RolloutPolicy,
} from '@backstage-canary/plugin-canary-common';
import type {
  ClusterCallContext,
  ClusterGateway,
} from '../cluster/ClusterGateway';
import { toClusterProblem } from '../resolve/clusterProblem';
import type { RolloutBinder } from '../resolve/RolloutBinder';
import type { FoundKuratorApplication } from './PolicyFinder';

/** The rule a refused policy write names. */
const RULE =
  'a rollout policy may only be written where the cluster side binds the workload to the entity';

/**
 * Checks that a policy write touches only what the entity is bound to (DESIGN's trust model): the
 * workload, namespace, clusters and sync policy come from the request body, so each is checked
 * against the cluster side's proof before any cluster is written or dry-run.
 */
export class PolicyBindingCheck {
  private readonly gateway: ClusterGateway;
  private readonly binder: RolloutBinder;

  constructor(options: { gateway: ClusterGateway; binder: RolloutBinder }) {
    this.gateway = options.gateway;
    this.binder = options.binder;
  }

  /**
   * A native policy: on every target cluster the Canary it writes (or, where there is none yet,
   * the workload's namespace) must name the entity. A cluster whose Canary cannot be read proves
   * nothing and is left out with a per-cluster error; one that says the workload is not the
   * entity's refuses the whole request.
   *
   * @returns the clusters to write, and the ones left out
   */
  async checkFlagger(
    entity: Entity,
    clusters: string[],
    policy: RolloutPolicy,
    context: ClusterCallContext,
  ): Promise<{ clusters: string[]; errors: ClusterProblem[] }> {
    const { namespace, name } = policy.workload;
    const binder = this.binder.forEntity(entity, context);
    const checked = await Promise.all(
      clusters.map(async cluster => {
        let canary: Canary | undefined;
        try {
          canary = await this.gateway.get<Canary>(
            cluster,
            kubeObjectPath('Canary', namespace, name),
            context,
          );
        } catch (error) {
          if (!(error instanceof NotFoundError)) {
            return { cluster, problem: toClusterProblem(cluster, error) };
          }
        }
        const binding = await binder.bind({
          cluster,
          kind: 'Canary',
          object: canary ?? { metadata: { namespace, name } },
        });
        if (!binding.bound) return { cluster, refusal: binding.reason };
        // The MetricTemplates the policy writes may already exist, shared in the namespace: an
        // existing one must be the entity's too, or another team's canary would change.
        for (const template of renderFlaggerCanary(policy).metricTemplates) {
          const refusal = await this.templateRefusal(
            binder,
            cluster,
            template,
            { namespace, name },
            context,
          );
          if (refusal) return { cluster, refusal };
        }
        return { cluster };
      }),
    );
    this.refuseUnless(
      entity,
      checked.map(c => c.refusal),
    );
    return {
      clusters: checked.filter(c => !c.problem).map(c => c.cluster),
      errors: checked.flatMap(c => (c.problem ? [c.problem] : [])),
    };
  }

  /**
   * A Kurator policy: the Application must name the entity, and the workload stays the one its
   * sync policy rolls out (Kurator would render a canary for any workload named there).
   */
  async checkKurator(
    entity: Entity,
    found: FoundKuratorApplication,
    index: number,
    policy: RolloutPolicy,
    context: ClusterCallContext,
  ): Promise<void> {
    const { application } = found;
    const binding = await this.applicationBinding(entity, found, context);
    if (!binding.bound) this.refuseUnless(entity, [binding.reason]);

    const current = application.spec.syncPolicies[index]?.rollout?.workload;
    const { namespace, name } = policy.workload;
    const where = `sync policy ${index} of Application ${application.metadata.namespace}/${application.metadata.name}`;
    if (!current) {
      this.refuseUnless(entity, [
        `${where} rolls out no workload yet, so nothing on the members proves which workload is the entity's: add the rollout in the Application's source first`,
      ]);
      return;
    }
    // Kurator renders a workload without a namespace in the Application's own namespace.
    const currentNamespace =
      current.namespace ?? application.metadata.namespace ?? 'default';
    if (current.name !== name || currentNamespace !== namespace) {
      this.refuseUnless(entity, [
        `${where} rolls out ${currentNamespace}/${current.name}; the policy names ${namespace}/${name}`,
      ]);
    }
  }

  /** Why an existing MetricTemplate may not be written for the entity; nothing when it may. */
  private async templateRefusal(
    binder: ReturnType<RolloutBinder['forEntity']>,
    cluster: string,
    template: MetricTemplate,
    canary: { namespace: string; name: string },
    context: ClusterCallContext,
  ): Promise<string | undefined> {
    const { namespace = 'default', name = '' } = template.metadata;
    let existing: MetricTemplate;
    try {
      existing = await this.gateway.get<MetricTemplate>(
        cluster,
        kubeObjectPath('MetricTemplate', namespace, name),
        context,
      );
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      return `cluster ${cluster}: MetricTemplate ${namespace}/${name} could not be read (${
        (error as Error).message
      })`;
    }
    const binding = await binder.bind({
      cluster,
      kind: 'MetricTemplate',
      object: existing,
    });
    if (binding.bound) return undefined;
    // A template that names no one is the entity's when no other canary uses it: templates made
    // before the binding existed, used by the entity's own canary alone.
    const { labels, annotations } = existing.metadata;
    if (annotations?.[ANNOTATION_ENTITY_REF] || labels?.[LABEL_KUBERNETES_ID]) {
      return binding.reason;
    }
    const users = await this.gateway
      .list<Canary>(
        cluster,
        kubeCollectionPath('Canary', namespace),
        {},
        context,
      )
      .then(list =>
        list.items.filter(other =>
          (getCanaryAnalysis(other)?.metrics ?? []).some(
            metric =>
              metric.templateRef?.name === name &&
              (metric.templateRef.namespace ??
                other.metadata.namespace ??
                namespace) === namespace,
          ),
        ),
      )
      .catch(() => undefined);
    const others = users?.filter(
      other =>
        other.metadata.name !== canary.name ||
        (other.metadata.namespace ?? namespace) !== canary.namespace,
    );
    if (others && others.length === 0) return undefined;
    return `${binding.reason}${
      others
        ? `; it is used by ${others
            .map(o => `Canary ${o.metadata.namespace}/${o.metadata.name}`)
            .join(', ')}`
        : '; the canaries that use it could not be listed'
    }`;
  }

  /** Whether the cluster side binds the entity's Kurator Application to it. */
  async applicationBinding(
    entity: Entity,
    found: FoundKuratorApplication,
    context: ClusterCallContext,
  ): Promise<RolloutBinding> {
    return this.binder.forEntity(entity, context).bind({
      cluster: found.hostCluster,
      kind: 'Kurator Application',
      object: found.application,
    });
  }

  private refuseUnless(entity: Entity, refusals: Array<string | undefined>) {
    const reasons = refusals.filter((r): r is string => !!r);
    if (reasons.length) {
      throw new NotAllowedError(
        `Refused for ${stringifyEntityRef(entity)}: ${RULE}. ${reasons.join(
          '; ',
        )}`,
      );
    }
  }
}
