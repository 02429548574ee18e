import {
  mockCredentials,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { startCanaryBackend } from '../__testUtils__/startCanaryBackend';

// The Kubernetes plugin is the HTTP boundary: its /proxy answers are what the clusters hold.
const server = setupServer();
registerMswTestHooks(server);

const rolloutDemo = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'rollout-demo',
    namespace: 'default',
    annotations: {
      'backstage-canary.io/kurator-application': 'default/rollout-demo',
      'backstage-canary.io/host-cluster': 'host',
    },
  },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
};

const managedFields = [
  { manager: 'kube-controller', operation: 'Update', apiVersion: 'v1' },
];

const application = {
  apiVersion: 'apps.kurator.dev/v1alpha1',
  kind: 'Application',
  metadata: {
    name: 'rollout-demo',
    namespace: 'default',
    resourceVersion: '41',
    annotations: {
      'backstage-canary.io/entity-ref': 'component:default/rollout-demo',
    },
    managedFields,
  },
  spec: {
    source: {
      gitRepository: { url: 'https://example.com/podinfo', ref: {} },
    },
    syncPolicies: [
      {
        destination: { fleet: 'quickstart' },
        kustomization: { path: './deploy/webapp' },
        rollout: {
          trafficRoutingProvider: 'istio',
          workload: {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: 'backend',
            namespace: 'webapp',
          },
          serviceName: 'backend',
          port: 9898,
          rolloutPolicy: {
            trafficRouting: {
              canaryStrategy: { maxWeight: 50, stepWeight: 10 },
            },
            trafficAnalysis: { checkIntervalSeconds: 90, checkFailedTimes: 2 },
          },
        },
      },
    ],
  },
};

const fleet = {
  apiVersion: 'fleet.kurator.dev/v1alpha1',
  kind: 'Fleet',
  metadata: { name: 'quickstart', namespace: 'default' },
  spec: {
    clusters: [
      { name: 'kurator-member1', kind: 'AttachedCluster' },
      { name: 'kurator-member2', kind: 'AttachedCluster' },
    ],
  },
};

const canary = {
  apiVersion: 'flagger.app/v1beta1',
  kind: 'Canary',
  metadata: {
    name: 'backend',
    namespace: 'webapp',
    resourceVersion: '1234',
    annotations: { 'kurator.dev/rollout': 'rollout-demo-0' },
    managedFields,
  },
  spec: {
    targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'backend' },
    service: { port: 9898 },
    analysis: { interval: '90s', threshold: 2, maxWeight: 50, stepWeight: 10 },
    // A field this product does not model stays in the answer: it is the object as held.
    progressDeadlineSeconds: 600,
  },
  status: {
    phase: 'Progressing',
    canaryWeight: 30,
    failedChecks: 0,
    lastTransitionTime: '2026-11-22T10:00:00Z',
  },
};

function serveFleet(member2: 'running' | 'unavailable' = 'running') {
  server.use(
    http.get(/\/api\/kubernetes\/proxy\//, ({ request: req }) => {
      const cluster = req.headers.get('backstage-kubernetes-cluster');
      const path = new URL(req.url).pathname.replace(
        /^.*\/api\/kubernetes\/proxy/,
        '',
      );
      const route = `${cluster} ${path}`;
      if (
        route ===
        'host /apis/apps.kurator.dev/v1alpha1/namespaces/default/applications/rollout-demo'
      ) {
        return HttpResponse.json(application);
      }
      if (
        route ===
        'host /apis/fleet.kurator.dev/v1alpha1/namespaces/default/fleets/quickstart'
      ) {
        return HttpResponse.json(fleet);
      }
      if (
        path === '/apis/flagger.app/v1beta1/namespaces/webapp/canaries/backend'
      ) {
        if (cluster === 'kurator-member2' && member2 === 'unavailable') {
          return HttpResponse.json(
            { kind: 'Status', code: 503, message: 'etcd is unavailable' },
            { status: 503 },
          );
        }
        return HttpResponse.json(canary);
      }
      if (path === '/apis/apps/v1/namespaces/webapp/deployments/backend') {
        return HttpResponse.json({
          spec: {
            template: {
              spec: { containers: [{ image: 'ghcr.io/podinfo:6.0.3' }] },
            },
          },
        });
      }
      return HttpResponse.json(
        { kind: 'Status', code: 404, message: `no route ${route}` },
        { status: 404 },
      );
    }),
  );
}

