import { ResponseError } from '@backstage/errors';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { CanaryClient } from './CanaryClient';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const base = 'http://backstage.test/api/canary';
const client = new CanaryClient({
  discoveryApi: { getBaseUrl: async () => base },
});
const canary = {
  cluster: 'kurator-member1',
  namespace: 'webapp',
  name: 'backend',
};

describe('CanaryClient', () => {
  it("sends an action through a fetch API that builds its own requests, as Backstage's middleware does", async () => {
    let body: unknown;
    server.use(
      http.post(
        `${base}/entities/component/default/podinfo/rollouts/kurator-member1/webapp/backend/actions/pause`,
        async ({ request }) => {
          body = await request.json();
          return HttpResponse.json({ action: 'pause', changed: [] });
        },
      ),
    );
    // Two middlewares, each making a Request of what it was given (the identity and the
    // proxy-path middleware of @backstage/core-app-api).
    const middlewareFetch: typeof fetch = async (input, init) => {
      const first = new Request(input, init);
      const second = new Request(input, { ...init, headers: first.headers });
      return fetch(second);
    };
    const viaMiddleware = new CanaryClient({
      discoveryApi: { getBaseUrl: async () => base },
      fetchApi: { fetch: middlewareFetch },
    });
    await viaMiddleware.runAction(
      'component:default/podinfo',
      canary,
      'pause',
      {
        reason: 'hold',
      },
    );
    expect(body).toEqual({ reason: 'hold' });
  });

  it("reads an entity's rollouts, forwarding cluster provider tokens", async () => {
    let header: string | null = null;
    server.use(
      http.get(
        `${base}/entities/component/default/rollout-demo/rollouts`,
        ({ request }) => {
          header = request.headers.get(
            'backstage-kubernetes-authorization-oidc-okta',
          );
          return HttpResponse.json({
            entityRef: 'component:default/rollout-demo',
            items: [],
            errors: [],
            summary: 'No rollouts found',
          });
        },
      ),
    );
    const response = await client.getEntityRollouts(
      'Component:default/rollout-demo',
      {
        providerTokens: { 'oidc-okta': 'upstream' },
      },
    );
    expect(response.summary).toBe('No rollouts found');
    expect(header).toBe('upstream');
  });

  it('asks for one run and some kinds of a canary timeline', async () => {
    let url: URL | undefined;
    server.use(
      http.get(
        `${base}/entities/component/default/rollout-demo/rollouts/kurator-member1/webapp/backend/timeline`,
        ({ request }) => {
          url = new URL(request.url);
          return HttpResponse.json({ items: [] });
        },
      ),
    );
    await client.getTimeline('component:default/rollout-demo', canary, {
      runId: 7,
      kinds: ['transition', 'halted'],
      limit: 20,
    });
    expect(url?.searchParams.get('run')).toBe('7');
    expect(url?.searchParams.get('kind')).toBe('transition,halted');
    expect(url?.searchParams.get('limit')).toBe('20');
    expect(url?.searchParams.has('cursor')).toBe(false);
  });

  it("asks for the metrics of one run over a range, and for the last hour's without one", async () => {
    const urls: URL[] = [];
    server.use(
      http.get(
        `${base}/entities/component/default/rollout-demo/rollouts/kurator-member1/webapp/backend/metrics`,
        ({ request }) => {
          urls.push(new URL(request.url));
          return HttpResponse.json({
            range: { start: 0, end: 1, stepSeconds: 1 },
            metrics: [],
          });
        },
      ),
    );
    await client.getMetrics('component:default/rollout-demo', canary, {
      start: 1795347540,
      end: 1795348260,
      stepSeconds: 6,
      runId: 24,
    });
    await client.getMetrics('component:default/rollout-demo', canary);
    expect(urls.map(url => Object.fromEntries(url.searchParams))).toEqual([
      { start: '1795347540', end: '1795348260', step: '6', run: '24' },
      {},
    ]);
  });

  it("raises the backend's error with its message", async () => {
    server.use(
      http.get(
        `${base}/entities/component/default/rollout-demo/rollouts/kurator-member1/webapp/backend/runs`,
        () =>
          HttpResponse.json(
            {
              error: {
                name: 'NotAllowedError',
                message:
                  'Permission canary.rollout.read is required for component:default/rollout-demo',
              },
              response: { statusCode: 403 },
            },
            { status: 403 },
          ),
      ),
    );
    const error = await client
      .listRuns('component:default/rollout-demo', canary)
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(403);
    expect(error.cause.name).toBe('NotAllowedError');
    expect(error.cause.message).toBe(
      'Permission canary.rollout.read is required for component:default/rollout-demo',
    );
  });
});
