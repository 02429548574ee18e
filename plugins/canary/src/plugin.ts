import {
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
} from '@backstage/core-plugin-api';
import { inboxRouteRef, rootRouteRef } from './routes';
import { canaryApiFactory } from './api';

/**
 * The Canary plugin for apps on the legacy frontend system.
 *
 * @public
 */
export const canaryPlugin = createPlugin({
  id: 'canary',
  apis: [canaryApiFactory],
  routes: {
    entityContent: rootRouteRef,
    inbox: inboxRouteRef,
  },
});

/**
 * The Canary tab's content, for an `EntityLayout.Route` of a legacy app.
 *
 * @public
 */
export const EntityCanaryContent = canaryPlugin.provide(
  createRoutableExtension({
    name: 'EntityCanaryContent',
    component: () => import('./components/CanaryTab').then(m => m.CanaryTab),
    mountPoint: rootRouteRef,
  }),
);

/**
 * A card of the rollouts waiting for approval or failed across the entities the user may read,
 * with approve and abort where possible: for a legacy app's home page or any other page.
 *
 * @public
 */
export const CanaryInboxCard = canaryPlugin.provide(
  createComponentExtension({
    name: 'CanaryInboxCard',
    component: {
      lazy: () => import('./components/Inbox').then(m => m.CanaryInboxCard),
    },
  }),
);

/**
 * The Canary inbox page, for a `<Route path="/canary-inbox">` of a legacy app: the rollouts that
 * need the user first, then those they can watch.
 *
 * @public
 */
export const CanaryInboxPage = canaryPlugin.provide(
  createRoutableExtension({
    name: 'CanaryInboxPage',
    component: () => import('./components/Inbox').then(m => m.CanaryInboxPage),
    mountPoint: inboxRouteRef,
  }),
);

/**
 * The sidebar item of a legacy app's `Root` that links to {@link CanaryInboxPage}.
 *
 * @public
 */
export const CanaryInboxSidebarItem = canaryPlugin.provide(
  createComponentExtension({
    name: 'CanaryInboxSidebarItem',
    component: {
      lazy: () =>
        import('./components/Inbox/CanaryInboxSidebarItem').then(
          m => m.CanaryInboxSidebarItem,
        ),
    },
  }),
);

/**
 * A small card of the entity's rollouts for the Overview of a legacy app's entity page: phase
 * per cluster, the one-line summary and a link to the Canary tab.
 *
 * @public
 */
export const EntityCanaryStatusCard = canaryPlugin.provide(
  createComponentExtension({
    name: 'EntityCanaryStatusCard',
    component: {
      lazy: () =>
        import('./components/StatusCard').then(m => m.EntityCanaryStatusCard),
    },
  }),
);
