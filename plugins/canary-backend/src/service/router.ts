import type {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import express from 'express';
import Router from 'express-promise-router';
import type { RolloutActionRunner } from '../lib/actions/RolloutActionRunner';
import type { RolloutMetricsReader } from '../lib/metrics/RolloutMetricsReader';
import type { RolloutInbox } from '../lib/read/RolloutInbox';
import type { RolloutReader } from '../lib/read/RolloutReader';
import type { EntityRolloutFinder } from '../lib/resolve/EntityRolloutFinder';
import type { RolloutStore } from '../lib/store/RolloutStore';
import { registerActionRoutes } from './actionRoutes';
import { registerReadRoutes } from './readRoutes';
import { createEntityAccess } from './requestContext';

/** What the router needs. */
export type RouterOptions = {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  reader: RolloutReader;
  finder: EntityRolloutFinder;
  store: RolloutStore;
  actions: RolloutActionRunner;
  auditor: AuditorService;
  metrics: RolloutMetricsReader;
  inbox: RolloutInbox;
};

/**
 * Creates the plugin's HTTP routes.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, catalog, finder } = options;
  const router = Router();
  router.use(express.json());

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  const access = createEntityAccess({
    httpAuth,
    permissions,
    catalog,
    finder,
  });
  registerReadRoutes(router, { ...options, access });
  registerActionRoutes(router, { ...options, access });

  return router;
}
