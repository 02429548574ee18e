import {
  mockCredentials,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { http, HttpResponse, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { pluginDatabases } from '../__testUtils__/pluginDatabases';
import { startCanaryBackend } from '../__testUtils__/startCanaryBackend';
import { RolloutStore } from '../lib/store/RolloutStore';
import { canaryKey, observed } from '../lib/store/__testUtils__/labReleases';

// A promote that waits for Flagger's next check shows wherever the rollout shows: on its lane, in
// the rollout's detail and on its inbox row. The history is in the plugin database; the Kubernetes
// plugin is the HTTP boundary.
const server = setupServer();
registerMswTestHooks(server);

// Each database starts a whole test backend, which takes seconds on a loaded machine.
jest.setTimeout(60_000);

const databases = pluginDatabases();

const entityRef = 'component:default/rollout-demo';
const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'rollout-demo',
    namespace: 'default',
    annotations: { 'backstage-canary.io/canary': 'webapp/backend' },
  },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
};

// The run of rev-5 waits at its promotion gate; the promote asked at 12:03 is not applied yet.
const waiting = observed('2026-12-07T12:02:00Z', 'WaitingPromotion', {
  revision: 'rev-5',
  promoted: 'rev-2',
  weight: 50,
});
const served = {
  ...waiting,
  metadata: {
    ...waiting.metadata,
    resourceVersion: '7',
    annotations: { 'backstage-canary.io/entity-ref': entityRef },
  },
  spec: {
    targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'backend' },
    service: { port: 9898 },
    analysis: { interval: '1m', threshold: 3, maxWeight: 50, stepWeight: 10 },
  },
};

const rollout = `/api/canary/entities/component/default/rollout-demo/rollouts/${canaryKey.cluster}/${canaryKey.namespace}/${canaryKey.name}`;
const user = mockCredentials.user.header('user:default/alice');

function serveKubernetesPlugin() {
  server.use(
    http.all(/^http:\/\/(127\.0\.0\.1|localhost):\d+\/api\/canary\//, () =>
      passthrough(),
    ),
    http.get(/\/api\/kubernetes\/clusters$/, () =>
      HttpResponse.json({ items: [{ name: canaryKey.cluster }] }),
    ),
    http.get(
      /\/proxy\/apis\/flagger\.app\/v1beta1\/namespaces\/webapp\/canaries\/backend$/,
      () => HttpResponse.json(served),
    ),
    http.get(/\/proxy\/apis\/apps\/v1\/namespaces\/webapp\/deployments\//, () =>
      HttpResponse.json({
        spec: {
          template: { spec: { containers: [{ image: 'podinfo:6.0.5' }] } },
        },
      }),
    ),
  );
}

describe.each(databases.eachSupportedId())(
  "a promote waiting for Flagger's next check, on %s",
  databaseId => {
    let backend: Awaited<ReturnType<typeof startCanaryBackend>>;

    beforeAll(async () => {
      const knex = await databases.migrated(databaseId);
      const store = new RolloutStore({ db: knex });
      await store.recordCanary(
        canaryKey.cluster,
        observed('2026-12-07T12:00:00Z', 'Progressing', {
          revision: 'rev-5',
          promoted: 'rev-2',
        }),
      );
      await store.recordCanary(canaryKey.cluster, waiting);
      await store.recordAction(canaryKey, {
        entityRef,
        action: 'promote',
        route: 'canary-patch',
        actor: 'user:default/alice',
        reason: 'looks good',
        outcome: 'succeeded',
        message: 'skipAnalysis set',
        at: new Date('2026-12-07T12:03:00Z'),
      });
      backend = await startCanaryBackend({
        msw: server,
        entities: [entity],
        database: knex,
      });
    });

    const pendingPromote = {
      kind: 'promote',
      actor: 'user:default/alice',
      requestedAt: '2026-12-07T12:03:00.000Z',
      intervalMs: 60_000,
      kurator: false,
      takesEffectBy: '2026-12-07T12:04:00.000Z',
    };

    it('shows on the lane, in the detail and on the inbox row alike', async () => {
      serveKubernetesPlugin();
      const lanes = await request(backend)
        .get('/api/canary/entities/component/default/rollout-demo/rollouts')
        .set('Authorization', user);
      expect(lanes.status).toBe(200);
      expect(lanes.body.items[0].pending).toEqual(pendingPromote);

      const detail = await request(backend)
        .get(rollout)
        .set('Authorization', user);
      expect(detail.status).toBe(200);
      expect(detail.body.rollout.pending).toEqual(pendingPromote);
      expect(detail.body.rollout.run).toMatchObject({
        number: 1,
        startedAt: '2026-12-07T12:00:00.000Z',
      });

      const inbox = await request(backend)
        .get('/api/canary/inbox')
        .set('Authorization', user);
      expect(inbox.status).toBe(200);
      expect(inbox.body.items).toEqual([
        expect.objectContaining({
          entityRef,
          attention: 'waiting-for-approval',
          rollout: expect.objectContaining({ pending: pendingPromote }),
        }),
      ]);
    });
  },
);
