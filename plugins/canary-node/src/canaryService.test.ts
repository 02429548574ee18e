import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { CanaryClient } from '@backstage-canary/plugin-canary-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { DefaultCanaryService } from './canaryService';

// The Canary backend is the HTTP boundary here.
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const base = 'http://backstage.test/api/canary';
const service = new DefaultCanaryService({
  auth: mockServices.auth(),
  client: new CanaryClient({ discoveryApi: { getBaseUrl: async () => base } }),
});
const alice = mockCredentials.user('user:default/alice');

describe('DefaultCanaryService', () => {
  it("reads an entity's rollouts on the caller's behalf", async () => {
    let authorization: string | null = null;
    server.use(
      http.get(
        `${base}/entities/component/default/podinfo/rollouts`,
        ({ request }) => {
          authorization = request.headers.get('authorization');
          return HttpResponse.json({
            entityRef: 'component:default/podinfo',
            items: [],
            errors: [],
            summary: 'No rollouts found',
          });
        },
      ),
    );
    const response = await service.getEntityRollouts(
      'component:default/podinfo',
      {
        credentials: alice,
      },
    );
    expect(response.summary).toBe('No rollouts found');
    expect(authorization).toBe(
      mockCredentials.service.header({
        onBehalfOf: alice,
        targetPluginId: 'canary',
      }),
    );
  });

  it('runs an action with its reason', async () => {
    let body: unknown;
    server.use(
      http.post(
        `${base}/entities/component/default/podinfo/rollouts/prod/test/podinfo/actions/pause`,
        async ({ request }) => {
          body = await request.json();
          return HttpResponse.json({
            action: 'pause',
            route: 'canary-patch',
            affects: [{ cluster: 'prod', namespace: 'test', name: 'podinfo' }],
            changed: true,
            message: 'paused',
          });
        },
      ),
    );
    const result = await service.runAction(
      'component:default/podinfo',
      { cluster: 'prod', namespace: 'test', name: 'podinfo' },
      'pause',
      { credentials: alice, reason: 'incident 42' },
    );
    expect(result.changed).toBe(true);
    expect(body).toEqual({ reason: 'incident 42' });
  });
});
