import { createBackendModule } from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createPolicyAction } from './actions/createPolicyAction';
import { createValidatePolicyAction } from './actions/validatePolicyAction';

/**
 * The scaffolder module of Backstage Canary: registers `canary:policy:create` and
 * `canary:policy:validate`.
 *
 * @public
 */
export const scaffolderModuleCanary = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'canary',
  register({ registerInit }) {
    registerInit({
      deps: { scaffolderActions: scaffolderActionsExtensionPoint },
      async init({ scaffolderActions }) {
        scaffolderActions.addActions(
          createPolicyAction(),
          createValidatePolicyAction(),
        );
      },
    });
  },
});
