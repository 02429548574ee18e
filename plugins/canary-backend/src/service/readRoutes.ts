import type { HttpAuthService } from '@backstage/backend-plugin-api';
import type { CanaryApiRouter } from '../schema/createCanaryApiRouter';
import {
  readMetricsQuery,
  readPageQuery,
  readTimelineQuery,
} from './historyQuery';
import type { CanaryOperations } from './operations/CanaryOperations';
import {
  CANARY_ROUTE,
  callerOf,
  canaryOf,
  entityNameOf,
} from './requestContext';

/**
 * The read routes: fleet state, one rollout's detail, history, metrics and the inbox. Each reads
 * the request into a caller and calls the read operations the registered actions call too.
 */
export function registerReadRoutes(
  router: CanaryApiRouter,
  options: { httpAuth: HttpAuthService; operations: CanaryOperations },
) {
  const { httpAuth } = options;
  const { reads } = options.operations;

  router.get('/inbox', async (req, res) => {
    const page = readPageQuery(req.query);
    res.json(await reads.inboxOf(await callerOf(httpAuth, req), page));
  });

  router.get('/entities/:kind/:namespace/:name/rollouts', async (req, res) => {
    res.json(
      await reads.entityRollouts(
        await callerOf(httpAuth, req),
        entityNameOf(req),
      ),
    );
  });

  router.get(CANARY_ROUTE, async (req, res) => {
    res.json(
      await reads.detailOf(
        await callerOf(httpAuth, req),
        entityNameOf(req),
        canaryOf(req),
      ),
    );
  });

  router.get(`${CANARY_ROUTE}/runs`, async (req, res) => {
    const query = readPageQuery(req.query, 'runs');
    res.json(
      await reads.runs(
        await callerOf(httpAuth, req),
        entityNameOf(req),
        canaryOf(req),
        query,
      ),
    );
  });

  router.get(`${CANARY_ROUTE}/timeline`, async (req, res) => {
    const query = readTimelineQuery(req.query);
    res.json(
      await reads.timeline(
        await callerOf(httpAuth, req),
        entityNameOf(req),
        canaryOf(req),
        query,
      ),
    );
  });

  router.get(`${CANARY_ROUTE}/metrics`, async (req, res) => {
    const query = readMetricsQuery(req.query);
    res.json(
      await reads.metricsOf(
        await callerOf(httpAuth, req),
        entityNameOf(req),
        canaryOf(req),
        query,
      ),
    );
  });
}
