import type { Entity } from '@backstage/catalog-model';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError, ServiceUnavailableError } from '@backstage/errors';
import {
  type ClusterProblem,
  type EntityPoliciesResponse,
  hasPolicyErrors,
  type PolicyChangeResponse,
  type PolicyClusterChange,
  type PolicyPreviewResponse,
  type PolicyRequest,
  type PolicyValidationResponse,
  validateRolloutPolicy,
} from '@backstage-canary/plugin-canary-common';
import type {
  ClusterCallContext,
  ClusterGateway,
} from '../cluster/ClusterGateway';
import type { ClusterNaming } from '../config/CanaryConfig';
import type { EntityRolloutFinder } from '../resolve/EntityRolloutFinder';
import { checkPolicy } from './checkPolicy';
import { planFlaggerPolicy } from './flaggerPlan';
import { planKuratorPolicy, selectSyncPolicy } from './kuratorPlan';
import { PolicyBindingCheck } from './PolicyBindingCheck';
import type { RolloutBinder } from '../resolve/RolloutBinder';
import { collectionPath, PolicyChanger } from './PolicyChanger';
import { PolicyFinder } from './PolicyFinder';
import { PolicyConflictError } from './PolicyConflictError';
import { PolicyInputError, requestIssue } from './PolicyInputError';
import type { PolicyPlan } from './PolicyPlan';
import { readCurrentPolicies } from './readCurrentPolicies';

/** A plan with the clusters that could not be read while making it. */
export type PlannedPolicy = PolicyPlan & { errors: ClusterProblem[] };

/**
 * Rollout policy changes for an entity: reads its current policies, validates a policy with the
 * domain core, renders what it changes on each cluster, and dry-runs or applies it through the
 * ClusterGateway. Permissions and audit are the caller's (the routes').
 */
export class PolicyService {
  private readonly gateway: ClusterGateway;
  private readonly naming: ClusterNaming;
  private readonly finder: PolicyFinder;
  private readonly changer: PolicyChanger;

  private readonly binding: PolicyBindingCheck;

  constructor(options: {
    gateway: ClusterGateway;
    finder: EntityRolloutFinder;
    config: ClusterNaming;
    /** Decides which workloads the cluster side binds to an entity. */
    binder: RolloutBinder;
  }) {
    this.gateway = options.gateway;
    this.naming = options.config;
    this.finder = new PolicyFinder(options);
    this.changer = new PolicyChanger(options);
    this.binding = new PolicyBindingCheck(options);
  }

  /** The entity's current rollout policies, one per place that holds one, with per-cluster errors. */
  async getPolicies(
    entity: Entity,
    context: ClusterCallContext = {},
  ): Promise<EntityPoliciesResponse> {
    const found = await this.finder.find(entity, context);
    if (found.kurator) {
      // An Application the cluster side does not bind to the entity is not the entity's policy.
      const binding = await this.binding.applicationBinding(
        entity,
        found.kurator,
        context,
      );
      if (!binding.bound) {
        found.errors.push({
          cluster: found.kurator.hostCluster,
          name: 'NotAllowedError',
          message: binding.reason,
        });
        found.kurator = undefined;
      }
    }
    return {
      entityRef: stringifyEntityRef(entity),
      items: readCurrentPolicies(found),
      errors: found.errors,
    };
  }

  /** Validates a policy for a target (the domain core's rules), without touching any cluster. */
  validate(request: PolicyRequest): PolicyValidationResponse {
    const issues = validateRolloutPolicy(request.policy, request.target);
    return { valid: !hasPolicyErrors(issues), issues };
  }

