import {
  mockCredentials,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { startCanaryBackend } from '../../__testUtils__/startCanaryBackend';

// The Kubernetes plugin is the HTTP boundary; the follow-up store is the backend's own database.
const server = setupServer();
registerMswTestHooks(server);

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

const base =
  '/api/canary/entities/component/default/checkout/rollouts/prod/shop/checkout';
const CANARY =
  /\/proxy\/apis\/flagger\.app\/v1beta1\/namespaces\/shop\/canaries\/checkout$/;

/** A cluster `prod` whose canary takes merge patches with a resourceVersion precondition. */
function serveCluster() {
  let version = 41;
  const state: any = {
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
      targetRef: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: 'checkout',
      },
      service: { port: 80 },
      analysis: { interval: '1m', threshold: 2, maxWeight: 50, stepWeight: 10 },
    },
    status: {
      phase: 'Progressing',
      canaryWeight: 20,
      failedChecks: 0,
      lastAppliedSpec: 'rev-2',
    },
  };
  const patches: any[] = [];
  const answer: {
    next?: { apply: boolean; status: number; message: string };
    /** Reads of the canary after the next patch answer 503 (the cluster is gone). */
    readsFailAfterPatch?: boolean;
  } = {};
  let patched = false;
  server.use(
    http.get(/\/api\/kubernetes\/clusters$/, () =>
      HttpResponse.json({ items: [{ name: 'prod' }] }),
    ),
    http.get(CANARY, () =>
      patched && answer.readsFailAfterPatch
        ? HttpResponse.json(
            { kind: 'Status', code: 503, message: 'upstream connect error' },
            { status: 503 },
          )
        : HttpResponse.json(state),
    ),
    http.patch(CANARY, async ({ request: req }) => {
      const body: any = await req.json();
      patches.push(body);
      patched = true;
      const replaced = answer.next;
      if (replaced && !replaced.apply) {
        return HttpResponse.json(
          { kind: 'Status', code: replaced.status, message: replaced.message },
          { status: replaced.status },
        );
      }
      if (body.metadata.resourceVersion !== state.metadata.resourceVersion) {
        return HttpResponse.json(
          {
            kind: 'Status',
            code: 409,
            reason: 'Conflict',
            message: 'modified',
          },
          { status: 409 },
        );
      }
      Object.assign(state.spec, body.spec);
      version += 1;
      state.metadata.resourceVersion = String(version);
      if (replaced) {
        return HttpResponse.json(
          { kind: 'Status', code: replaced.status, message: replaced.message },
          { status: replaced.status },
        );
      }
      return HttpResponse.json(state);
    }),
  );
  return { state, patches, answer };
}

/** A test backend with the checkout entity and cluster `prod`; actions and reads as alice. */
async function setup() {
  const backend = await startCanaryBackend({
    msw: server,
    entities: [entity],
  });
  const cluster = serveCluster();
  const alice = mockCredentials.user.header('user:default/alice');
  const act = (action: string, reason: string) =>
    request(backend)
      .post(`${base}/actions/${action}`)
      .set('Authorization', alice)
      .send({ reason });
  /** The action log of the canary, newest first. */
  const actionLog = async (): Promise<any[]> =>
    (
      await request(backend)
        .get(`${base}/timeline?kind=action`)
        .set('Authorization', alice)
    ).body.items;
  return { cluster, act, actionLog };
}

