import {
  ApiBlueprint,
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
import {
  CatalogFilterBlueprint,
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import {
  compatWrapper,
  convertLegacyRouteRefs,
} from '@backstage/core-compat-api';
import AllInboxIcon from '@material-ui/icons/AllInbox';
import { isCanaryAvailable } from '@backstage-canary/plugin-canary-common';
import { inboxRouteRef, rootRouteRef } from './routes';
import { isCanaryTabShown } from './entityFilters';
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
 * The Canary tab on catalog entity pages (new frontend system): on every Component (showing what
 * to configure when it has no canary annotation yet) and on any entity with one. It is a tab of
 * its own, not in the "Deployment" group, so it is called "Canary" on every entity, also where the
 * Kubernetes tab shares that group.
 *
 * @alpha
 */
export const canaryEntityContent = EntityContentBlueprint.make({
  name: 'canary',
  params: {
    path: '/canary',
    title: 'Canary',
    routeRef: rootRouteRef,
    filter: isCanaryTabShown,
    loader: () =>
      import('./components/CanaryTab').then(m =>
        compatWrapper(<m.CanaryTab />),
      ),
  },
});

/**
 * The entity's rollouts in a small Overview card: phase per cluster, the one-line summary and a
 * link to the Canary tab; on entities with a canary annotation.
 *
 * @alpha
 */
export const canaryEntityStatusCard = EntityCardBlueprint.make({
  name: 'status',
  params: {
    type: 'info',
    filter: isCanaryAvailable,
    loader: () =>
      import('./components/StatusCard').then(m =>
        compatWrapper(<m.EntityCanaryStatusCard />),
      ),
  },
});

/**
 * The Canary filter of the catalog page: entities set up for canary delivery, with a rollout
 * waiting for approval or failed, or needing the user. (The catalog page of the new frontend
 * system takes filter extensions but no extra table columns, so the status is a filter.)
 *
 * @alpha
 */
export const canaryCatalogFilter = CatalogFilterBlueprint.make({
  name: 'status',
  params: {
    loader: () =>
      import('./components/CatalogFilter').then(m =>
        compatWrapper(<m.CanaryStatusPicker />),
      ),
  },
});

/**
 * The Canary inbox page at `/canary-inbox`: rollouts waiting for approval or failed, across the
 * entities the user may read, those that need the user first. With its title and icon it is also
 * the app's sidebar item (this version of the new frontend system makes nav items from pages; it
 * has no separate nav item extension).
 *
 * @alpha
 */
export const canaryInboxPage = PageBlueprint.make({
  name: 'inbox',
  params: {
    path: '/canary-inbox',
    title: 'Canary inbox',
    icon: <AllInboxIcon fontSize="inherit" />,
    routeRef: inboxRouteRef,
    loader: () =>
      import('./components/Inbox').then(m =>
        compatWrapper(<m.CanaryInboxPage />),
      ),
  },
});

/**
 * The Canary inbox as a home page widget (`CanaryInbox` in the home page's `defaultConfig`).
 *
 * @alpha
 */
export const canaryInboxHomePageWidget = HomePageWidgetBlueprint.make({
  name: 'inbox',
  params: {
    name: 'CanaryInbox',
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
    canaryEntityStatusCard,
    canaryCatalogFilter,
    canaryInboxPage,
    canaryInboxHomePageWidget,
    canaryPolicyFormField,
    canaryReplicasFormField,
  ],
  routes: convertLegacyRouteRefs({
    entityContent: rootRouteRef,
    inbox: inboxRouteRef,
  }),
});

export default canaryFrontendPlugin;
export { canaryPolicyFormField, canaryReplicasFormField };
