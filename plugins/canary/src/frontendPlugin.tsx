import {
  ApiBlueprint,
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import {
  compatWrapper,
  convertLegacyRouteRefs,
} from '@backstage/core-compat-api';
import { isCanaryAvailable } from '@backstage-canary/plugin-canary-common';
import { rootRouteRef } from './routes';
import { canaryApiDefinition } from './api';
import {
  canaryPolicyFormField,
  canaryReplicasFormField,
} from './scaffolder/formField';

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
 * The Canary inbox page at `/canary-inbox`: rollouts waiting for approval or failed, across the
 * entities the user may read.
 *
 * @alpha
 */
export const canaryInboxPage = PageBlueprint.make({
  name: 'inbox',
  params: {
    path: '/canary-inbox',
    title: 'Canary inbox',
    loader: () =>
      import('./components/Inbox').then(m =>
        compatWrapper(<m.CanaryInboxPage />),
      ),
  },
});

/**
 * The Canary inbox as a home page widget.
 *
 * @alpha
 */
export const canaryInboxHomePageWidget = HomePageWidgetBlueprint.make({
  name: 'inbox',
  params: {
    title: 'Canary inbox',
    description:
      'Rollouts waiting for approval or failed, across your entities',
    components: () =>
      import('./components/Inbox').then(m => ({
        Content: () => compatWrapper(<m.CanaryInboxList pageSize={10} />),
      })),
  },
});

/**
 * The Canary plugin for apps on the new frontend system: the Canary entity tab, the inbox page and
 * home page widget, the scaffolder field for rollout policies and the backend's client.
 *
 * @public
 */
const canaryFrontendPlugin = createFrontendPlugin({
  pluginId: 'canary',
  extensions: [
    canaryApi,
    canaryEntityContent,
    canaryInboxPage,
    canaryInboxHomePageWidget,
    canaryPolicyFormField,
    canaryReplicasFormField,
  ],
  routes: convertLegacyRouteRefs({ entityContent: rootRouteRef }),
});

export default canaryFrontendPlugin;
export { canaryPolicyFormField, canaryReplicasFormField };