describe('promote follow-up over HTTP', () => {
  it('re-enables the analysis when the user resumes a promoted canary, and logs it', async () => {
    const { cluster, act, actionLog } = await setup();

    const promoted = await act('promote', 'hotfix');
    expect(promoted.status).toBe(200);
    expect(cluster.state.spec.skipAnalysis).toBe(true);

    // Someone paused it meanwhile; resuming clears the pending promote with the resume.
    cluster.state.spec.suspend = true;
    const resumed = await act('resume', 'go on with analysis');
    expect(resumed.status).toBe(200);
    expect(cluster.state.spec).toMatchObject({
      suspend: false,
      skipAnalysis: false,
    });
    expect(cluster.patches.at(-1)).toEqual({
      spec: { skipAnalysis: false },
      metadata: { resourceVersion: '43' },
    });

    const timeline = await actionLog();
    expect(timeline.map((item: any) => [item.action, item.message])).toEqual([
      [
        'promote',
        'promote follow-up: analysis re-enabled (the rollout was resumed)',
      ],
      ['resume', expect.any(String)],
      ['promote', expect.any(String)],
    ]);

    // A second resume has nothing left to clear.
    cluster.state.spec.suspend = true;
    await act('resume', 'again');
    expect(
      cluster.patches.filter(p => p.spec?.skipAnalysis === false),
    ).toHaveLength(1);
  });

  it('reports a promote whose answer was lost as done when a read shows it landed, and keeps its follow-up', async () => {
    const { cluster, act, actionLog } = await setup();

    // The patch is applied, but the proxy answers 503: only a read of the canary can tell.
    cluster.answer.next = {
      apply: true,
      status: 503,
      message: 'upstream connect error',
    };
    const promoted = await act('promote', 'hotfix');
    expect(promoted.status).toBe(200);
    expect(promoted.body).toMatchObject({ action: 'promote', changed: true });
    expect(promoted.body.message).toMatch(
      /The cluster's answer was lost: .*upstream connect error.*; a read afterwards shows the change in place/,
    );
    expect(cluster.state.spec.skipAnalysis).toBe(true);
    cluster.answer.next = undefined;

    const pending = await actionLog();
    expect(
      pending.map((item: any) => [item.action, item.actor, item.outcome]),
    ).toEqual([
      ['promote', 'user:default/alice', 'succeeded'],
      ['promote', 'canary-backend', 'unchanged'],
    ]);
    expect(pending[1].message).toMatch(/^promote follow-up pending: /);

    cluster.state.spec.suspend = true;
    const resumed = await act('resume', 'go on with analysis');
    expect(resumed.status).toBe(200);
    expect(cluster.state.spec.skipAnalysis).toBe(false);
    const done = await actionLog();
    expect(done.map((item: any) => [item.action, item.message])).toEqual([
      [
        'promote',
        'promote follow-up: analysis re-enabled (the rollout was resumed)',
      ],
      ['resume', expect.any(String)],
      ['promote', expect.any(String)],
    ]);
  });

  it('reports a write whose answer was lost as not applied when a read shows it did not land', async () => {
    const { cluster, act, actionLog } = await setup();
    // The proxy gives up before the API server applies it.
    cluster.answer.next = {
      apply: false,
      status: 503,
      message: 'upstream connect error',
    };
    const paused = await act('pause', 'look at the metrics');
    expect(paused.status).toBe(503);
    expect(cluster.state.spec.suspend).toBeUndefined();
    const timeline = await actionLog();
    expect(timeline.map((item: any) => [item.action, item.outcome])).toEqual([
      ['pause', 'failed'],
    ]);
    expect(timeline[0].message).toMatch(
      /upstream connect error.*Not applied: a read of prod afterwards shows the object without the change/,
    );
  });

  it('keeps an action pending, with its follow-up, when neither the answer nor a read comes back', async () => {
    const { cluster, act, actionLog } = await setup();
    cluster.answer.next = {
      apply: true,
      status: 503,
      message: 'upstream connect error',
    };
    cluster.answer.readsFailAfterPatch = true;
    const promoted = await act('promote', 'hotfix');
    expect(promoted.status).toBe(503);
    cluster.answer.readsFailAfterPatch = false;
    const timeline = await actionLog();
    expect(
      timeline.map((item: any) => [item.action, item.actor, item.outcome]),
    ).toEqual([
      ['promote', 'user:default/alice', 'pending'],
      ['promote', 'canary-backend', 'unchanged'],
    ]);
    expect(timeline[0].message).toMatch(
      /Whether it was applied is not known yet: prod did not answer a read either .*; it is read again by \d{4}-/,
    );
  });

  it('stores no follow-up when the cluster refused the promote', async () => {
    const { cluster, act, actionLog } = await setup();
    cluster.answer.next = {
      apply: false,
      status: 403,
      message: 'canaries is forbidden',
    };
    const promoted = await act('promote', 'hotfix');
    expect(promoted.status).toBe(403);
    expect(cluster.state.spec.skipAnalysis).toBeUndefined();
    const timeline = await actionLog();
    expect(timeline.map((item: any) => [item.actor, item.outcome])).toEqual([
      ['user:default/alice', 'failed'],
    ]);
    // A refusal is the cluster's word: no read of the object was needed, none is claimed.
    expect(timeline[0].message).toMatch(/canaries is forbidden/);
    expect(timeline[0].message).not.toMatch(/a read of/);
  });
});
