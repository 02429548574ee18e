import type { HttpAuthService } from '@backstage/backend-plugin-api';
import type { Router } from 'express';
import {
  type CanaryOperations,
  type CanaryOperationsOptions,
  createCanaryOperations,
} from './operations/CanaryOperations';
import {
  CANARY_ROUTE,
  callerOf,
  canaryOf,
  entityNameOf,
  type EntityAccess,
} from './requestContext';

export { ACTION_PERMISSIONS } from './operations/RolloutActionOperations';

/**
 * The rollout actions over HTTP: the request becomes a caller and the shared action operations
 * check the permission first, run the route the domain core picks, audit and log it.
 */
export function registerActionRoutes(
  router: Router,
  options: CanaryOperationsOptions & {
    httpAuth: HttpAuthService;
    /** Operations shared with the actions registry; built from the options when absent. */
    operations?: CanaryOperations;
    /** Not needed: the operations check access. Accepted so callers may pass it along. */
    access?: EntityAccess;
  },
) {
  const { httpAuth } = options;
  const { actions } = options.operations ?? createCanaryOperations(options);

  router.post(`${CANARY_ROUTE}/actions/:action`, async (req, res) => {
    const caller = await callerOf(httpAuth, req);
    res.json(
      await actions.run({
        caller,
        entity: entityNameOf(req),
        canary: canaryOf(req),
        action: req.params.action,
        reason: (req.body as { reason?: unknown } | undefined)?.reason,
      }),
    );
  });
}
