import type { AuditorService } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  registerMswTestHooks,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { Canary } from '@backstage-canary/plugin-canary-common';
import type { Knex } from 'knex';
import { http, HttpResponse, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { pluginDatabases } from '../__testUtils__/pluginDatabases';
import { canaryPlugin } from '../plugin';
import { RolloutStore } from '../lib/store/RolloutStore';

// Rollback to a recorded revision over HTTP: the Kubernetes plugin is the HTTP boundary (a cluster
// `prod` with the canary and its Deployment, taking JSON patches with their test operations), the
// runs are the plugin database's, and the auditor is the test's own.
const server = setupServer();
registerMswTestHooks(server);
jest.setTimeout(60_000);

const databases = pluginDatabases();

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
const key = { cluster: 'prod', namespace: 'shop', name: 'checkout' };
const base =
  '/api/canary/entities/component/default/checkout/rollouts/prod/shop/checkout';
const CANARY =
  /\/proxy\/apis\/flagger\.app\/v1beta1\/namespaces\/shop\/canaries\/checkout$/;
const DEPLOYMENT =
  /\/proxy\/apis\/apps\/v1\/namespaces\/shop\/deployments\/checkout$/;

function canaryAt(
  phase: string,
  revision: string,
  time: string,
  bound = true,
): Canary {
  return {
    apiVersion: 'flagger.app/v1beta1',
    kind: 'Canary',
    metadata: {
      name: 'checkout',
      namespace: 'shop',
      resourceVersion: '7',
      annotations: bound
        ? { 'backstage-canary.io/entity-ref': 'component:default/checkout' }
        : {},
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
      phase,
      canaryWeight: 0,
      failedChecks: 0,
      lastAppliedSpec: revision,
      lastPromotedSpec: 'rev-1',
      lastTransitionTime: time,
    },
  } as unknown as Canary;
}

/** Records run #1 (1.0.0, succeeded) and run #2 (2.0.0, in progress). */
async function recordRuns(store: RolloutStore) {
  const first = await store.recordCanary(
    'prod',
    canaryAt('Progressing', 'rev-1', '2026-11-22T10:00:00Z'),
  );
  await store.setRunImages(first.runId!, ['ghcr.io/acme/checkout:1.0.0']);
  await store.recordCanary(
    'prod',
    canaryAt('Succeeded', 'rev-1', '2026-11-22T10:05:00Z'),
  );
  const second = await store.recordCanary(
    'prod',
    canaryAt('Progressing', 'rev-2', '2026-11-22T11:00:00Z'),
  );
  await store.setRunImages(second.runId!, ['ghcr.io/acme/checkout:2.0.0']);
  return { first: first.runId!, second: second.runId! };
}

/** The cluster `prod`: the canary and its Deployment, which applies JSON patches with their tests. */
function serveCluster(options: { bound?: boolean } = {}) {
  const deployment: any = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'checkout', namespace: 'shop', resourceVersion: '100' },
    spec: {
      template: {
        spec: {
          containers: [
            { name: 'checkout', image: 'ghcr.io/acme/checkout:2.0.0' },
          ],
        },
      },
    },
  };
  const patches: any[] = [];
  server.use(
    http.get(/\/api\/kubernetes\/clusters$/, () =>
      HttpResponse.json({ items: [{ name: 'prod' }] }),
    ),
    http.get(CANARY, () =>
      HttpResponse.json(
        canaryAt(
          'Progressing',
          'rev-2',
          '2026-11-22T11:00:00Z',
          options.bound ?? true,
        ),
      ),
    ),
    http.get(DEPLOYMENT, () => HttpResponse.json(deployment)),
    // The namespace carries no binding label: the canary's own annotation binds it.
    http.get(/\/proxy\/api\/v1\/namespaces\/shop$/, () =>
      HttpResponse.json({ metadata: { name: 'shop' } }),
    ),
    http.patch(DEPLOYMENT, async ({ request: req }) => {
      const operations: any[] = (await req.json()) as any[];
      patches.push(operations);
      const read = (path: string) =>
        path
          .split('/')
          .slice(1)
          .reduce((node: any, part) => node?.[part], deployment);
      for (const op of operations) {
        if (op.op === 'test' && read(op.path) !== op.value) {
          return HttpResponse.json(
            { kind: 'Status', code: 422, message: `test failed: ${op.path}` },
            { status: 422 },
          );
        }
      }
      for (const op of operations.filter(o => o.op === 'replace')) {
        const parts = op.path.split('/').slice(1);
        const last = parts.pop();
        read(`/${parts.join('/')}`)[last] = op.value;
      }
      deployment.metadata.resourceVersion = String(
        Number(deployment.metadata.resourceVersion) + 1,
      );
      return HttpResponse.json(deployment);
    }),
  );
  return { deployment, patches };
}

type Audited = { outcome: string; meta: Record<string, unknown> };

function recordingAuditor(events: Audited[]): Partial<AuditorService> {
  return {
    createEvent: async options =>
      ({
        success: async (result?: { meta?: any }) => {
          events.push({
            outcome: 'success',
            meta: { ...options.meta, ...result?.meta },
          });
        },
        fail: async (result?: { meta?: any }) => {
          events.push({
            outcome: 'failure',
            meta: { ...options.meta, ...result?.meta },
          });
        },
      } as any),
  };
}

