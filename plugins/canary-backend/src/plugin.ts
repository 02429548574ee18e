import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  CANARY_PLUGIN_ID,
  canaryPermissions,
} from '@backstage-canary/plugin-canary-common';
import { KubernetesProxyGateway } from './lib/cluster/KubernetesProxyGateway';
import { readCanaryConfig } from './lib/config/CanaryConfig';
import { RolloutReader } from './lib/read/RolloutReader';
import { EntityRolloutFinder } from './lib/resolve/EntityRolloutFinder';
import { createRouter } from './service/router';

/**
 * The Canary backend plugin.
 *
 * @public
 */
export const canaryPlugin = createBackendPlugin({
  pluginId: CANARY_PLUGIN_ID,
  register(env) {
    env.registerInit({
      deps: {
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        config: coreServices.rootConfig,
        discovery: coreServices.discovery,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
      },
      async init(deps) {
        const config = readCanaryConfig(deps.config);
        deps.permissionsRegistry.addPermissions(canaryPermissions);

        const gateway = new KubernetesProxyGateway({
          auth: deps.auth,
          discovery: deps.discovery,
        });
        const finder = new EntityRolloutFinder({ gateway, config });
        const reader = new RolloutReader({ finder, gateway });

        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            catalog: deps.catalog,
            reader,
          }),
        );
        deps.httpRouter.addAuthPolicy({
          path: '/health',
          allow: 'unauthenticated',
        });
      },
    });
  },
});
