import {
  mockCredentials,
  mockServices,
  registerMswTestHooks,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { http, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { canaryPlugin } from '../plugin';

// A catalog that never answers, behind the plugin's HTTP routes and registered actions: each
// request ends within canary.catalog.requestTimeout with a 503 naming the catalog, and no cluster
// is asked anything (msw fails any request to the Kubernetes plugin).
const server = setupServer();
registerMswTestHooks(server);

jest.setTimeout(60_000);

const never = () => new Promise<never>(() => {});

async function startWithStalledCatalog() {
  const { server: backend } = await startTestBackend({
    features: [
      canaryPlugin,
      catalogServiceMock.mock({
        getEntityByRef: jest.fn(never),
        queryEntities: jest.fn(never),
        getEntities: jest.fn(never),
      }).factory,
      mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
      mockServices.rootConfig.factory({
        data: {
          canary: {
            recorder: { enabled: false },
            fleetState: { enabled: false },
            catalog: { requestTimeout: { milliseconds: 300 } },
          },
        },
      }),
    ],
  });
  server.use(
    http.all(/^http:\/\/(127\.0\.0\.1|localhost):\d+\/api\/canary\//, () =>
      passthrough(),
    ),
  );
  return backend;
}

describe('a catalog that never answers', () => {
  it('costs a 503 naming the catalog, not a hung request, on routes and actions', async () => {
    const backend = await startWithStalledCatalog();
    const user = mockCredentials.user.header();
    const started = Date.now();
    const [rollouts, inbox, action] = await Promise.all([
      request(backend)
        .get('/api/canary/entities/component/default/checkout/rollouts')
        .set('Authorization', user),
      request(backend).get('/api/canary/inbox').set('Authorization', user),
      request(backend)
        .post(
          '/api/canary/.backstage/actions/v1/actions/canary:get-entity-rollouts/invoke',
        )
        .set('Authorization', user)
        .send({ entityRef: 'component:default/checkout' }),
    ]);
    expect(Date.now() - started).toBeLessThan(10_000);
    for (const [response, what] of [
      [rollouts, 'getEntityByRef'],
      [inbox, 'queryEntities'],
      [action, 'getEntityByRef'],
    ] as const) {
      expect(response.status).toBe(503);
      expect(response.body.error).toMatchObject({
        name: 'ServiceUnavailableError',
        message: `The catalog did not answer (${what}) within 0.3 s; try again later`,
      });
    }
  });
});
