import {
  mockCredentials,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { startCanaryBackend } from '../__testUtils__/startCanaryBackend';

// The Kubernetes plugin is the HTTP boundary here; the lab-backed tests cover the real clusters.
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

const canary = (
  suspend: boolean,
  version = { resourceVersion: '41', generation: 3 },
  canaryWeight = 20,
) => ({
  apiVersion: 'flagger.app/v1beta1',
  kind: 'Canary',
  metadata: {
    name: 'checkout',
    namespace: 'shop',
    // The cluster side's proof that the canary belongs to the entity.
    annotations: {
      'backstage-canary.io/entity-ref': 'component:default/checkout',
    },
    ...version,
  },
  spec: {
    suspend,
    targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'checkout' },
    service: { port: 80 },
    analysis: { interval: '1m', threshold: 2, maxWeight: 50, stepWeight: 10 },
  },
  status: { phase: 'Progressing', canaryWeight, failedChecks: 0 },
});

const actionUrl = (action: string) =>
  `/api/canary/entities/component/default/checkout/rollouts/prod/shop/checkout/actions/${action}`;

const startBackend = (
  permission:
    | AuthorizeResult.ALLOW
    | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
) => startCanaryBackend({ msw: server, entities: [entity], permission });

/**
 * A cluster `prod` with the canary; records the patches it receives. With `changedBy`, the canary
 * changes just before the first patch arrives: its spec (another user paused it) or only its status
 * (Flagger advanced the weight), so that patch's resourceVersion is stale.
 */
function serveCluster(options: {
  suspended: boolean;
  changedBy?: 'another-action' | 'flagger';
}) {
  const patches: Array<{ contentType: string | null; body: any }> = [];
  let clusterCalls = 0;
  let stored = canary(options.suspended);
  server.use(
    http.get(/\/api\/kubernetes\/clusters$/, () => {
      clusterCalls += 1;
      return HttpResponse.json({ items: [{ name: 'prod' }] });
    }),
    http.get(
      /\/proxy\/apis\/flagger\.app\/v1beta1\/namespaces\/shop\/canaries\/checkout$/,
      () => {
        clusterCalls += 1;
        return HttpResponse.json(stored);
      },
    ),
    http.patch(
      /\/proxy\/apis\/flagger\.app\/v1beta1\/namespaces\/shop\/canaries\/checkout$/,
      async ({ request: req }) => {
        clusterCalls += 1;
        const body: any = await req.json();
        patches.push({ contentType: req.headers.get('content-type'), body });
        if (options.changedBy && patches.length === 1) {
          stored =
            options.changedBy === 'another-action'
              ? canary(true, { resourceVersion: '42', generation: 4 })
              : canary(
                  options.suspended,
                  { resourceVersion: '42', generation: 3 },
                  30,
                );
        }
        if (
          body.metadata?.resourceVersion !== stored.metadata.resourceVersion
        ) {
          return HttpResponse.json(
            {
              kind: 'Status',
              code: 409,
              reason: 'Conflict',
              message:
                'Operation cannot be fulfilled on canaries.flagger.app "checkout": the object has been modified',
            },
            { status: 409 },
          );
        }
        stored = canary(
          body.spec?.suspend ?? stored.spec.suspend,
          {
            resourceVersion: String(
              Number(stored.metadata.resourceVersion) + 1,
            ),
            generation: stored.metadata.generation + 1,
          },
          stored.status.canaryWeight,
        );
        return HttpResponse.json(stored);
      },
    ),
  );
  return { patches, clusterCalls: () => clusterCalls };
}