const detailPath = (cluster: string, name = 'backend') =>
  `/api/canary/entities/component/default/rollout-demo/rollouts/${cluster}/webapp/${name}`;

const startBackend = (
  permission:
    | AuthorizeResult.ALLOW
    | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
) => startCanaryBackend({ msw: server, entities: [rolloutDemo], permission });

describe('GET /entities/:kind/:namespace/:name/rollouts/:cluster/:canaryNamespace/:canaryName', () => {
  it('answers the summary, the Canary as the cluster holds it and the Kurator Application, without managedFields', async () => {
    const backend = await startBackend();
    serveFleet();
    const response = await request(backend)
      .get(detailPath('kurator-member1'))
      .set('Authorization', mockCredentials.user.header());

    expect(response.status).toBe(200);
    expect(response.body.rollout).toMatchObject({
      cluster: 'kurator-member1',
      namespace: 'webapp',
      name: 'backend',
      source: 'kurator',
      found: true,
      failedChecks: { count: 0, threshold: 2 },
      revision: { images: ['ghcr.io/podinfo:6.0.3'] },
      kurator: { application: { namespace: 'default', name: 'rollout-demo' } },
    });
    expect(response.body.rollout.state.weight.status).toBe(30);
    // The action's effect names every cluster of the policy, as in the list.
    const pause = response.body.rollout.actions.find(
      (a: { action: string }) => a.action === 'pause',
    );
    expect(pause).toMatchObject({
      possible: true,
      route: 'application-policy-patch',
    });
    expect(pause.effect).toMatch(/every cluster of the policy \(2\)/);

    const { managedFields: _dropped, ...canaryMetadata } = canary.metadata;
    expect(response.body.canary).toEqual({
      ...canary,
      metadata: canaryMetadata,
    });
    const { managedFields: _appDropped, ...applicationMetadata } =
      application.metadata;
    expect(response.body.application).toEqual({
      ...application,
      metadata: applicationMetadata,
    });
  });

  it('answers for a member while another member of the fleet fails', async () => {
    const backend = await startBackend();
    serveFleet('unavailable');
    const response = await request(backend)
      .get(detailPath('kurator-member1'))
      .set('Authorization', mockCredentials.user.header());
    expect(response.status).toBe(200);
    expect(response.body.canary.metadata.resourceVersion).toBe('1234');
  });

  it('answers the failing member with its error and no Canary', async () => {
    const backend = await startBackend();
    serveFleet('unavailable');
    const response = await request(backend)
      .get(detailPath('kurator-member2'))
      .set('Authorization', mockCredentials.user.header());
    expect(response.status).toBe(200);
    expect(response.body.rollout).toMatchObject({
      cluster: 'kurator-member2',
      found: false,
      error: {
        name: 'ServiceUnavailableError',
        message: 'Cluster kurator-member2: etcd is unavailable',
      },
    });
    expect(response.body.canary).toBeUndefined();
    expect(response.body.application.metadata.name).toBe('rollout-demo');
  });

  it("answers 404 for a canary that is not one of the entity's rollouts", async () => {
    const backend = await startBackend();
    serveFleet();
    const response = await request(backend)
      .get(detailPath('kurator-member1', 'payments'))
      .set('Authorization', mockCredentials.user.header());
    expect(response.status).toBe(404);
    expect(response.body.error.message).toBe(
      'Canary webapp/payments on cluster kurator-member1 is not a rollout of component:default/rollout-demo',
    );
  });

  it('answers 403 naming the permission when the user may not read rollouts', async () => {
    const backend = await startBackend(AuthorizeResult.DENY);
    serveFleet();
    const response = await request(backend)
      .get(detailPath('kurator-member1'))
      .set('Authorization', mockCredentials.user.header());
    expect(response.status).toBe(403);
    expect(response.body.error.message).toBe(
      'Permission canary.rollout.read is required for component:default/rollout-demo',
    );
  });

  it('refuses anonymous callers', async () => {
    const backend = await startBackend();
    const response = await request(backend)
      .get(detailPath('kurator-member1'))
      .set('Authorization', mockCredentials.none.header());
    expect(response.status).toBe(401);
  });
});
