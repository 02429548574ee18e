import {
  mockCredentials,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { startCanaryBackend } from '../__testUtils__/startCanaryBackend';

// The Kubernetes plugin is the HTTP boundary here: its /clusters and /proxy answers are mocked.
const server = setupServer();
registerMswTestHooks(server);

const podinfo = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'podinfo',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'podinfo' },
  },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
};

const canary = {
  apiVersion: 'flagger.app/v1beta1',
  kind: 'Canary',
  metadata: {
    name: 'podinfo',
    namespace: 'test',
    labels: { 'backstage.io/kubernetes-id': 'podinfo' },
  },
  spec: {
    targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'podinfo' },
    service: { port: 9898 },
    analysis: { interval: '1m', threshold: 5, maxWeight: 50, stepWeight: 10 },
  },
  status: {
    phase: 'Progressing',
    canaryWeight: 20,
    failedChecks: 1,
    lastTransitionTime: '2026-11-22T10:00:00Z',
    lastAppliedSpec: 'abc',
    lastPromotedSpec: 'def',
  },
};

const startBackend = (
  permission:
    | AuthorizeResult.ALLOW
    | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
) => startCanaryBackend({ msw: server, entities: [podinfo], permission });

function mockKubernetesPlugin() {
  server.use(
    http.get(/\/api\/kubernetes\/clusters$/, () =>
      HttpResponse.json({
        items: [{ name: 'kurator-member1' }, { name: 'kurator-member2' }],
      }),
    ),
    http.get(
      /\/api\/kubernetes\/proxy\/apis\/flagger\.app\/v1beta1\/canaries/,
      ({ request: req }) => {
        const cluster = req.headers.get('backstage-kubernetes-cluster');
        if (cluster === 'kurator-member2') {
          return HttpResponse.json(
            { kind: 'Status', code: 503, message: 'etcd is unavailable' },
            { status: 503 },
          );
        }
        return HttpResponse.json({ items: [canary], metadata: {} });
      },
    ),
    http.get(
      /\/api\/kubernetes\/proxy\/apis\/apps\/v1\/namespaces\/test\/deployments\/podinfo$/,
      () =>
        HttpResponse.json({
          spec: {
            template: {
              spec: { containers: [{ image: 'ghcr.io/podinfo:6.0.1' }] },
            },
          },
        }),
    ),
  );
}

describe('GET /entities/:kind/:namespace/:name/rollouts', () => {
  it('answers each cluster: the rollout where it runs, an error where the cluster fails', async () => {
    const backend = await startBackend();
    mockKubernetesPlugin();
    const response = await request(backend)
      .get('/api/canary/entities/component/default/podinfo/rollouts')
      .set('Authorization', mockCredentials.user.header());

    expect(response.status).toBe(200);
    expect(response.body.entityRef).toBe('component:default/podinfo');
    expect(response.body.items).toHaveLength(1);
    const [rollout] = response.body.items;
    expect(rollout).toMatchObject({
      cluster: 'kurator-member1',
      namespace: 'test',
      name: 'podinfo',
      source: 'label',
      found: true,
      lastTransitionTime: '2026-11-22T10:00:00Z',
      failedChecks: { count: 1, threshold: 5 },
      revision: { images: ['ghcr.io/podinfo:6.0.1'] },
    });
    expect(rollout.state.phase).toBe('Progressing');
    expect(rollout.state.weight.status).toBe(20);
    expect(
      rollout.state.plan.steps
        .filter((s: { kind: string }) => s.kind === 'weight')
        .map((s: { weight: number }) => s.weight),
    ).toEqual([10, 20, 30, 40, 50]);
    expect(
      rollout.actions.find((a: { action: string }) => a.action === 'pause')
        .possible,
    ).toBe(true);
    expect(response.body.errors).toEqual([
      {
        cluster: 'kurator-member2',
        name: 'ServiceUnavailableError',
        message: 'Cluster kurator-member2: etcd is unavailable',
      },
    ]);
    expect(response.body.summary).toBe(
      '0 of 1 cluster promoted, 1 progressing',
    );
  });

  it('answers within the cluster timeout when a cluster never answers: that cluster alone has an error', async () => {
    const backend = await startCanaryBackend({
      msw: server,
      entities: [podinfo],
      canaryConfig: { clusters: { requestTimeout: '300ms' } },
    });
    mockKubernetesPlugin();
    server.use(
      http.get(
        /\/api\/kubernetes\/proxy\/apis\/flagger\.app\/v1beta1\/canaries/,
        async ({ request: req }) => {
          if (
            req.headers.get('backstage-kubernetes-cluster') ===
            'kurator-member2'
          ) {
            await delay('infinite');
          }
          return HttpResponse.json({ items: [canary], metadata: {} });
        },
      ),
    );
    const started = Date.now();
    const response = await request(backend)
      .get('/api/canary/entities/component/default/podinfo/rollouts')
      .set('Authorization', mockCredentials.user.header());

    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(
      response.body.items.map((r: { cluster: string }) => r.cluster),
    ).toEqual(['kurator-member1']);
    expect(response.body.errors).toEqual([
      {
        cluster: 'kurator-member2',
        name: 'ServiceUnavailableError',
        message: 'Cluster kurator-member2 did not answer within 0.3 s',
      },
    ]);
  });

  it('answers 403 naming the permission when the user may not read rollouts', async () => {
    const backend = await startBackend(AuthorizeResult.DENY);
    const response = await request(backend)
      .get('/api/canary/entities/component/default/podinfo/rollouts')
      .set('Authorization', mockCredentials.user.header());
    expect(response.status).toBe(403);
    expect(response.body.error.message).toBe(
      'Permission canary.rollout.read is required for component:default/podinfo',
    );
  });

  it('answers 404 for an entity the catalog does not have', async () => {
    const backend = await startBackend();
    const response = await request(backend)
      .get('/api/canary/entities/component/default/nope/rollouts')
      .set('Authorization', mockCredentials.user.header());
    expect(response.status).toBe(404);
    expect(response.body.error.message).toBe(
      'Entity component:default/nope was not found in the catalog',
    );
  });

  it('refuses anonymous callers', async () => {
    const backend = await startBackend();
    const response = await request(backend)
      .get('/api/canary/entities/component/default/podinfo/rollouts')
      .set('Authorization', mockCredentials.none.header());
    expect(response.status).toBe(401);
  });
});
