import type { HttpAuthService } from '@backstage/backend-plugin-api';
import type { Router } from 'express';
import {
  readPageQuery,
  readRangeQuery,
  readTimelineQuery,
} from './historyQuery';
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

/**
 * The read routes: fleet state, history, metrics and the inbox. Each reads the request into a
 * caller and calls the same read operations the registered actions call.
 */
export function registerReadRoutes(
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
  const { reads } = options.operations ?? createCanaryOperations(options);

  router.get('/inbox', async (req, res) => {
    const page = readPageQuery(req);
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

  router.get(`${CANARY_ROUTE}/runs`, async (req, res) => {
    const query = readPageQuery(req);
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
    const query = readTimelineQuery(req);
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
    const range = readRangeQuery(req);
    res.json(
      await reads.metricsOf(
        await callerOf(httpAuth, req),
        entityNameOf(req),
        canaryOf(req),
        range,
      ),
    );
  });
}
