import type { HttpAuthService } from '@backstage/backend-plugin-api';
import type { Router } from 'express';
import type { CanaryOperations } from './operations/CanaryOperations';
import {
  CANARY_ROUTE,
  callerOf,
  canaryOf,
  entityNameOf,
} from './requestContext';

/**
 * The rollout actions over HTTP: the request becomes a caller and the shared action operations
 * check the permission and the binding first, run the route the domain core picks, audit and log it.
 */
export function registerActionRoutes(
  router: Router,
  options: { httpAuth: HttpAuthService; operations: CanaryOperations },
) {
  const { httpAuth } = options;
  const { actions } = options.operations;

  router.post(`${CANARY_ROUTE}/actions/:action`, async (req, res) => {
    const caller = await callerOf(httpAuth, req);
    res.json(
      await actions.run({
        caller,
        entity: entityNameOf(req),
        canary: canaryOf(req),
        action: req.params.action,
        reason: (req.body as { reason?: unknown } | undefined)?.reason,
        acknowledgeFailedChecks: (
          req.body as { acknowledgeFailedChecks?: unknown } | undefined
        )?.acknowledgeFailedChecks,
      }),
    );
  });
}
