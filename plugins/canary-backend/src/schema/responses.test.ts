import {
  mockCredentials,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { startCanaryBackend } from '../__testUtils__/startCanaryBackend';
import { expectToMatchSpec } from './__testUtils__/specConformance';
import { spec } from './openapi';

// The plugin's answers, checked against the spec's response schemas. The Kubernetes plugin is the
// HTTP boundary: cluster `prod` holds a native canary, cluster `staging` fails.
const server = setupServer();
registerMswTestHooks(server);

// Each test starts a backend; slow on a busy machine.
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

const canary = {
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
    targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'checkout' },
    service: { port: 80 },
    analysis: {
      interval: '1m',
      threshold: 2,
      maxWeight: 50,
      stepWeight: 10,
      metrics: [
        {
          name: 'request-success-rate',
          interval: '1m',
          thresholdRange: { min: 99 },
        },
      ],
    },
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

const base = '/api/canary/entities/component/default/checkout';
const rollout = `${base}/rollouts/prod/shop/checkout`;
const user = mockCredentials.user.header('user:default/alice');

function serveClusters(options: { conflict?: boolean } = {}) {
  const canaryPath =
    /\/proxy\/apis\/flagger\.app\/v1beta1\/namespaces\/shop\/canaries\/checkout$/;
  const failing = (req: Request) =>
    req.headers.get('backstage-kubernetes-cluster') === 'staging'
      ? HttpResponse.json(
          { kind: 'Status', code: 503, message: 'etcd is unavailable' },
          { status: 503 },
        )
      : undefined;
  server.use(
    http.get(/\/api\/kubernetes\/clusters$/, () =>
      HttpResponse.json({ items: [{ name: 'prod' }, { name: 'staging' }] }),
    ),
    http.get(
      canaryPath,
      ({ request: req }) => failing(req) ?? HttpResponse.json(canary),
    ),
    http.patch(canaryPath, () =>
      options.conflict
        ? HttpResponse.json(
            {
              kind: 'Status',
              code: 409,
              reason: 'Conflict',
              message: 'the object has been modified',
            },
            { status: 409 },
          )
        : HttpResponse.json({
            ...canary,
            spec: { ...canary.spec, suspend: true },
          }),
    ),
    // Prometheus cannot be reached: each metric answers with its problem.
    http.get(/^http:\/\/prometheus:9090\//, () =>
      HttpResponse.json({ status: 'error', error: 'down' }, { status: 503 }),
    ),
    http.get(
      /\/proxy\/apis\/apps\/v1\/namespaces\/shop\/deployments\/checkout$/,
      () =>
        HttpResponse.json({
          spec: {
            template: {
              spec: { containers: [{ image: 'ghcr.io/checkout:1.2.0' }] },
            },
          },
        }),
    ),
  );
}

const start = (
  permission:
    | AuthorizeResult.ALLOW
    | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
) => startCanaryBackend({ msw: server, entities: [entity], permission });

describe('answers of the existing routes conform to the spec', () => {
  it('reads: rollouts with a failing cluster, one rollout, runs, timeline, inbox, health, the spec', async () => {
    const backend = await start();
    serveClusters();

    const rollouts = await request(backend)
      .get(`${base}/rollouts`)
      .set('Authorization', user);
    expect(rollouts.status).toBe(200);
    expect(rollouts.body.items.map((i: any) => i.cluster)).toContain('prod');
    expect(JSON.stringify(rollouts.body)).toMatch(/etcd is unavailable/);
    expectToMatchSpec(rollouts);

    const detail = await request(backend)
      .get(rollout)
      .set('Authorization', user);
    expect(detail.status).toBe(200);
    expect(detail.body.rollout.name).toBe('checkout');
    expectToMatchSpec(detail);

    const pause = await request(backend)
      .post(`${rollout}/actions/pause`)
      .set('Authorization', user)
      .send({ reason: 'checkout errors in eu' });
    expect(pause.status).toBe(200);
    expectToMatchSpec(pause);

    // The handlers see the query as sent (limit=1 keeps one item of the action log).
    const timeline = await request(backend)
      .get(`${rollout}/timeline?kind=action&limit=1`)
      .set('Authorization', user);
    expect(timeline.status).toBe(200);
    expect(timeline.body.items).toHaveLength(1);
    expect(timeline.body.items[0]).toMatchObject({
      type: 'action',
      reason: 'checkout errors in eu',
    });
    expectToMatchSpec(timeline);

    const runs = await request(backend)
      .get(`${rollout}/runs?limit=5`)
      .set('Authorization', user);
    expect(runs.status).toBe(200);
    expectToMatchSpec(runs);

    const gates = await request(backend)
      .get(`${rollout}/gates`)
      .set('Authorization', user);
    expect(gates.status).toBe(200);
    expectToMatchSpec(gates);

    const inbox = await request(backend)
      .get('/api/canary/inbox')
      .set('Authorization', user);
    expect(inbox.status).toBe(200);
    expectToMatchSpec(inbox);

    const health = await request(backend).get('/api/canary/health');
    expect(health.status).toBe(200);
    expectToMatchSpec(health);

    const served = await request(backend)
      .get('/api/canary/openapi.json')
      .set('Authorization', user);
    expect(served.status).toBe(200);
    expect(served.body.info.title).toBe('canary');
    expect(Object.keys(served.body.paths)).toContain(
      '/api/canary/entities/{kind}/{namespace}/{name}/rollouts',
    );
    expect(Object.keys(served.body.paths)).toHaveLength(
      Object.keys(spec.paths).length,
    );
  });

  it('metrics: a metric whose query cannot run still answers, with its problem', async () => {
    const backend = await start();
    serveClusters();
    const metrics = await request(backend)
      .get(`${rollout}/metrics?step=60`)
      .set('Authorization', user);
    expect(metrics.status).toBe(200);
    expect(metrics.body.metrics.map((m: any) => m.name)).toEqual([
      'request-success-rate',
    ]);
    expect(metrics.body.metrics[0].problems).not.toEqual([]);
    expectToMatchSpec(metrics);
  });

  it('errors: 400, 401, 404 and 409 in the Backstage error body', async () => {
    const backend = await start();
    serveClusters({ conflict: true });
    const answers = [
      await request(backend)
        .get('/api/canary/inbox?limit=0')
        .set('Authorization', user),
      await request(backend)
        .get(`${base}/rollouts`)
        .set('Authorization', mockCredentials.none.header()),
      await request(backend)
        .get('/api/canary/entities/component/default/nope/rollouts')
        .set('Authorization', user),
      await request(backend)
        .post(`${rollout}/actions/pause`)
        .set('Authorization', user)
        .send({ reason: 'race' }),
    ];
    expect(answers.map(a => a.status)).toEqual([400, 401, 404, 409]);
    answers.forEach(expectToMatchSpec);
  });

  it('errors: 403 naming the permission', async () => {
    const backend = await start(AuthorizeResult.DENY);
    const denied = await request(backend)
      .post(`${rollout}/actions/promote`)
      .set('Authorization', user)
      .send({ reason: 'ship it' });
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toMatch(/canary\.rollout\.promote/);
    expectToMatchSpec(denied);
  });

  it('gates and policies: a gate call without a token, a policy validation, an invalid policy', async () => {
    const backend = await start();
    serveClusters();
    const gate = await request(backend)
      .post('/api/canary/gates/prod/confirm-rollout')
      .send({
        name: 'checkout',
        namespace: 'shop',
        phase: 'Progressing',
        checksum: 'abc',
      });
    expect(gate.status).toBe(403);
    expect(gate.body.open).toBe(false);
    expectToMatchSpec(gate);

    const validation = await request(backend)
      .post(`${base}/policy/validate`)
      .set('Authorization', user)
      .send({ target: 'flagger', policy: { provider: 'istio' } });
    expect(validation.status).toBe(200);
    expect(validation.body.valid).toBe(false);
    expectToMatchSpec(validation);

    const invalid = await request(backend)
      .post(`${base}/policy/preview`)
      .set('Authorization', user)
      .send({ target: 'argo', policy: {} });
    expect(invalid.status).toBe(400);
    expectToMatchSpec(invalid);
  });
});
