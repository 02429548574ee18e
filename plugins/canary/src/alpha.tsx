import {
  ApiBlueprint,
  createFrontendPlugin,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import {
  compatWrapper,
  convertLegacyRouteRefs,
} from '@backstage/core-compat-api';
import { isCanaryAvailable } from '@backstage-canary/plugin-canary-common';
import { rootRouteRef } from './routes';
import { canaryApiDefinition } from './api';
import { canaryPolicyFormField } from './scaffolder/formField';

/**
 * The Canary backend's client (`canaryApiRef`).
 *
 * @alpha
 */
export const canaryApi = ApiBlueprint.make({
  params: defineParams => defineParams(canaryApiDefinition),
});

/**
 * The Canary tab on catalog entity pages (new frontend system).
 *
 * @alpha
 */
export const canaryEntityContent = EntityContentBlueprint.make({
  name: 'canary',
  params: {
    path: '/canary',
    title: 'Canary',
    group: 'deployment',
    routeRef: rootRouteRef,
    filter: isCanaryAvailable,
    loader: () =>
      import('./components/CanaryTab').then(m =>
        compatWrapper(<m.CanaryTab />),
      ),
  },
});

/**
 * The Canary plugin for apps on the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'canary',
  extensions: [canaryApi, canaryEntityContent, canaryPolicyFormField],
  routes: convertLegacyRouteRefs({ entityContent: rootRouteRef }),
});

export { canaryPolicyFormField } from './scaffolder/formField';
