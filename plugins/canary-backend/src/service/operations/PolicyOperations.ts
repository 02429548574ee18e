import type { AuditorService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  canaryPolicyCreatePermission,
  canaryRolloutReadPermission,
  type EntityPoliciesResponse,
  type PolicyChangeResponse,
  type PolicyPreviewResponse,
  type PolicyValidationResponse,
} from '@backstage-canary/plugin-canary-common';
import type { PolicyService } from '../../lib/policy/PolicyService';
import {
  readPolicyApplyRequest,
  readPolicyRequest,
} from '../../lib/policy/readPolicyRequest';
import { actorOf, type CanaryCaller, clusterContextOf } from './CanaryCaller';
import {
  type CanaryEntityAccess,
  type EntityName,
  toCompoundRef,
} from './EntityAccess';

/**
 * The rollout policy operations of an entity for a caller. Reading and validating need
 * `canary.rollout.read`; preview, dry-run and apply render and send writes (`dryRun=All` or real)
 * to the clusters, so they need `canary.policy.create`, checked before any cluster is touched, and
 * touch only what the cluster side binds to the entity. Apply is audited.
 */
export class PolicyOperations {
  private readonly access: CanaryEntityAccess;
  private readonly policies: PolicyService;
  private readonly auditor: AuditorService;

  constructor(options: {
    access: CanaryEntityAccess;
    policies: PolicyService;
    auditor: AuditorService;
  }) {
    this.access = options.access;
    this.policies = options.policies;
    this.auditor = options.auditor;
  }

  /** The entity's current rollout policies. */
  async current(
    caller: CanaryCaller,
    entity: EntityName,
  ): Promise<EntityPoliciesResponse> {
    const found = await this.access.authorizedEntity(
      caller,
      entity,
      canaryRolloutReadPermission,
    );
    return this.policies.getPolicies(found, clusterContextOf(caller));
  }

  /** Validates a policy with the domain core's rules; touches no cluster. */
  async validate(
    caller: CanaryCaller,
    entity: EntityName,
    body: unknown,
  ): Promise<PolicyValidationResponse> {
    const request = readPolicyRequest(body);
    await this.access.authorizedEntity(
      caller,
      entity,
      canaryRolloutReadPermission,
    );
    return this.policies.validate(request);
  }

  /** What the policy renders to on each cluster. */
  async preview(
    caller: CanaryCaller,
    entity: EntityName,
    body: unknown,
  ): Promise<PolicyPreviewResponse> {
    const request = readPolicyRequest(body);
    const found = await this.access.authorizedEntity(
      caller,
      entity,
      canaryPolicyCreatePermission,
    );
    return this.policies.preview(found, request, clusterContextOf(caller));
  }

  /** What the policy would change on each cluster, by a server-side dry run. */
  async dryRun(
    caller: CanaryCaller,
    entity: EntityName,
    body: unknown,
  ): Promise<PolicyChangeResponse> {
    const request = readPolicyRequest(body);
    const found = await this.access.authorizedEntity(
      caller,
      entity,
      canaryPolicyCreatePermission,
    );
    const context = clusterContextOf(caller);
    const plan = await this.policies.plan(found, request, context);
    return this.policies.change(plan, { dryRun: true, context });
  }

  /** Applies the policy, audited with what happened on each cluster. */
  async apply(
    caller: CanaryCaller,
    entity: EntityName,
    body: unknown,
  ): Promise<PolicyChangeResponse> {
    const request = readPolicyApplyRequest(body);
    const actor = actorOf(caller.credentials);
    const auditEvent = await this.auditor.createEvent({
      eventId: 'policy-apply',
      severityLevel: 'medium',
      request: caller.request,
      meta: {
        entityRef: stringifyEntityRef(toCompoundRef(entity)),
        target: request.target,
        reason: request.reason,
        actor,
        via: caller.via ?? 'http',
      },
    });
    let clusters: string[] = [];
    try {
      // The permission is checked on the entity before any cluster is touched.
      const found = await this.access.authorizedEntity(
        caller,
        entity,
        canaryPolicyCreatePermission,
      );
      const context = clusterContextOf(caller);
      const plan = await this.policies.plan(found, request, context);
      clusters = plan.changes.map(c => c.cluster);
      const result = await this.policies.change(plan, {
        dryRun: false,
        context,
      });
      const failed = result.clusters.filter(c => c.error);
      const operations = result.clusters.flatMap(c =>
        c.objects.map(
          o =>
            `${c.cluster}: ${o.operation} ${o.kind} ${o.namespace}/${o.name}${
              o.error ? ' (failed)' : ''
            }`,
        ),
      );
      if (failed.length) {
        await auditEvent.fail({
          error: new Error(failed.map(c => c.error!.message).join('; ')),
          meta: { clusters, operations },
        });
      } else {
        await auditEvent.success({ meta: { clusters, operations } });
      }
      return result;
    } catch (error) {
      await auditEvent.fail({ error: error as Error, meta: { clusters } });
      throw error;
    }
  }
}
