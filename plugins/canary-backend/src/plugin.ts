import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  CANARY_PLUGIN_ID,
  canaryPermissions,
} from '@backstage-canary/plugin-canary-common';
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
        httpRouter: coreServices.httpRouter,
        permissionsRegistry: coreServices.permissionsRegistry,
      },
      async init({ httpRouter, permissionsRegistry }) {
        permissionsRegistry.addPermissions(canaryPermissions);
        httpRouter.use(await createRouter());
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
