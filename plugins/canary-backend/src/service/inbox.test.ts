import {
  mockCredentials,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { startCanaryBackend } from '../__testUtils__/startCanaryBackend';

// The Kubernetes plugin is the HTTP boundary here.
const server = setupServer();
registerMswTestHooks(server);

const component = (name: string, annotations: Record<string, string>) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', annotations },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
});

const canary = (name: string, phase: string) => ({
  apiVersion: 'flagger.app/v1beta1',
  kind: 'Canary',
  metadata: {
    name,
    namespace: 'test',
    labels: { 'backstage.io/kubernetes-id': name },
  },
  spec: {
    targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
    analysis: { interval: '1m', threshold: 2, maxWeight: 50, stepWeight: 10 },
  },
  status: { phase, canaryWeight: 0, failedChecks: 2 },
});

describe('GET /inbox', () => {
  it('lists the rollouts that failed or wait for approval across readable entities', async () => {
    const backend = await startCanaryBackend({
      msw: server,
      entities: [
        component('podinfo', { 'backstage.io/kubernetes-id': 'podinfo' }),
        component('frontend', { 'backstage.io/kubernetes-id': 'frontend' }),
        component('billing', { 'backstage.io/kubernetes-id': 'billing' }),
        component('docs', {}),
      ],
    });
    server.use(
      http.get(/\/api\/kubernetes\/clusters$/, () =>
        HttpResponse.json({ items: [{ name: 'prod' }] }),
      ),
      http.get(
        /\/proxy\/apis\/flagger\.app\/v1beta1\/canaries/,
        ({ request: req }) => {
          const selector = new URL(req.url).searchParams.get('labelSelector');
          const name = selector?.split('=')[1] ?? '';
          const phase = {
            podinfo: 'Failed',
            frontend: 'WaitingPromotion',
            billing: 'Succeeded',
          }[name];
          return HttpResponse.json({
            items: phase ? [canary(name, phase)] : [],
            metadata: {},
          });
        },
      ),
      http.get(/\/proxy\/apis\/apps\/v1\//, () =>
        HttpResponse.json({ spec: {} }),
      ),
    );

    const response = await request(backend)
      .get('/api/canary/inbox')
      .set('Authorization', mockCredentials.user.header());
    expect(response.status).toBe(200);
    expect(
      response.body.items.map((i: any) => [
        i.entityRef,
        i.attention,
        i.rollout.cluster,
      ]),
    ).toEqual([
      ['component:default/podinfo', 'failed', 'prod'],
      ['component:default/frontend', 'waiting-for-approval', 'prod'],
    ]);
    expect(response.body.errors).toEqual([]);
  });
});