describe('POST .../actions/:action', () => {
  it('pauses a native canary through its spec, with the version it decided on as precondition', async () => {
    const backend = await startBackend();
    const cluster = serveCluster({ suspended: false });
    const response = await request(backend)
      .post(actionUrl('pause'))
      .set('Authorization', mockCredentials.user.header('user:default/alice'))
      .send({ reason: 'checkout errors in eu' });

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      action: 'pause',
      route: 'canary-patch',
      changed: true,
      affects: [{ cluster: 'prod', namespace: 'shop', name: 'checkout' }],
    });
    expect(cluster.patches).toEqual([
      {
        contentType: 'application/merge-patch+json',
        body: { spec: { suspend: true }, metadata: { resourceVersion: '41' } },
      },
    ]);

    const timeline = await request(backend)
      .get(
        '/api/canary/entities/component/default/checkout/rollouts/prod/shop/checkout/timeline?kind=action',
      )
      .set('Authorization', mockCredentials.user.header('user:default/alice'));
    expect(timeline.body.items).toEqual([
      expect.objectContaining({
        action: 'pause',
        actor: 'user:default/alice',
        reason: 'checkout errors in eu',
        outcome: 'succeeded',
      }),
    ]);
  });

  it('reads the timeline with kinds as the spec writes them, and refuses a cursor it did not hand out', async () => {
    const backend = await startBackend();
    serveCluster({ suspended: false });
    const alice = mockCredentials.user.header('user:default/alice');
    await request(backend)
      .post(actionUrl('pause'))
      .set('Authorization', alice)
      .send({ reason: 'checkout errors in eu' });
    const timeline =
      '/api/canary/entities/component/default/checkout/rollouts/prod/shop/checkout/timeline';

    // The documented form: commas as they are, not encoded.
    const filtered = await request(backend)
      .get(`${timeline}?kind=transition,action`)
      .set('Authorization', alice);
    expect(filtered.status).toBe(200);
    expect(filtered.body.items.map((i: { type: string }) => i.type)).toEqual([
      'action',
    ]);

    const unknown = await request(backend)
      .get(`${timeline}?kind=action,paused`)
      .set('Authorization', alice);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain('kind');
    expect(unknown.body.error.message).toContain('transition');

    for (const [path, list] of [
      [`${timeline}?cursor=garbage`, 'timeline'],
      [`${timeline}?cursor=MQ`, 'timeline'],
      [`${timeline.replace(/timeline$/, 'runs')}?cursor=garbage`, 'runs'],
    ]) {
      const bad = await request(backend).get(path).set('Authorization', alice);
      expect([path, bad.status, bad.body.error.message]).toEqual([
        path,
        400,
        `Query parameter cursor is not a cursor of this ${list} list: pass the nextCursor of the previous page unchanged, or leave it out for the first page`,
      ]);
    }
    const words = await request(backend)
      .get(`${timeline}?limit=ten`)
      .set('Authorization', alice);
    expect(words.status).toBe(400);
    expect(words.body.error.message).toBe(
      'Query parameter limit must be a whole number from 1 to 500, got "ten"',
    );
  });

  it('changes nothing when the canary is already paused, and says so', async () => {
    const backend = await startBackend();
    const cluster = serveCluster({ suspended: true });
    const response = await request(backend)
      .post(actionUrl('pause'))
      .set('Authorization', mockCredentials.user.header())
      .send({ reason: 'again' });
    expect(response.status).toBe(200);
    expect(response.body.changed).toBe(false);
    expect(cluster.patches).toEqual([]);
  });

  it('answers 409 with the current state when another change won', async () => {
    const backend = await startBackend();
    const cluster = serveCluster({
      suspended: false,
      changedBy: 'another-action',
    });
    const response = await request(backend)
      .post(actionUrl('pause'))
      .set('Authorization', mockCredentials.user.header())
      .send({ reason: 'race' });
    expect(response.status).toBe(409);
    expect(response.body.error.message).toMatch(
      /the object changed while the action was decided; nothing was applied\. It is now at resourceVersion 42, phase Progressing, paused/,
    );
    expect(cluster.patches).toHaveLength(1);
  });

  it('applies the action on the new version when only the status changed meanwhile', async () => {
    const backend = await startBackend();
    const cluster = serveCluster({ suspended: false, changedBy: 'flagger' });
    const response = await request(backend)
      .post(actionUrl('pause'))
      .set('Authorization', mockCredentials.user.header())
      .send({ reason: 'hold while Flagger advances' });
    expect(response.status).toBe(200);
    expect(
      cluster.patches.map(p => [p.body.metadata.resourceVersion, p.body.spec]),
    ).toEqual([
      ['41', { suspend: true }],
      ['42', { suspend: true }],
    ]);
  });

  it('refuses with 403 naming the permission before touching any cluster', async () => {
    const backend = await startBackend(AuthorizeResult.DENY);
    const cluster = serveCluster({ suspended: false });
    const response = await request(backend)
      .post(actionUrl('promote'))
      .set('Authorization', mockCredentials.user.header())
      .send({ reason: 'ship it' });
    expect(response.status).toBe(403);
    expect(response.body.error.message).toBe(
      'Permission canary.rollout.promote is required for component:default/checkout',
    );
    expect(cluster.clusterCalls()).toBe(0);
  });

  it('requires a reason, naming the field', async () => {
    const backend = await startBackend();
    const response = await request(backend)
      .post(actionUrl('pause'))
      .set('Authorization', mockCredentials.user.header())
      .send({});
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/^Field reason is required/);
  });

  it('names the allowed actions for an unknown one', async () => {
    const backend = await startBackend();
    const response = await request(backend)
      .post(actionUrl('rollback'))
      .set('Authorization', mockCredentials.user.header())
      .send({ reason: 'x' });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toBe(
      'Unknown rollout action rollback; allowed: pause, resume, promote, abort, retry, approve',
    );
  });
});
