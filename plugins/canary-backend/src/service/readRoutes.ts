import type { HttpAuthService } from '@backstage/backend-plugin-api';
import { canaryRolloutReadPermission } from '@backstage-canary/plugin-canary-common';
import type { Router } from 'express';
import type { RolloutMetricsReader } from '../lib/metrics/RolloutMetricsReader';
import type { RolloutInbox } from '../lib/read/RolloutInbox';
import type { RolloutReader } from '../lib/read/RolloutReader';
import type { RolloutStore } from '../lib/store/RolloutStore';
import {
  readPageQuery,
  readRangeQuery,
  readTimelineQuery,
} from './historyQuery';
import {
  CANARY_ROUTE,
  providerTokens,
  type EntityAccess,
} from './requestContext';

/** The read routes: fleet state, history, metrics and the inbox. */
export function registerReadRoutes(
  router: Router,
  options: {
    httpAuth: HttpAuthService;
    access: EntityAccess;
    reader: RolloutReader;
    store: RolloutStore;
    metrics: RolloutMetricsReader;
    inbox: RolloutInbox;
  },
) {
  const { httpAuth, access, reader, store, metrics, inbox } = options;

  router.get('/inbox', async (req, res) => {
    const page = readPageQuery(req);
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.json(
      await inbox.list({
        credentials,
        providerTokens: providerTokens(req),
        ...page,
      }),
    );
  });

  router.get('/entities/:kind/:namespace/:name/rollouts', async (req, res) => {
    const { entity, credentials } = await access.authorizedEntity(
      req,
      canaryRolloutReadPermission,
    );
    res.json(
      await reader.listForEntity(entity, {
        credentials,
        providerTokens: providerTokens(req),
      }),
    );
  });

  router.get(`${CANARY_ROUTE}/runs`, async (req, res) => {
    const query = readPageQuery(req);
    res.json(await store.listRuns((await access.entityCanary(req)).key, query));
  });

  router.get(`${CANARY_ROUTE}/timeline`, async (req, res) => {
    const query = readTimelineQuery(req);
    res.json(await store.timeline((await access.entityCanary(req)).key, query));
  });

  router.get(`${CANARY_ROUTE}/metrics`, async (req, res) => {
    const range = readRangeQuery(req);
    const { rollout, context } = await access.entityCanary(req);
    res.json(await metrics.read(rollout, range, context));
  });
}
