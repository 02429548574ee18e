import { ResponseError } from '@backstage/errors';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { CanaryClient } from './CanaryClient';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const base = 'http://backstage.test/api/canary';
const policyUrl = `${base}/entities/component/default/rollout-kuma-demo/policy`;
const client = new CanaryClient({
  discoveryApi: { getBaseUrl: async () => base },
});
const entityRef = 'Component:default/rollout-kuma-demo';
const policy = { provider: 'kuma', traffic: { stepWeight: 20 } };

describe('CanaryClient policy calls', () => {
  it("reads an entity's current policies", async () => {
    server.use(
      http.get(policyUrl, () =>
        HttpResponse.json({
          entityRef: 'component:default/rollout-kuma-demo',
          items: [],
          errors: [{ cluster: 'host', name: 'Error', message: 'down' }],
        }),
      ),
    );
    const response = await client.getPolicies(entityRef);
    expect(response.errors).toEqual([
      { cluster: 'host', name: 'Error', message: 'down' },
    ]);
  });

  it.each([
    ['validatePolicy', 'validate'],
    ['previewPolicy', 'preview'],
    ['dryRunPolicy', 'dry-run'],
  ] as const)('%s posts the policy request to %s', async (method, step) => {
    let body: unknown;
    let contentType: string | null = null;
    server.use(
      http.post(`${policyUrl}/${step}`, async ({ request }) => {
        body = await request.json();
        contentType = request.headers.get('content-type');
        return HttpResponse.json({ step });
      }),
    );
    const answer = await client[method](entityRef, {
      target: 'kurator',
      policy,
    });
    expect(answer).toEqual({ step });
    expect(body).toEqual({ target: 'kurator', policy });
    expect(contentType).toBe('application/json');
  });

  it('applies with the reason and forwards cluster provider tokens', async () => {
    let body: unknown;
    let token: string | null = null;
    server.use(
      http.post(`${policyUrl}/apply`, async ({ request }) => {
        body = await request.json();
        token = request.headers.get(
          'backstage-kubernetes-authorization-oidc-okta',
        );
        return HttpResponse.json({ applied: true, clusters: [] });
      }),
    );
    const answer = await client.applyPolicy(
      entityRef,
      {
        target: 'flagger',
        policy,
        clusters: ['kurator-member1'],
        reason: 'slower steps',
      },
      { providerTokens: { 'oidc-okta': 'upstream' } },
    );
    expect(answer.applied).toBe(true);
    expect(body).toEqual({
      target: 'flagger',
      policy,
      clusters: ['kurator-member1'],
      reason: 'slower steps',
    });
    expect(token).toBe('upstream');
  });

  it('raises a 400 with the field-level issues the backend answered', async () => {
    const issues = [
      {
        path: 'traffic.stepWeight',
        message: 'traffic.stepWeight: Too big: expected number to be <=100',
        severity: 'error',
      },
    ];
    server.use(
      http.post(`${policyUrl}/preview`, () =>
        HttpResponse.json(
          {
            error: { name: 'InputError', message: 'The policy is not valid' },
            issues,
            request: { method: 'POST', url: '/preview' },
            response: { statusCode: 400 },
          },
          { status: 400 },
        ),
      ),
    );
    const error = await client
      .previewPolicy(entityRef, { target: 'kurator', policy })
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.response.status).toBe(400);
    expect(error.body.error.message).toBe('The policy is not valid');
    expect((error.body as { issues?: unknown }).issues).toEqual(issues);
  });
});
