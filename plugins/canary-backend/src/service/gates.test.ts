import {
  mockCredentials,
  mockServices,
  registerMswTestHooks,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { flaggerCanaryChecksum } from '@backstage-canary/plugin-canary-common';
import type { Server } from 'http';
import { http, HttpResponse, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { canaryPlugin } from '../plugin';

// The Kubernetes plugin is the HTTP boundary here; the lab test (packages/backend/e2e-tests/gates.test.ts)
// drives the same gates from a running Flagger engine.
const server = setupServer();
registerMswTestHooks(server);
// Each test starts a backend; slow on a busy machine.
jest.setTimeout(60_000);

const TOKEN = 'prod-gate-token';
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
const alice = mockCredentials.user.header('user:default/alice');

async function startBackend(
  permission:
    | AuthorizeResult.ALLOW
    | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
) {
  const { server: backend } = await startTestBackend({
    features: [
      canaryPlugin,
      catalogServiceMock.factory({ entities: [entity] }),
      mockServices.permissions.factory({ result: permission }),
      mockServices.rootConfig.factory({
        data: {
          canary: {
            recorder: { enabled: false },
            fleetState: { enabled: false },
            gates: { clusters: { prod: { token: TOKEN } } },
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

/** The base this backend's discovery gives for the plugin, as Flagger would be configured with. */
function gatesBase(backend: Server) {
  const address = backend.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return `http://localhost:${port}/api/canary/gates`;
}

type Status = {
  phase: string;
  lastAppliedSpec: string;
  trackedConfigs: {};
  conditions?: Array<Record<string, string>>;
};

type Webhook = { name: string; type: string; url: string };

/** Requests the backend sent to the cluster other than reads. */
const clusterWrites: string[] = [];

/**
 * Serves the canary `shop/checkout` on cluster `prod` with the given gate webhooks and status;
 * change `state` to change what the cluster holds.
 */
function serveCanary(state: { webhooks: Webhook[]; status: Status }) {
  const canary = () => ({
    apiVersion: 'flagger.app/v1beta1',
    kind: 'Canary',
    metadata: {
      name: 'checkout',
      namespace: 'shop',
      uid: 'checkout-uid',
      annotations: {
        'backstage-canary.io/entity-ref': 'component:default/checkout',
      },
      resourceVersion: '7',
    },
    spec: {
      targetRef: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: 'checkout',
      },
      service: { port: 80 },
      analysis: {
        interval: '1m',
        threshold: 2,
        maxWeight: 50,
        stepWeight: 10,
        webhooks: state.webhooks.map(w => ({
          ...w,
          metadata: { token: TOKEN },
        })),
      },
    },
    status: { canaryWeight: 10, failedChecks: 0, ...state.status },
  });
  server.use(
    http.get(/\/api\/kubernetes\/clusters$/, () =>
      HttpResponse.json({ items: [{ name: 'prod' }] }),
    ),
    http.get(
      /\/proxy\/apis\/flagger\.app\/v1beta1\/namespaces\/shop\/canaries\/checkout$/,
      () => HttpResponse.json(canary()),
    ),
    http.get(
      /\/proxy\/apis\/flagger\.app\/v1beta1\/namespaces\/shop\/canaries$/,
      () => HttpResponse.json({ items: [canary()] }),
    ),
    http.all(/\/proxy\//, ({ request: sent }) => {
      if (sent.method !== 'GET')
        clusterWrites.push(`${sent.method} ${sent.url}`);
      return sent.method === 'GET'
        ? HttpResponse.json({ items: [] })
        : HttpResponse.json({ message: 'not served' }, { status: 500 });
    }),
  );
}

const actionUrl = (action: string) =>
  `/api/canary/entities/component/default/checkout/rollouts/prod/shop/checkout/actions/${action}`;

function payload(status: Status, token?: string) {
  return {
    name: 'checkout',
    namespace: 'shop',
    phase: 'Progressing',
    checksum: flaggerCanaryChecksum(status),
    metadata: token ? { token } : {},
  };
}

beforeEach(() => {
  clusterWrites.length = 0;
});

describe('Flagger gate webhooks served by the backend', () => {
  const rev1: Status = {
    phase: 'WaitingPromotion',
    lastAppliedSpec: 'rev-1',
    trackedConfigs: {},
  };
  const rev2: Status = { ...rev1, lastAppliedSpec: 'rev-2' };

  it('answers 403 with the reason to calls without the cluster token, without Backstage credentials', async () => {
    const backend = await startBackend();
    const gate = '/api/canary/gates/prod/confirm-promotion';
    const cases: Array<[string, request.Test, string]> = [
      ['no token', request(backend).post(gate).send(payload(rev1)), 'no-token'],
      [
        'wrong metadata token',
        request(backend).post(gate).send(payload(rev1, 'guess')),
        'wrong-token',
      ],
      [
        'wrong bearer token',
        request(backend)
          .post(gate)
          .set('Authorization', 'Bearer guess')
          .send(payload(rev1)),
        'wrong-token',
      ],
      [
        'unknown cluster',
        request(backend)
          .post('/api/canary/gates/staging/confirm-promotion')
          .send(payload(rev1, TOKEN)),
        'unknown-cluster',
      ],
      [
        'no token and a body that is not JSON',
        request(backend)
          .post(gate)
          .set('Content-Type', 'application/json')
          .send('{"name": '),
        'no-token',
      ],
    ];
    for (const [what, call, reason] of cases) {
      const response = await call;
      expect({ what, status: response.status, body: response.body }).toEqual({
        what,
        status: 403,
        body: expect.objectContaining({ open: false, error: reason }),
      });
    }
    // The right token, as metadata or as a bearer header: authenticated, but nothing approved yet.
    const byMetadata = await request(backend)
      .post(gate)
      .send(payload(rev1, TOKEN));
    expect(byMetadata.status).toBe(403);
    expect(byMetadata.body).toMatchObject({
      open: false,
      gate: 'confirm-promotion',
      revision: flaggerCanaryChecksum(rev1),
    });
    expect(byMetadata.body.message).toMatch(/Waiting for approval/);
    const byHeader = await request(backend)
      .post(gate)
      .set('Authorization', `Bearer ${TOKEN}`)
      .send(payload(rev1));
    expect(byHeader.status).toBe(403);
    expect(byHeader.body.open).toBe(false);

    const unknownGate = await request(backend)
      .post('/api/canary/gates/prod/gate-check')
      .send(payload(rev1, TOKEN));
    // Refused by the API validator (400) or the route (404); either names the allowed gates.
    expect([400, 404]).toContain(unknownGate.status);
    expect(JSON.stringify(unknownGate.body)).toMatch(/confirm-rollout/);
    const badBody = await request(backend)
      .post(gate)
      .send({ name: 'checkout', metadata: { token: TOKEN } });
    expect(badBody.status).toBe(400);
    expect(JSON.stringify(badBody.body)).toMatch(/namespace/);
    const notJson = await request(backend)
      .post(gate)
      .set('Authorization', `Bearer ${TOKEN}`)
      .set('Content-Type', 'application/json')
      .send('{"name": ');
    expect(notJson.status).toBe(400);
    expect(notJson.body).toMatchObject({ open: false });
    expect(notJson.body.message).toMatch(
      /^The body is not JSON \(.+\): send Flagger's webhook payload$/,
    );
  });

  it('approve opens the promotion gate for the waiting revision only, once', async () => {
    const backend = await startBackend();
    const base = gatesBase(backend);
    serveCanary({
      webhooks: [
        {
          name: 'promotion',
          type: 'confirm-promotion',
          url: `${base}/prod/confirm-promotion`,
        },
      ],
      status: rev1,
    });
    const gate = '/api/canary/gates/prod/confirm-promotion';
    // Flagger asks, and waits.
    expect(
      (await request(backend).post(gate).send(payload(rev1, TOKEN))).status,
    ).toBe(403);
    const state = await request(backend)
      .get(
        '/api/canary/entities/component/default/checkout/rollouts/prod/shop/checkout/gates',
      )
      .set('Authorization', alice);
    expect(state.status).toBe(200);
    expect(state.body.waiting).toMatchObject({ gate: 'confirm-promotion' });

    const approve = await request(backend)
      .post(actionUrl('approve'))
      .set('Authorization', alice)
      .send({ reason: 'metrics look good' });
    expect(approve.status).toBe(200);
    expect(approve.body).toMatchObject({
      action: 'approve',
      route: 'gate',
      changed: true,
      gate: {
        gate: 'confirm-promotion',
        webhook: 'promotion',
        cluster: 'prod',
        revision: flaggerCanaryChecksum(rev1),
      },
    });

    const opened = await request(backend).post(gate).send(payload(rev1, TOKEN));
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({
      open: true,
      approvedBy: 'user:default/alice',
    });
    // Approving again changes nothing.
    const again = await request(backend)
      .post(actionUrl('approve'))
      .set('Authorization', alice)
      .send({ reason: 'again' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ changed: false });
    expect(again.body.message).toMatch(/already approved/);
    // A later revision is not approved by it, and its run is over: the approval is spent.
    expect(
      (await request(backend).post(gate).send(payload(rev2, TOKEN))).status,
    ).toBe(403);
    expect(
      (await request(backend).post(gate).send(payload(rev1, TOKEN))).status,
    ).toBe(403);
  });

  it('a traffic-increase approval opens one step, and only while the step waits', async () => {
    const backend = await startBackend();
    const progressing: Status = { ...rev1, phase: 'Progressing' };
    serveCanary({
      webhooks: [
        {
          name: 'step',
          type: 'confirm-traffic-increase',
          url: `${gatesBase(backend)}/prod/confirm-traffic-increase`,
        },
      ],
      status: progressing,
    });
    const gate = '/api/canary/gates/prod/confirm-traffic-increase';
    const approve = () =>
      request(backend)
        .post(actionUrl('approve'))
        .set('Authorization', alice)
        .send({ reason: 'next step' });

    const notWaiting = await approve();
    expect(notWaiting.body).toMatchObject({ changed: false });
    expect(notWaiting.body.message).toMatch(/not waiting/);

    const ask = () =>
      request(backend).post(gate).send(payload(progressing, TOKEN));
    expect((await ask()).status).toBe(403);
    expect((await approve()).body).toMatchObject({ changed: true });
    expect((await ask()).status).toBe(200);
    expect((await ask()).status).toBe(403);
  });

  it('abort requests a rollback at the rollback gate for the current revision', async () => {
    const backend = await startBackend();
    const progressing: Status = { ...rev1, phase: 'Progressing' };
    serveCanary({
      webhooks: [
        {
          name: 'abort',
          type: 'rollback',
          url: `${gatesBase(backend)}/prod/rollback`,
        },
      ],
      status: progressing,
    });
    const gate = '/api/canary/gates/prod/rollback';
    const ask = (status: Status) =>
      request(backend).post(gate).send(payload(status, TOKEN));
    expect((await ask(progressing)).status).toBe(403);
    const abort = await request(backend)
      .post(actionUrl('abort'))
      .set('Authorization', alice)
      .send({ reason: 'errors in eu' });
    expect(abort.status).toBe(200);
    expect(abort.body).toMatchObject({
      changed: true,
      gate: { gate: 'rollback', revision: flaggerCanaryChecksum(progressing) },
    });
    expect((await ask(progressing)).status).toBe(200);
    expect((await ask(progressing)).status).toBe(200);
    expect(
      (await ask({ ...progressing, lastAppliedSpec: 'rev-2' })).status,
    ).toBe(403);
  });

  it('approving a canary that waits for nothing changes nothing', async () => {
    const backend = await startBackend();
    serveCanary({
      webhooks: [
        {
          name: 'promotion',
          type: 'confirm-promotion',
          url: `${gatesBase(backend)}/prod/confirm-promotion`,
        },
      ],
      status: { ...rev1, phase: 'Succeeded' },
    });
    const approve = await request(backend)
      .post(actionUrl('approve'))
      .set('Authorization', alice)
      .send({ reason: 'ok' });
    expect(approve.status).toBe(200);
    expect(approve.body).toMatchObject({ changed: false });
    expect(approve.body.message).toMatch(/Nothing waits for approval/);
  });

  it('refuses to approve a gate served by another backend, saying where', async () => {
    const backend = await startBackend();
    serveCanary({
      webhooks: [
        {
          name: 'promotion',
          type: 'confirm-promotion',
          url: 'http://other-backstage.example.com/api/canary/gates/prod/confirm-promotion',
        },
      ],
      status: rev1,
    });
    const approve = await request(backend)
      .post(actionUrl('approve'))
      .set('Authorization', alice)
      .send({ reason: 'ok' });
    expect(approve.status).toBe(409);
    expect(approve.body.error.message).toMatch(/another Backstage backend/);
  });

  it('spends an approval when its run ends, and a revert to the same checksum starts closed', async () => {
    const backend = await startBackend();
    const inRun = (start: string): Status => ({
      ...rev1,
      conditions: [
        {
          type: 'Promoted',
          status: 'Unknown',
          reason: 'WaitingPromotion',
          lastTransitionTime: start,
        },
      ],
    });
    const state = {
      webhooks: [
        {
          name: 'promotion',
          type: 'confirm-promotion',
          url: `${gatesBase(backend)}/prod/confirm-promotion`,
        },
      ],
      status: inRun('2026-12-01T10:00:00Z'),
    };
    serveCanary(state);
    const gate = '/api/canary/gates/prod/confirm-promotion';
    const ask = () =>
      request(backend).post(gate).send(payload(state.status, TOKEN));
    const gatesState = () =>
      request(backend)
        .get(
          '/api/canary/entities/component/default/checkout/rollouts/prod/shop/checkout/gates',
        )
        .set('Authorization', alice);
    const approve = () =>
      request(backend)
        .post(actionUrl('approve'))
        .set('Authorization', alice)
        .send({ reason: 'ship it' });

    expect((await ask()).status).toBe(403);
    const approved = await approve();
    expect(approved.body).toMatchObject({ changed: true });
    const runId = approved.body.gate.runId;
    expect(runId).toMatch(/^[0-9a-f]{64}$/);
    expect((await ask()).status).toBe(200);

    // The run ends (promoted): the approval is spent, the gate closes.
    state.status = {
      ...rev1,
      phase: 'Succeeded',
      conditions: [
        {
          type: 'Promoted',
          status: 'True',
          reason: 'Succeeded',
          lastTransitionTime: '2026-12-01T10:05:00Z',
        },
      ],
    };
    const ended = await gatesState();
    expect(ended.status).toBe(200);
    expect(ended.body.run).toMatchObject({ active: false });
    expect(ended.body.approvals).toEqual([
      expect.objectContaining({
        runId,
        spentAt: expect.any(String),
        spentReason: expect.stringMatching(/run ended/),
      }),
    ]);
    expect((await ask()).status).toBe(403);

    // A revert: the same revision (same checksum) in a later run. The old approval stays spent.
    state.status = inRun('2026-12-01T11:00:00Z');
    expect(payload(state.status).checksum).toBe(payload(rev1).checksum);
    expect((await ask()).status).toBe(403);
    const waiting = await gatesState();
    expect(waiting.body.run.runId).not.toBe(runId);
    expect(waiting.body.waiting).toMatchObject({ gate: 'confirm-promotion' });
    expect((await ask()).status).toBe(403);
    // It opens only with an approval of the new run.
    const again = await approve();
    expect(again.body).toMatchObject({ changed: true });
    expect(again.body.gate.runId).toBe(waiting.body.run.runId);
    expect((await ask()).status).toBe(200);
  });

  it('a halt approval never leaves the halt webhook open: nothing is patched, the Backstage gate is the way', async () => {
    const backend = await startBackend();
    serveCanary({
      webhooks: [
        {
          name: 'hold',
          type: 'confirm-promotion',
          url: 'http://flagger-loadtester.test/gate/halt',
        },
      ],
      status: rev1,
    });
    const approve = await request(backend)
      .post(actionUrl('approve'))
      .set('Authorization', alice)
      .send({ reason: 'ok' });
    expect(approve.status).toBe(409);
    expect(approve.body.error.message).toMatch(/\/gate\/halt/);
    expect(approve.body.error.message).toMatch(/api\/canary\/gates\//);
    expect(clusterWrites).toEqual([]);
  });

  it('never returns a gate token in a read, and a rotated per-canary secret replaces the cluster token', async () => {
    const backend = await startBackend();
    const state = {
      webhooks: [
        {
          name: 'promotion',
          type: 'confirm-promotion',
          url: `${gatesBase(backend)}/prod/confirm-promotion`,
        },
        {
          name: 'abort',
          type: 'rollback',
          url: `${gatesBase(backend)}/prod/rollback`,
        },
      ],
      status: rev1,
    };
    serveCanary(state);
    const entityBase = '/api/canary/entities/component/default/checkout';
    const rolloutBase = `${entityBase}/rollouts/prod/shop/checkout`;
    const reads = [
      `${entityBase}/rollouts`,
      rolloutBase,
      `${rolloutBase}/gates`,
      `${rolloutBase}/runs`,
      `${rolloutBase}/timeline`,
      `${entityBase}/policy`,
    ];
    const readAll = async (secret: string) => {
      for (const path of reads) {
        const response = await request(backend)
          .get(path)
          .set('Authorization', alice);
        expect({ path, status: response.status }).toEqual({
          path,
          status: 200,
        });
        expect({ path, body: response.text }).toEqual({
          path,
          body: expect.not.stringContaining(secret),
        });
      }
    };
    await readAll(TOKEN);
    const detail = await request(backend)
      .get(rolloutBase)
      .set('Authorization', alice);
    expect(detail.body.canary.spec.analysis.webhooks[0].metadata).toEqual({
      token: '<redacted>',
    });

    // Rotating needs canary.policy.create.
    const denied = await startBackend(AuthorizeResult.DENY);
    expect(
      (
        await request(denied)
          .post(`${rolloutBase}/gates/rotate-secret`)
          .set('Authorization', alice)
      ).status,
    ).toBe(403);

    const rotated = await request(backend)
      .post(`${rolloutBase}/gates/rotate-secret`)
      .set('Authorization', alice);
    expect(rotated.status).toBe(200);
    const secret: string = rotated.body.secret;
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(rotated.body.message).toMatch(/shown only now/);
    // The cluster token no longer opens this canary's gates; the secret does.
    const gate = '/api/canary/gates/prod/confirm-promotion';
    const byClusterToken = await request(backend)
      .post(gate)
      .send(payload(rev1, TOKEN));
    expect(byClusterToken.status).toBe(403);
    expect(byClusterToken.body.error).toBe('wrong-token');
    const bySecret = await request(backend)
      .post(gate)
      .send(payload(rev1, secret));
    expect(bySecret.status).toBe(403);
    expect(bySecret.body.error).toBeUndefined();
    expect(bySecret.body.message).toMatch(/Waiting for approval/);
    // Another canary of the cluster does not take it.
    const otherCanary = await request(backend)
      .post(gate)
      .send({ ...payload(rev1, secret), name: 'other' });
    expect(otherCanary.body.error).toBe('wrong-token');

    await request(backend)
      .post(actionUrl('approve'))
      .set('Authorization', alice)
      .send({ reason: 'ok' });
    expect(
      (await request(backend).post(gate).send(payload(rev1, secret))).status,
    ).toBe(200);
    const state2 = await request(backend)
      .get(`${rolloutBase}/gates`)
      .set('Authorization', alice);
    expect(state2.body.secret).toMatchObject({
      set: true,
      rotatedBy: 'user:default/alice',
    });
    await readAll(secret);
  });
});
