import type { HttpAuthService } from '@backstage/backend-plugin-api';
import type { CanaryApiRouter } from '../schema/createCanaryApiRouter';
import type { CanaryOperations } from './operations/CanaryOperations';
import {
  CANARY_ROUTE,
  callerOf,
  canaryOf,
  entityNameOf,
} from './requestContext';

/** Rollback to a recorded revision over HTTP; the rollback operations check, audit and log it. */
export function registerRollbackRoutes(
  router: CanaryApiRouter,
  options: { httpAuth: HttpAuthService; operations: CanaryOperations },
) {
  const { httpAuth } = options;
  const { rollback } = options.operations;

  router.post(`${CANARY_ROUTE}/rollback`, async (req, res) => {
    const caller = await callerOf(httpAuth, req);
    const body = req.body as { runId?: unknown; reason?: unknown } | undefined;
    res.json(
      await rollback.run({
        caller,
        entity: entityNameOf(req),
        canary: canaryOf(req),
        runId: body?.runId,
        reason: body?.reason,
      }),
    );
  });
}
