import type { HttpAuthService } from '@backstage/backend-plugin-api';
import type { CanaryApiRouter } from '../schema/createCanaryApiRouter';
import type { GateOperations } from './operations/GateOperations';
import {
  CANARY_ROUTE,
  callerOf,
  canaryOf,
  entityNameOf,
} from './requestContext';

/** The backend gates of one rollout for a Backstage caller: their state and the secret rotation. */
export function registerRolloutGateRoutes(
  router: CanaryApiRouter,
  options: { httpAuth: HttpAuthService; gates: GateOperations },
) {
  const { httpAuth, gates } = options;

  router.get(`${CANARY_ROUTE}/gates`, async (req, res) => {
    res.json(
      await gates.state(
        await callerOf(httpAuth, req),
        entityNameOf(req),
        canaryOf(req),
      ),
    );
  });

  router.post(`${CANARY_ROUTE}/gates/rotate-secret`, async (req, res) => {
    res.json(
      await gates.rotateSecret(
        await callerOf(httpAuth, req),
        entityNameOf(req),
        canaryOf(req),
      ),
    );
  });
}
