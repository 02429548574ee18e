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
import {
  adjacentFailedRuns,
  canaryKey,
  playRecorder,
} from '../lib/store/__testUtils__/labReleases';

// A failed run explains itself in the rollout summary, from the history in the plugin database
// (two failed runs recorded as the lab's Flagger writes them), and a promote of a canary with
// failed checks needs acknowledgeFailedChecks. The Kubernetes plugin is the HTTP boundary.
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

function canary(status: Record<string, unknown>) {
  return {
    apiVersion: 'flagger.app/v1beta1',
    kind: 'Canary',
    metadata: {
      name: canaryKey.name,
      namespace: canaryKey.namespace,
      resourceVersion: '7',
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
    status,
  };
}

// Flagger reset the failed checks when it rolled back rev-4.
const rolledBack = canary({
  phase: 'Failed',
  canaryWeight: 0,
  failedChecks: 0,
  lastTransitionTime: '2026-11-22T11:02:00Z',
  lastAppliedSpec: 'rev-4',
  lastPromotedSpec: 'rev-2',
});

const rollouts = '/api/canary/entities/component/default/rollout-demo/rollouts';
const user = mockCredentials.user.header('user:default/alice');

function deployment(image: string) {
  return {
    spec: { template: { spec: { containers: [{ image }] } } },
  };
}

/** The Kubernetes plugin serving the canary; records the patches of the canary. */
function serveKubernetesPlugin(current: () => ReturnType<typeof canary>) {
  const patches: unknown[] = [];
  server.use(
    http.all(/^http:\/\/(127\.0\.0\.1|localhost):\d+\/api\/canary\//, () =>
      passthrough(),
    ),
    http.get(/\/api\/kubernetes\/clusters$/, () =>
      HttpResponse.json({ items: [{ name: canaryKey.cluster }] }),
    ),
    http.get(
      /\/proxy\/apis\/flagger\.app\/v1beta1\/namespaces\/webapp\/canaries$/,
      () => HttpResponse.json({ items: [current()] }),
    ),
    http.get(
      /\/proxy\/apis\/flagger\.app\/v1beta1\/namespaces\/webapp\/canaries\/backend$/,
      () => HttpResponse.json(current()),
    ),
    http.patch(
      /\/proxy\/apis\/flagger\.app\/v1beta1\/namespaces\/webapp\/canaries\/backend$/,
      async ({ request: req }) => {
        const body: any = await req.json();
        patches.push(body);
        const now = current() as any;
        return HttpResponse.json({
          ...now,
          spec: { ...now.spec, ...body.spec },
          metadata: { ...now.metadata, resourceVersion: '8' },
        });
      },
    ),
    http.get(
      /\/proxy\/apis\/apps\/v1\/namespaces\/webapp\/deployments\/backend$/,
      () => HttpResponse.json(deployment('stefanprodan/podinfo:6.0.6-faulty')),
    ),
    http.get(
      /\/proxy\/apis\/apps\/v1\/namespaces\/webapp\/deployments\/backend-primary$/,
      () => HttpResponse.json(deployment('stefanprodan/podinfo:6.0.5')),
    ),
  );
  return patches;
}

describe.each(databases.eachSupportedId())(
  'a failed run explains itself, on %s',
  databaseId => {
    let backend: Awaited<ReturnType<typeof startCanaryBackend>>;

    beforeAll(async () => {
      const knex = await databases.migrated(databaseId);
      await playRecorder(new RolloutStore({ db: knex }), adjacentFailedRuns());
      backend = await startCanaryBackend({
        msw: server,
        entities: [entity],
        database: knex,
      });
    });

    it('says why the last run rolled back, at which step, with the failed checks then and the revision serving since', async () => {
      serveKubernetesPlugin(() => rolledBack);
      const response = await request(backend)
        .get(rollouts)
        .set('Authorization', user);
      expect(response.status).toBe(200);
      const [summary] = response.body.items;
      // Flagger's counter reads 0 after the rollback; the run failed 3 of 3 checks.
      expect(summary.failedChecks).toEqual({ count: 3, threshold: 3 });
      expect(summary.state.progress).toEqual({
        completedSteps: 1,
        totalSteps: 6,
        fraction: 1 / 6,
        ended: 'rolled-back',
      });
      expect(summary.explanation).toMatchObject({
        kind: 'rolled-back',
        cause: 'failed-checks',
        headline: 'Rolled back after 3 of 3 failed checks',
        stoppedAt: { step: 1, totalSteps: 6, weight: 10 },
        rolledBackTo: {
          images: ['stefanprodan/podinfo:6.0.5'],
          spec: 'rev-2',
        },
        checks: [
          expect.objectContaining({
            name: 'request-success-rate',
            value: 95.1,
            threshold: 99,
          }),
        ],
      });
      expect(summary.explanation.summary).toBe(
        'Rolled back after 3 of 3 failed checks at 2026-11-22 11:02 UTC, at step 1 of 6 (10% of traffic on the canary): request-success-rate 95.1% is below the minimum 99%. ' +
          'backend-primary serves the previous revision stefanprodan/podinfo:6.0.5 (spec rev-2); the canary is scaled to zero.',
      );
    });
  },
);

describe('promote of a canary with failed checks', () => {
  const halted = canary({
    phase: 'Progressing',
    canaryWeight: 20,
    failedChecks: 2,
    lastAppliedSpec: 'rev-5',
    lastPromotedSpec: 'rev-2',
  });
  const promote = `${rollouts}/${canaryKey.cluster}/${canaryKey.namespace}/${canaryKey.name}/actions/promote`;
  const timeline = `${rollouts}/${canaryKey.cluster}/${canaryKey.namespace}/${canaryKey.name}/timeline?kind=action`;

  it('is refused with 409 naming acknowledgeFailedChecks, changing nothing and logging nothing', async () => {
    const backend = await startCanaryBackend({
      msw: server,
      entities: [entity],
    });
    const patches = serveKubernetesPlugin(() => halted);
    const response = await request(backend)
      .post(promote)
      .set('Authorization', user)
      .send({ reason: 'ship it' });
    expect(response.status).toBe(409);
    expect(response.body.error.name).toBe('ConflictError');
    expect(response.body.error.message).toBe(
      'Canary webapp/backend on kurator-member1 has 2 of 3 failed checks in its current run, and promoting skips the analysis that is failing. To promote anyway, send acknowledgeFailedChecks: true.',
    );
    expect(patches).toEqual([]);
    const log = await request(backend).get(timeline).set('Authorization', user);
    expect(log.body.items).toEqual([]);
  });

  it('refuses an acknowledgement that is not a boolean, naming the field', async () => {
    const backend = await startCanaryBackend({
      msw: server,
      entities: [entity],
    });
    serveKubernetesPlugin(() => halted);
    const response = await request(backend)
      .post(promote)
      .set('Authorization', user)
      .send({ reason: 'ship it', acknowledgeFailedChecks: 'yes' });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain(
      'Field acknowledgeFailedChecks must be true or false',
    );
  });

  it('promotes with the acknowledgement: analysis skipped on the canary', async () => {
    const backend = await startCanaryBackend({
      msw: server,
      entities: [entity],
    });
    const patches = serveKubernetesPlugin(() => halted);
    const response = await request(backend)
      .post(promote)
      .set('Authorization', user)
      .send({
        reason: 'hotfix, errors are known',
        acknowledgeFailedChecks: true,
      });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ action: 'promote', changed: true });
    expect(patches).toEqual([
      expect.objectContaining({ spec: { skipAnalysis: true } }),
    ]);
  });
});
