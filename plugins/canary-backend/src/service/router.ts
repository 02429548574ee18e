import type { HttpAuthService } from '@backstage/backend-plugin-api';
import type express from 'express';
import PromiseRouter from 'express-promise-router';
import { createCanaryApiRouter } from '../schema/createCanaryApiRouter';
import { requestErrors } from '../schema/requestErrors';
import {
  registerActionRoutes,
  registerUnknownActionRoute,
} from './actionRoutes';
import { registerRollbackRoutes } from './rollbackRoutes';
import { dependencyErrors } from './operations/dependencyErrors';
import {
  authenticateGateCallers,
  registerGateWebhookRoutes,
  type GateRoutesOptions,
} from './gateRoutes';
import type { CanaryOperations } from './operations/CanaryOperations';
import { registerPolicyRoutes } from './policyRoutes';
import { registerReadRoutes } from './readRoutes';
import { registerRolloutGateRoutes } from './rolloutGateRoutes';

/** What the router needs. */
export type RouterOptions = {
  httpAuth: HttpAuthService;
  /**
   * The operations, built once by the plugin and shared with the actions registry: every route
   * reads the request into a caller and calls them, where permission, binding and audit are decided.
   */
  operations: CanaryOperations;
  /** Flagger gate webhooks served by this backend (authenticated by gate secrets, not Backstage). */
  gateWebhooks?: GateRoutesOptions;
};

/**
 * Creates the plugin's HTTP routes.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, operations } = options;
  const root = PromiseRouter();
  if (options.gateWebhooks) {
    authenticateGateCallers(root, options.gateWebhooks);
  }
  const router = createCanaryApiRouter();
  root.use(router);

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  registerReadRoutes(router, { httpAuth, operations });
  registerActionRoutes(router, { httpAuth, operations });
  registerRollbackRoutes(router, { httpAuth, operations });
  if (options.gateWebhooks) {
    registerGateWebhookRoutes(router, options.gateWebhooks);
  }
  if (operations.gates) {
    registerRolloutGateRoutes(router, { httpAuth, gates: operations.gates });
  }
  if (operations.policies) {
    registerPolicyRoutes(router, {
      httpAuth,
      policies: operations.policies,
    });
  }
  registerUnknownActionRoute(root, { httpAuth, operations });
  // Malformed requests the routes never saw (a body that is not JSON, a path that does not
  // decode): an error naming what is wrong, not the parser's words.
  root.use(requestErrors);
  // The catalog, the permission or auth backend, or the database failing: 503 naming it.
  root.use(dependencyErrors);
  return root;
}
