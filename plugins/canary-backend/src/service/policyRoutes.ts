import type { AuditorService } from '@backstage/backend-plugin-api';
import { serializeError } from '@backstage/errors';
import {
  canaryPolicyCreatePermission,
  canaryRolloutReadPermission,
} from '@backstage-canary/plugin-canary-common';
import type { Request, RequestHandler, Response, Router } from 'express';
import { PolicyInputError } from '../lib/policy/PolicyInputError';
import {
  readPolicyApplyRequest,
  readPolicyRequest,
} from '../lib/policy/readPolicyRequest';
import type { PolicyService } from '../lib/policy/PolicyService';
import {
  actorOf,
  entityRefOf,
  providerTokens,
  type EntityAccess,
} from './requestContext';

const POLICY_ROUTE = '/entities/:kind/:namespace/:name/policy';

/**
 * The rollout policy routes of an entity: read the current policies, validate, preview, dry-run
 * and apply (`canary.policy.create`, checked before any cluster is touched, audited).
 */
export function registerPolicyRoutes(
  router: Router,
  options: {
    access: EntityAccess;
    policies: PolicyService;
    auditor: AuditorService;
  },
) {
  const { access, policies, auditor } = options;

  // Reading and validating need read access; preview and dry-run render and send writes
  // (`dryRun=All`) to the clusters, so they need the permission to create a policy, like apply.
  const contextOf = async (
    req: Request,
    permission: typeof canaryRolloutReadPermission = canaryRolloutReadPermission,
  ) => {
    const { entity, credentials } = await access.authorizedEntity(
      req,
      permission,
    );
    return {
      entity,
      context: { credentials, providerTokens: providerTokens(req) },
    };
  };

  router.get(POLICY_ROUTE, async (req, res) => {
    const { entity, context } = await contextOf(req);
    res.json(await policies.getPolicies(entity, context));
  });

  router.post(
    `${POLICY_ROUTE}/validate`,
    withPolicyErrors(async (req, res) => {
      const request = readPolicyRequest(req.body);
      await contextOf(req);
      res.json(policies.validate(request));
    }),
  );

  router.post(
    `${POLICY_ROUTE}/preview`,
    withPolicyErrors(async (req, res) => {
      const request = readPolicyRequest(req.body);
      const { entity, context } = await contextOf(
        req,
        canaryPolicyCreatePermission,
      );
      res.json(await policies.preview(entity, request, context));
    }),
  );

  router.post(
    `${POLICY_ROUTE}/dry-run`,
    withPolicyErrors(async (req, res) => {
      const request = readPolicyRequest(req.body);
      const { entity, context } = await contextOf(
        req,
        canaryPolicyCreatePermission,
      );
      const plan = await policies.plan(entity, request, context);
      res.json(await policies.change(plan, { dryRun: true, context }));
    }),
  );

  router.post(
    `${POLICY_ROUTE}/apply`,
    withPolicyErrors(async (req, res) => {
      const request = readPolicyApplyRequest(req.body);
      const entityRef = entityRefOf(req);
      const auditEvent = await auditor.createEvent({
        eventId: 'policy-apply',
        severityLevel: 'medium',
        request: req,
        meta: {
          entityRef,
          target: request.target,
          reason: request.reason,
        },
      });
      let actor = 'unknown';
      let clusters: string[] = [];
      try {
        // The permission is checked on the entity before any cluster is touched.
        const { entity, credentials } = await access.authorizedEntity(
          req,
          canaryPolicyCreatePermission,
        );
        actor = actorOf(credentials);
        const context = { credentials, providerTokens: providerTokens(req) };
        const plan = await policies.plan(entity, request, context);
        clusters = plan.changes.map(c => c.cluster);
        const result = await policies.change(plan, { dryRun: false, context });
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
            meta: { actor, clusters, operations },
          });
        } else {
          await auditEvent.success({ meta: { actor, clusters, operations } });
        }
        res.json(result);
      } catch (error) {
        await auditEvent.fail({
          error: error as Error,
          meta: { actor, clusters },
        });
        throw error;
      }
    }),
  );
}

/**
 * Answers bad policy input with 400 and its field-level issues at the top of the body (as well as
 * in the serialized error), and a lost apply race with 409 and what happened per cluster; other
 * errors go to the plugin's error handler.
 */
function withPolicyErrors(
  handler: (req: Request, res: Response) => Promise<void>,
): RequestHandler {
  return async (req, res, next) => {
    try {
      await handler(req, res);
    } catch (error) {
      if (error instanceof PolicyInputError) {
        res.status(400).json({
          error: serializeError(error),
          issues: error.issues,
          request: { method: req.method, url: req.url },
          response: { statusCode: 400 },
        });
        return;
      }
      next(error);
    }
  };
}
