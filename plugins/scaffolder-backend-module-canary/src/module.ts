import { createBackendModule } from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';

/**
 * The scaffolder module that will carry the canary policy actions (`canary:policy:create`,
 * `canary:policy:validate`). It registers with the scaffolder now so apps install it once; the
 * actions arrive with the rollout-policy model.
 *
 * @public
 */
export const scaffolderModuleCanary = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'canary',
  register({ registerInit }) {
    registerInit({
      deps: { scaffolderActions: scaffolderActionsExtensionPoint },
      async init() {},
    });
  },
});
