import { createRouteRef } from '@backstage/core-plugin-api';

/** The Canary tab's route in the legacy frontend system. */
export const rootRouteRef = createRouteRef({ id: 'canary' });

/** The Canary inbox page's route (both frontend systems): the sidebar item links to it. */
export const inboxRouteRef = createRouteRef({ id: 'canary-inbox' });