async function setup(
  knex: Knex,
  permission:
    | AuthorizeResult.ALLOW
    | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
) {
  const audited: Audited[] = [];
  const { server: backend } = await startTestBackend({
    features: [
      canaryPlugin,
      catalogServiceMock.factory({ entities: [entity] }),
      mockServices.permissions.factory({ result: permission }),
      mockServices.auditor.mock(recordingAuditor(audited)).factory,
      mockServices.rootConfig.factory({
        data: {
          canary: {
            recorder: { enabled: false },
            fleetState: { enabled: false },
          },
        },
      }),
      mockServices.database.factory({ knex }),
    ],
  });
  server.use(
    http.all(/^http:\/\/(127\.0\.0\.1|localhost):\d+\/api\/canary\//, () =>
      passthrough(),
    ),
  );
  const rollback = (runId: unknown, reason = 'bad release') =>
    request(backend)
      .post(`${base}/rollback`)
      .set('Authorization', mockCredentials.user.header('user:default/alice'))
      .send({ runId, reason });
  const actionLog = async () =>
    (await new RolloutStore({ db: knex }).timeline(key, { kinds: ['action'] }))
      .items;
  return { rollback, audited, actionLog };
}

describe.each(databases.eachSupportedId())(
  'POST .../rollback on %s',
  databaseId => {
    it('sets the Deployment back to an earlier successful revision, logged and audited', async () => {
      const knex = await databases.migrated(databaseId);
      const runs = await recordRuns(new RolloutStore({ db: knex }));
      const cluster = serveCluster();
      const { rollback, audited, actionLog } = await setup(knex);

      const response = await rollback(runs.first);

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        action: 'rollback',
        runId: runs.first,
        changed: true,
        affects: [key],
        unreached: [],
      });
      expect(response.body.message).toMatch(
        /^Rolled back to revision #1 \(ghcr.io\/acme\/checkout:1.0.0\) on prod/,
      );
      expect(cluster.deployment.spec.template.spec.containers[0].image).toBe(
        'ghcr.io/acme/checkout:1.0.0',
      );
      // The write is pinned to the version it was decided on and to the container's name.
      expect(cluster.patches).toEqual([
        [
          { op: 'test', path: '/metadata/resourceVersion', value: '100' },
          {
            op: 'test',
            path: '/spec/template/spec/containers/0/name',
            value: 'checkout',
          },
          {
            op: 'replace',
            path: '/spec/template/spec/containers/0/image',
            value: 'ghcr.io/acme/checkout:1.0.0',
          },
        ],
      ]);
      const log = await actionLog();
      expect(log).toHaveLength(1);
      expect(log[0]).toMatchObject({
        action: 'rollback',
        actor: 'user:default/alice',
        reason: 'bad release',
        outcome: 'succeeded',
      });
      expect((log[0] as any).message).toMatch(
        /checkout: ghcr.io\/acme\/checkout:2.0.0 -> ghcr.io\/acme\/checkout:1.0.0.*Flagger analyses this as a new revision/,
      );
      expect(audited).toEqual([
        expect.objectContaining({
          outcome: 'success',
          meta: expect.objectContaining({
            action: 'rollback',
            runId: runs.first,
            changed: true,
          }),
        }),
      ]);

      // The same rollback again changes nothing and says so.
      const again = await rollback(runs.first);
      expect(again.status).toBe(200);
      expect(again.body.changed).toBe(false);
      expect(again.body.message).toMatch(/already runs revision #1/);
      expect(cluster.patches).toHaveLength(1);
    });

    it('refuses without canary.rollout.abort: nothing written, nothing logged, the refusal audited', async () => {
      const knex = await databases.migrated(databaseId);
      const runs = await recordRuns(new RolloutStore({ db: knex }));
      const cluster = serveCluster();
      const { rollback, audited, actionLog } = await setup(
        knex,
        AuthorizeResult.DENY,
      );

      const response = await rollback(runs.first);

      expect(response.status).toBe(403);
      expect(response.body.error.message).toMatch(
        /Permission canary.rollout.abort is required/,
      );
      expect(cluster.patches).toEqual([]);
      expect(cluster.deployment.spec.template.spec.containers[0].image).toBe(
        'ghcr.io/acme/checkout:2.0.0',
      );
      expect(await actionLog()).toEqual([]);
      expect(audited).toEqual([
        expect.objectContaining({
          outcome: 'failure',
          meta: expect.objectContaining({ action: 'rollback' }),
        }),
      ]);
    });

    it('refuses a canary the cluster side does not bind to the entity', async () => {
      const knex = await databases.migrated(databaseId);
      const runs = await recordRuns(new RolloutStore({ db: knex }));
      const cluster = serveCluster({ bound: false });
      const { rollback, audited, actionLog } = await setup(knex);

      const response = await rollback(runs.first);

      expect(response.status).toBe(403);
      expect(response.body.error.message).toMatch(/is not bound to/);
      expect(cluster.patches).toEqual([]);
      expect(await actionLog()).toEqual([]);
      expect(audited.map(a => a.outcome)).toEqual(['failure']);
    });

    it('refuses a revision whose run has not succeeded, and a bad run id, naming the field', async () => {
      const knex = await databases.migrated(databaseId);
      const runs = await recordRuns(new RolloutStore({ db: knex }));
      const cluster = serveCluster();
      const { rollback } = await setup(knex);

      const running = await rollback(runs.second);
      expect(running.status).toBe(409);
      expect(running.body.error.message).toMatch(
        /Run #2 has not ended: only a revision whose run succeeded/,
      );

      const bad = await rollback('first');
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/runId/);

      const unknown = await rollback(runs.second + 100);
      expect(unknown.status).toBe(404);
      expect(cluster.patches).toEqual([]);
    });
  },
);
