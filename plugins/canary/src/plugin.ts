import {
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
} from '@backstage/core-plugin-api';
import { rootRouteRef } from './routes';
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
