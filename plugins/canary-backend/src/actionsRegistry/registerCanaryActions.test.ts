import {
  mockCredentials,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { startCanaryBackend } from '../__testUtils__/startCanaryBackend';

// The Kubernetes plugin is the HTTP boundary: its /clusters and /proxy answers are mocked, and
// every request that reaches it is counted.
const server = setupServer();
registerMswTestHooks(server);

// Each test starts a whole test backend, which takes seconds on a loaded machine.
jest.setTimeout(60_000);

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'checkout',
    namespace: 'default',
    annotations: { 'backstage-canary.io/canary': 'shop/checkout' },
  },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
};

const canary = (suspend: boolean) => ({
  apiVersion: 'flagger.app/v1beta1',
  kind: 'Canary',
  metadata: {
    name: 'checkout',
    namespace: 'shop',
    resourceVersion: '41',
    annotations: {
      'backstage-canary.io/entity-ref': 'component:default/checkout',
    },
  },
  spec: {
    suspend,
    targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'checkout' },
    service: { port: 80 },
    analysis: { interval: '1m', threshold: 2, maxWeight: 50, stepWeight: 10 },
  },
  status: { phase: 'Progressing', canaryWeight: 20, failedChecks: 0 },
});

/** A Kubernetes plugin with cluster `prod` holding the canary; counts what reaches it. */
function serveKubernetesPlugin() {
  const seen: string[] = [];
  let suspended = false;
  server.events.on('request:start', ({ request: req }) => {
    if (req.url.includes('/api/kubernetes/')) {
      seen.push(`${req.method} ${new URL(req.url).pathname}`);
    }
  });
  server.use(
    http.get(/\/api\/kubernetes\/clusters$/, () =>
      HttpResponse.json({ items: [{ name: 'prod' }] }),
    ),
    http.get(
      /\/proxy\/apis\/flagger\.app\/v1beta1\/namespaces\/shop\/canaries\/checkout$/,
      () => HttpResponse.json(canary(suspended)),
    ),
    http.patch(
      /\/proxy\/apis\/flagger\.app\/v1beta1\/namespaces\/shop\/canaries\/checkout$/,
      () => {
        suspended = true;
        return HttpResponse.json(canary(true));
      },
    ),
    http.get(
      /\/proxy\/apis\/apps\/v1\/namespaces\/shop\/deployments\/checkout$/,
      () =>
        HttpResponse.json({
          spec: {
            template: {
              spec: { containers: [{ image: 'shop/checkout:2.1.0' }] },
            },
          },
        }),
    ),
  );
  return { seen };
}

const invoke = (
  backend: any,
  action: string,
  input: object,
  user = 'user:default/alice',
) =>
  request(backend)
    .post(`/api/canary/.backstage/actions/v1/actions/canary:${action}/invoke`)
    .set('Authorization', mockCredentials.user.header(user))
    .send(input);

const rollout = {
  entityRef: 'component:default/checkout',
  cluster: 'prod',
  namespace: 'shop',
  name: 'checkout',
};

