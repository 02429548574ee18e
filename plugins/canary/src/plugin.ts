import {
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
