// Test-only: the Canary backend in a test backend, with a catalog of the given entities, a permission
// policy answering the given result, the given plugin database (else a fresh one), and msw letting
// requests to the test backend itself through (the Kubernetes plugin's routes are mocked by each
// test at the HTTP boundary).
import {
  mockServices,
  startTestBackend,
  type TestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { Knex } from 'knex';
import { http, passthrough } from 'msw';
import type { SetupServer } from 'msw/node';
import { canaryPlugin } from '../plugin';

export async function startCanaryBackend(options: {
  msw: SetupServer;
  entities: Entity[];
  permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
  database?: Knex;
  /**
   * More of the `canary` configuration (the recorder and the fleet state are off unless this turns
   * them on: the tests' clusters answer each call, they serve no watches).
   */
  canaryConfig?: Record<string, unknown>;
}): Promise<TestBackend['server']> {
  const { server } = await startTestBackend({
    features: [
      canaryPlugin,
      catalogServiceMock.factory({ entities: options.entities }),
      mockServices.permissions.factory({
        result: options.permission ?? AuthorizeResult.ALLOW,
      }),
      mockServices.rootConfig.factory({
        data: {
          canary: {
            recorder: { enabled: false },
            fleetState: { enabled: false },
            ...options.canaryConfig,
          },
        },
      }),
      ...(options.database
        ? [mockServices.database.factory({ knex: options.database })]
        : []),
    ],
  });
  options.msw.use(
    http.all(/^http:\/\/(127\.0\.0\.1|localhost):\d+\/api\/canary\//, () =>
      passthrough(),
    ),
  );
  return server;
}
