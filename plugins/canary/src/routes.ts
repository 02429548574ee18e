import { createRouteRef } from '@backstage/core-plugin-api';

/** The Canary tab's route in the legacy frontend system. */
export const rootRouteRef = createRouteRef({ id: 'canary' });
