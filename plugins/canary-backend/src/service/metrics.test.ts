import {
  mockCredentials,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import type { RolloutRun } from '@backstage-canary/plugin-canary-common';
import { http, HttpResponse, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { pluginDatabases } from '../__testUtils__/pluginDatabases';
import { startCanaryBackend } from '../__testUtils__/startCanaryBackend';
import { RolloutStore } from '../lib/store/RolloutStore';
import {
  adjacentFailedRuns,
  canaryKey,
  playRecorder,
} from '../lib/store/__testUtils__/labReleases';

// The metrics of one run, as the Canary tab asks for them when a run is picked: the plugin database
// holds two adjacent failed runs of the canary (and of the same canary on another cluster); the
// Kubernetes plugin is the HTTP boundary, serving the canary on kurator-member1.
const server = setupServer();
registerMswTestHooks(server);

// Each database starts a whole test backend, which takes seconds on a loaded machine.
jest.setTimeout(60_000);

const databases = pluginDatabases();

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

const canary = {
  apiVersion: 'flagger.app/v1beta1',
  kind: 'Canary',
  metadata: {
    name: canaryKey.name,
    namespace: canaryKey.namespace,
    annotations: {
      'backstage-canary.io/entity-ref': 'component:default/rollout-demo',
    },
  },
  spec: {
    targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'backend' },
    service: { port: 9898 },
    analysis: {
      interval: '10s',
      threshold: 3,
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
    phase: 'Failed',
    canaryWeight: 0,
    failedChecks: 0,
    lastTransitionTime: '2026-11-22T11:02:00Z',
    lastAppliedSpec: 'rev-4',
    lastPromotedSpec: 'rev-2',
  },
};

const rollout = `/api/canary/entities/component/default/rollout-demo/rollouts/${canaryKey.cluster}/${canaryKey.namespace}/${canaryKey.name}`;
const user = mockCredentials.user.header('user:default/alice');
const seconds = (iso: string) => Date.parse(iso) / 1000;

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
      () => HttpResponse.json(canary),
    ),
    http.get(
      /\/proxy\/apis\/apps\/v1\/namespaces\/webapp\/deployments\/backend$/,
      () =>
        HttpResponse.json({
          spec: {
            template: {
              spec: { containers: [{ image: 'stefanprodan/podinfo:6.0.6' }] },
            },
          },
        }),
    ),
  );
}

/** The success rates of the failed checks the card of request-success-rate lists. */
const failedSuccessRates = (body: any): number[] =>
  body.metrics
    .find((m: { name: string }) => m.name === 'request-success-rate')
    .failedChecks.map((check: { value: number }) => check.value);

describe.each(databases.eachSupportedId())(
  'GET .../metrics with run, on %s',
  databaseId => {
    let backend: Awaited<ReturnType<typeof startCanaryBackend>>;
    let failed: RolloutRun;
    let retried: RolloutRun;
    let elsewhereRun: RolloutRun;

    beforeAll(async () => {
      const knex = await databases.migrated(databaseId);
      const store = new RolloutStore({ db: knex });
      await playRecorder(store, adjacentFailedRuns());
      const elsewhere = { ...canaryKey, cluster: 'kurator-member2' };
      await playRecorder(store, adjacentFailedRuns(), elsewhere);
      [retried, failed] = (await store.listRuns(canaryKey)).items;
      [elsewhereRun] = (await store.listRuns(elsewhere)).items;
      backend = await startCanaryBackend({
        msw: server,
        entities: [entity],
        database: knex,
      });
    });
    beforeEach(serveKubernetesPlugin);

    const get = (query: string) =>
      request(backend)
        .get(`${rollout}/metrics?${query}`)
        .set('Authorization', user);

    it("answers exactly the run's own failed checks, over the run's window with a minute either side", async () => {
      const response = await get(`run=${failed.id}`);
      expect(response.status).toBe(200);
      expect(failedSuccessRates(response.body)).toEqual([91.56, 88.1, 85]);
      expect(response.body.range).toEqual({
        start: seconds('2026-11-22T10:59:00Z'),
        end: seconds('2026-11-22T11:01:50Z'),
        stepSeconds: 10,
      });

      const retry = await get(`run=${retried.id}`);
      expect(retry.status).toBe(200);
      expect(failedSuccessRates(retry.body)).toEqual([97.2, 96.4, 95.1]);
      expect(retry.body.range).toMatchObject({
        start: seconds('2026-11-22T11:00:10Z'),
        end: seconds('2026-11-22T11:03:00Z'),
      });
    });

    it('keeps to the run whatever the range asked for; without a run, answers the checks of the range', async () => {
      const window = `start=${seconds('2026-11-22T10:59:00Z')}&end=${seconds(
        '2026-11-22T11:01:50Z',
      )}&step=6`;
      const ofRun = await get(`${window}&run=${failed.id}`);
      expect(ofRun.status).toBe(200);
      expect(ofRun.body.range.stepSeconds).toBe(6);
      expect(failedSuccessRates(ofRun.body)).toEqual([91.56, 88.1, 85]);

      const ofRange = await get(window);
      expect(ofRange.status).toBe(200);
      expect(failedSuccessRates(ofRange.body)).toEqual([
        91.56, 88.1, 85, 97.2, 96.4, 95.1,
      ]);
    });

    it('answers the same through the registered action', async () => {
      const route = await get(`run=${failed.id}`);
      const action = await request(backend)
        .post(
          '/api/canary/.backstage/actions/v1/actions/canary:get-rollout-metrics/invoke',
        )
        .set('Authorization', user)
        .send({
          entityRef: 'component:default/rollout-demo',
          ...canaryKey,
          runId: failed.id,
        });
      expect(action.status).toBe(200);
      expect(action.body.output).toEqual(route.body);
    });

    it("answers 404 naming the run for another canary's run", async () => {
      const response = await get(`run=${elsewhereRun.id}`);
      expect(response.status).toBe(404);
      expect(response.body.error.message).toBe(
        `Run ${elsewhereRun.id} is not a run of canary webapp/backend on cluster kurator-member1`,
      );
    });

    it.each(['latest', '0', '2.5'])(
      'answers 400 naming the parameter for a malformed run (%j)',
      async run => {
        const response = await get(`run=${run}`);
        expect(response.status).toBe(400);
        expect(response.body.error.message).toBe(
          `Query parameter run must be a whole number of at least 1, got "${run}"`,
        );
      },
    );
  },
);