describe('the Canary actions in the actions registry', () => {
  afterEach(() => server.events.removeAllListeners());

  it('lists the reads and one action per rollout verb', async () => {
    const backend = await startCanaryBackend({
      msw: server,
      entities: [entity],
    });
    const response = await request(backend)
      .get('/api/canary/.backstage/actions/v1/actions')
      .set('Authorization', mockCredentials.user.header());
    expect(response.status).toBe(200);
    const ids = response.body.actions.map((a: { id: string }) => a.id);
    expect(ids.sort()).toEqual(
      [
        'canary:abort-rollout',
        'canary:approve-rollout',
        'canary:diagnose-rollout',
        'canary:get-entity-rollouts',
        'canary:get-rollout-inbox',
        'canary:get-rollout-metrics',
        'canary:get-rollout-runs',
        'canary:get-rollout-timeline',
        'canary:pause-rollout',
        'canary:promote-rollout',
        'canary:resume-rollout',
        'canary:retry-rollout',
      ].sort(),
    );
    const promote = response.body.actions.find(
      (a: { id: string }) => a.id === 'canary:promote-rollout',
    );
    expect(promote.attributes).toEqual({
      readOnly: false,
      destructive: true,
      idempotent: true,
    });
    expect(promote.schema.input.required).toEqual(
      expect.arrayContaining([
        'entityRef',
        'cluster',
        'namespace',
        'name',
        'reason',
      ]),
    );
  });

  it('answers the entity rollouts exactly as the HTTP route does', async () => {
    const backend = await startCanaryBackend({
      msw: server,
      entities: [entity],
    });
    serveKubernetesPlugin();
    const route = await request(backend)
      .get('/api/canary/entities/component/default/checkout/rollouts')
      .set('Authorization', mockCredentials.user.header());
    const action = await invoke(backend, 'get-entity-rollouts', {
      entityRef: 'component:default/checkout',
    });
    expect(route.status).toBe(200);
    expect(action.status).toBe(200);
    expect(action.body.output).toEqual(route.body);
    expect(action.body.output.items[0]).toMatchObject({
      cluster: 'prod',
      namespace: 'shop',
      name: 'checkout',
      found: true,
      revision: { images: ['shop/checkout:2.1.0'] },
    });
  });

  it('says whether a rollout moves and, once it is paused, why it does not', async () => {
    const backend = await startCanaryBackend({
      msw: server,
      entities: [entity],
    });
    serveKubernetesPlugin();
    const before = await invoke(backend, 'diagnose-rollout', rollout);
    expect(before.status).toBe(200);
    expect(before.body.output).toEqual({
      cluster: 'prod',
      namespace: 'shop',
      name: 'checkout',
      state: 'Progressing',
      diagnosis: {
        moving: true,
        headline: 'Moving as its policy says',
        causes: [],
      },
    });

    const paused = await invoke(backend, 'pause-rollout', {
      ...rollout,
      reason: 'hold the release',
    });
    expect(paused.status).toBe(200);
    const after = await invoke(backend, 'diagnose-rollout', rollout);
    expect(after.body.output.diagnosis).toMatchObject({
      moving: false,
      headline: 'Stuck: The canary is paused (spec.suspend)',
      causes: [
        {
          cause: 'suspended',
          fix: 'Resume it (the Resume action) when the rollout may go on.',
        },
      ],
    });
  });

  it('refuses a denied caller with NotAllowedError naming the permission, before any cluster is read', async () => {
    const backend = await startCanaryBackend({
      msw: server,
      entities: [entity],
      permission: AuthorizeResult.DENY,
    });
    const kubernetes = serveKubernetesPlugin();

    const read = await invoke(backend, 'get-entity-rollouts', {
      entityRef: 'component:default/checkout',
    });
    expect(read.status).toBe(403);
    expect(read.body.error).toMatchObject({
      name: 'NotAllowedError',
      message:
        'Permission canary.rollout.read is required for component:default/checkout',
    });

    const promote = await invoke(backend, 'promote-rollout', {
      ...rollout,
      reason: 'ship it',
    });
    expect(promote.status).toBe(403);
    expect(promote.body.error).toMatchObject({
      name: 'NotAllowedError',
      message:
        'Permission canary.rollout.promote is required for component:default/checkout',
    });
    expect(kubernetes.seen).toEqual([]);
  });

  it('runs a rollout action and writes it to the action log the timeline answers', async () => {
    const backend = await startCanaryBackend({
      msw: server,
      entities: [entity],
    });
    const kubernetes = serveKubernetesPlugin();

    const pause = await invoke(backend, 'pause-rollout', {
      ...rollout,
      reason: 'errors in eu',
    });
    expect(pause.status).toBe(200);
    expect(pause.body.output).toMatchObject({
      action: 'pause',
      route: 'canary-patch',
      changed: true,
      affects: [{ cluster: 'prod', namespace: 'shop', name: 'checkout' }],
    });
    expect(kubernetes.seen).toContain(
      'PATCH /api/kubernetes/proxy/apis/flagger.app/v1beta1/namespaces/shop/canaries/checkout',
    );

    const timeline = await invoke(backend, 'get-rollout-timeline', {
      ...rollout,
      kinds: ['action'],
    });
    expect(timeline.status).toBe(200);
    expect(timeline.body.output.items).toEqual([
      expect.objectContaining({
        type: 'action',
        action: 'pause',
        actor: 'user:default/alice',
        reason: 'errors in eu',
        outcome: 'succeeded',
      }),
    ]);
  });

  it('requires a reason, naming the field', async () => {
    const backend = await startCanaryBackend({
      msw: server,
      entities: [entity],
    });
    const kubernetes = serveKubernetesPlugin();
    const response = await invoke(backend, 'abort-rollout', rollout);
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body.error)).toMatch(/reason/);
    expect(kubernetes.seen).toEqual([]);
  });
});
