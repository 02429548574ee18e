import type {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import express from 'express';
import { createCanaryApiRouter } from '../schema/createCanaryApiRouter';
import type { RolloutActionRunner } from '../lib/actions/RolloutActionRunner';
import type { RolloutMetricsReader } from '../lib/metrics/RolloutMetricsReader';
import type { RolloutInbox } from '../lib/read/RolloutInbox';
import type { RolloutReader } from '../lib/read/RolloutReader';
import type { EntityRolloutFinder } from '../lib/resolve/EntityRolloutFinder';
import type { RolloutStore } from '../lib/store/RolloutStore';
import { registerActionRoutes } from './actionRoutes';
import { registerGateRoutes, type GateRoutesOptions } from './gateRoutes';
import { registerDetailRoutes } from './detailRoutes';
import { registerPolicyRoutes } from './policyRoutes';
import type { PolicyService } from '../lib/policy/PolicyService';
import { registerReadRoutes } from './readRoutes';
import { createEntityAccess } from './requestContext';
import type { ServicePrincipalAccess } from '../lib/config/ServicePrincipalAccess';

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
  /** Flagger gate webhooks served by this backend. */
  gates?: GateRoutesOptions;
  /** Rollout policy changes (validate, preview, dry-run, apply). */
  policies?: PolicyService;
  /** The service principals allowed canary permissions by config. */
  services?: ServicePrincipalAccess;
};

/**
 * Creates the plugin's HTTP routes.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, catalog, finder } = options;
  const router = await createCanaryApiRouter();
  router.use(express.json());

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  const access = createEntityAccess({
    httpAuth,
    permissions,
    catalog,
    finder,
    services: options.services,
  });
  registerReadRoutes(router, { ...options, access });
  registerActionRoutes(router, { ...options, access });
  if (options.gates) registerGateRoutes(router, { ...options.gates, access });
  registerDetailRoutes(router, { ...options, access });
  if (options.policies)
    registerPolicyRoutes(router, {
      ...options,
      policies: options.policies,
      access,
    });

  return router;
}
