import type { Router } from 'express';
import type { RolloutReader } from '../lib/read/RolloutReader';
import { CANARY_ROUTE, type EntityAccess } from './requestContext';

/**
 * The detail route of one rollout: its summary, the Canary as its cluster holds it and, for
 * Kurator-managed canaries, the Application. Checks `canary.rollout.read` on the entity and that the
 * canary is one of the entity's rollouts.
 */
export function registerDetailRoutes(
  router: Router,
  options: { access: EntityAccess; reader: RolloutReader },
) {
  const { access, reader } = options;

  router.get(CANARY_ROUTE, async (req, res) => {
    const { rollout, rollouts, context } = await access.entityCanary(req);
    res.json(await reader.detail(rollout, rollouts.rollouts, context));
  });
}
