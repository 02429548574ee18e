import type { HttpAuthService } from '@backstage/backend-plugin-api';
import { ROLLOUT_ACTIONS } from '@backstage-canary/plugin-canary-common';
import type { Request, Router } from 'express';
import type { CanaryApiRouter } from '../schema/createCanaryApiRouter';
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
  router: CanaryApiRouter,
  options: { httpAuth: HttpAuthService; operations: CanaryOperations },
) {
  for (const action of ROLLOUT_ACTIONS) {
    router.post(`${CANARY_ROUTE}/actions/${action}`, async (req, res) => {
      res.json(await runAction(options, req, action));
    });
  }
}

/**
 * Answers an action the API does not have (`POST .../actions/rollback`) as the actions registry
 * does: 400 naming the allowed actions. Mounted after the API's router, which serves the others.
 */
export function registerUnknownActionRoute(
  router: Router,
  options: { httpAuth: HttpAuthService; operations: CanaryOperations },
) {
  router.post(`${CANARY_ROUTE}/actions/:action`, async (req, res) => {
    res.json(await runAction(options, req, req.params.action));
  });
}

async function runAction(
  options: { httpAuth: HttpAuthService; operations: CanaryOperations },
  req: Request<any, any, any, any>,
  action: string,
) {
  const body = req.body as
    | { reason?: unknown; acknowledgeFailedChecks?: unknown }
    | undefined;
  return options.operations.actions.run({
    caller: await callerOf(options.httpAuth, req),
    entity: entityNameOf(req),
    canary: canaryOf(req),
    action,
    reason: body?.reason,
    acknowledgeFailedChecks: body?.acknowledgeFailedChecks,
  });
}