  /**
   * Validates the policy (refusing one with errors) and renders what it changes: for Kurator the
   * entity's Application in the host cluster and what each member will get, for Flagger the
   * Canary and MetricTemplates on each target cluster.
   */
  async plan(
    entity: Entity,
    request: PolicyRequest,
    context: ClusterCallContext = {},
  ): Promise<PlannedPolicy> {
    const { policy, warnings } = checkPolicy(request.policy, request.target);
    const entityRef = stringifyEntityRef(entity);
    if (request.target === 'flagger' && request.clusters) {
      const named = [...new Set(request.clusters)];
      await this.checkClusters(named, context);
      const { clusters, errors } = await this.binding.checkFlagger(
        entity,
        named,
        policy,
        context,
      );
      return {
        ...planFlaggerPolicy({ policy, warnings, clusters, entityRef }),
        errors,
      };
    }
    const found = await this.finder.find(entity, context);
    if (request.target === 'kurator') {
      if (!found.kurator) {
        const hostProblem = found.errors[0];
        if (hostProblem) {
          throw new ServiceUnavailableError(
            `The Kurator Application of ${entityRef} could not be read: ${hostProblem.message}`,
          );
        }
        throw new PolicyInputError(
          `${entityRef} has no Kurator Application (annotation backstage-canary.io/kurator-application): use target flagger`,
          [
            requestIssue(
              'target',
              `target kurator needs a Kurator Application on ${entityRef}; use flagger`,
            ),
          ],
        );
      }
      const policyIndex = selectSyncPolicy(
        found.kurator.application,
        policy,
        request.policyIndex,
      );
      await this.binding.checkKurator(
        entity,
        found.kurator,
        policyIndex,
        policy,
        context,
      );
      return {
        ...planKuratorPolicy({
          found: found.kurator,
          policy,
          warnings,
          policyIndex,
          naming: this.naming,
        }),
        errors: found.errors,
      };
    }
    const clusters = [...new Set(found.native.map(n => n.source.cluster))];
    if (clusters.length === 0) {
      throw new PolicyInputError(
        `${entityRef} has no native canary on any cluster${
          found.errors.length
            ? ` that could be read (${found.errors
                .map(e => e.message)
                .join('; ')})`
            : ''
        }: name the target clusters in the field clusters`,
        [
          requestIssue(
            'clusters',
            'clusters is required when the entity has no native canary',
          ),
        ],
      );
    }
    const bound = await this.binding.checkFlagger(
      entity,
      clusters,
      policy,
      context,
    );
    return {
      ...planFlaggerPolicy({
        policy,
        warnings,
        clusters: bound.clusters,
        entityRef,
      }),
      errors: [...found.errors, ...bound.errors],
    };
  }

  /** What the policy renders to, per cluster, without touching any cluster's objects. */
  async preview(
    entity: Entity,
    request: PolicyRequest,
    context: ClusterCallContext = {},
  ): Promise<PolicyPreviewResponse> {
    const { target, manifests, issues, errors } = await this.plan(
      entity,
      request,
      context,
    );
    return { target, manifests, issues, errors };
  }

  /**
   * Dry-runs (`dryRun=All`) or applies a plan on its clusters. An apply that lost a race (409 on
   * the resourceVersion precondition) is refused with a ConflictError naming the object and where
   * it is now.
   */
  async change(
    plan: PlannedPolicy,
    options: { dryRun: boolean; context?: ClusterCallContext },
  ): Promise<PolicyChangeResponse> {
    const clusters = await this.changer.run(plan.changes, options);
    const response = {
      target: plan.target,
      applied: !options.dryRun,
      clusters,
      issues: plan.issues,
      errors: plan.errors,
    };
    if (!options.dryRun) {
      const conflict = await this.describeConflicts(clusters, options.context);
      if (conflict) throw new PolicyConflictError(conflict, response);
    }
    return response;
  }

  private async describeConflicts(
    clusters: PolicyClusterChange[],
    context?: ClusterCallContext,
  ): Promise<string | undefined> {
    const messages: string[] = [];
    for (const cluster of clusters) {
      for (const object of cluster.objects) {
        if (object.error?.name !== ConflictError.name) continue;
        const path = `${collectionPath({
          apiVersion: object.apiVersion,
          kind: object.kind,
          metadata: { namespace: object.namespace },
        })}/${object.name}`;
        const now = await this.gateway
          .get<{ metadata: { resourceVersion?: string } }>(
            cluster.cluster,
            path,
            context,
          )
          .then(
            o => `it is now at resourceVersion ${o.metadata.resourceVersion}`,
          )
          .catch(() => 'its current state could not be read');
        messages.push(
          `Cluster ${cluster.cluster}: ${object.kind} ${object.namespace}/${
            object.name
          } changed since it was read (resourceVersion ${
            object.resourceVersion ?? 'none'
          }); ${now}`,
        );
      }
    }
    return messages.length
      ? `The policy was not applied where the object changed meanwhile: ${messages.join(
          '; ',
        )}. Dry-run again to see the current state, then apply.`
      : undefined;
  }

  private async checkClusters(
    clusters: string[],
    context: ClusterCallContext,
  ): Promise<void> {
    const known = await this.gateway
      .listClusters(context)
      .catch(() => undefined);
    if (!known) return;
    const unknown = clusters.filter(c => !known.includes(c));
    if (unknown.length) {
      throw new PolicyInputError(
        `Field clusters names unknown clusters ${unknown.join(
          ', ',
        )}; known clusters: ${known.join(', ')}`,
        [
          requestIssue(
            'clusters',
            `unknown clusters ${unknown.join(', ')}; allowed: ${known.join(
              ', ',
            )}`,
          ),
        ],
      );
    }
  }
}
