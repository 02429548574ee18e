import {
  mockCredentials,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { startCanaryBackend } from '../__testUtils__/startCanaryBackend';

// The Kubernetes plugin's proxy is the HTTP boundary: a small in-memory API server behind it
// answers reads, creates and updates (with resourceVersion preconditions and dryRun=All).
// The lab-backed Playwright test (packages/backend/e2e-tests/policy.test.ts) covers real clusters.
const server = setupServer();
registerMswTestHooks(server);

const shop = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'shop',
    namespace: 'default',
    annotations: {
      'backstage-canary.io/kurator-application': 'default/shop',
      'backstage-canary.io/host-cluster': 'host',
    },
  },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
};
const checkout = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'checkout',
    namespace: 'default',
    annotations: { 'backstage-canary.io/canary': 'shop/checkout' },
  },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
};

const APPLICATION =
  '/apis/apps.kurator.dev/v1alpha1/namespaces/default/applications/shop';
const FLEET =
  '/apis/fleet.kurator.dev/v1alpha1/namespaces/default/fleets/quickstart';
const CANARY = '/apis/flagger.app/v1beta1/namespaces/shop/canaries/checkout';

const rollout = {
  testLoader: true,
  trafficRoutingProvider: 'kuma',
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
      timeoutSeconds: 60,
      protocol: 'http',
      canaryStrategy: { maxWeight: 50, stepWeight: 10 },
    },
    trafficAnalysis: {
      checkIntervalSeconds: 90,
      checkFailedTimes: 2,
      metrics: [
        {
          name: 'request-success-rate',
          intervalSeconds: 90,
          thresholdRange: { min: 99 },
        },
      ],
    },
  },
};

const application = () => ({
  apiVersion: 'apps.kurator.dev/v1alpha1',
  kind: 'Application',
  metadata: {
    name: 'shop',
    namespace: 'default',
    resourceVersion: '100',
    generation: 3,
    // The cluster side's proof that the Application belongs to the entity.
    annotations: { 'backstage-canary.io/entity-ref': 'component:default/shop' },
    managedFields: [{ manager: 'kubectl', operation: 'Update' }],
  },
  spec: {
    source: { gitRepository: { url: 'https://example.com/shop.git' } },
    syncPolicies: [
      {
        destination: { fleet: 'quickstart' },
        kustomization: { path: './deploy/webapp' },
        rollout,
      },
    ],
  },
  status: { syncStatus: [] },
});

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

const nativeCanary = () => ({
  apiVersion: 'flagger.app/v1beta1',
  kind: 'Canary',
  metadata: {
    name: 'checkout',
    namespace: 'shop',
    resourceVersion: '41',
    labels: { team: 'payments' },
    annotations: {
      'backstage-canary.io/entity-ref': 'component:default/checkout',
    },
  },
  spec: {
    provider: 'linkerd',
    targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'checkout' },
    service: { name: 'checkout', port: 80 },
    analysis: {
      interval: '1m',
      threshold: 5,
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
  status: { phase: 'Succeeded' },
});

/** The policy of the Kurator fixture, in the provider-neutral model. */
const kuratorPolicy = (stepWeight = 10) => ({
  workload: rollout.workload,
  provider: 'kuma',
  service: {
    name: 'backend',
    port: 9898,
    timeoutSeconds: 60,
    protocol: 'http',
  },
  traffic: { maxWeight: 50, stepWeight },
  analysis: {
    intervalSeconds: 90,
    threshold: 2,
    metrics: [
      {
        name: 'request-success-rate',
        intervalSeconds: 90,
        thresholdRange: { min: 99 },
      },
    ],
  },
  testLoader: true,
});

const nativePolicy = (stepWeight = 10) => ({
  workload: {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    name: 'checkout',
    namespace: 'shop',
  },
  provider: 'linkerd',
  service: { name: 'checkout', port: 80 },
  traffic: { maxWeight: 50, stepWeight },
  analysis: {
    intervalSeconds: 60,
    threshold: 5,
    metrics: [
      {
        name: 'request-success-rate',
        intervalSeconds: 60,
        thresholdRange: { min: 99 },
      },
    ],
  },
});

/** The native policy with one custom metric, `error-rate`, rendered to a MetricTemplate of that name. */
const errorRatePolicy = () => {
  const policy = nativePolicy();
  return {
    ...policy,
    analysis: {
      ...policy.analysis,
      metrics: [
        {
          name: 'error-rate',
          intervalSeconds: 60,
          thresholdRange: { max: 1 },
          custom: {
            provider: {
              type: 'prometheus',
              address: 'http://prometheus.istio-system:9090',
            },
            query: 'sum(rate(errors[1m]))',
          },
        },
      ],
    },
  };
};

/** Applies a JSON merge patch (RFC 7386), as the API server does. */
function applyMergePatch(target: any, patch: any): any {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    return patch;
  }
  const out =
    typeof target === 'object' && target !== null && !Array.isArray(target)
      ? { ...target }
      : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = applyMergePatch(out[key], value);
  }
  return out;
}

type Call = { cluster: string; method: string; path: string; dryRun: boolean };

/**
 * The clusters behind the Kubernetes plugin's proxy: objects by `<cluster><path>`, clusters that
 * fail with 503, and every call made.
 */
function serveClusters(options: {
  clusters: string[];
  objects: Record<string, any>;
  failing?: string[];
  /** Someone else writes the object between our read and our update. */
  raceOn?: string;
}) {
  const objects = new Map(
    Object.entries(options.objects).map(([k, v]) => [k, structuredClone(v)]),
  );
  const calls: Call[] = [];
  const handle = async ({ request: req }: { request: Request }) => {
    const url = new URL(req.url);
    const cluster = req.headers.get('backstage-kubernetes-cluster') ?? '';
    const path = url.pathname.replace(/^.*\/api\/kubernetes\/proxy/, '');
    const dryRun = url.searchParams.get('dryRun') === 'All';
    calls.push({ cluster, method: req.method, path, dryRun });
    if (options.failing?.includes(cluster)) {
      return HttpResponse.json(
        { kind: 'Status', code: 503, message: 'connection refused' },
        { status: 503 },
      );
    }
    const key = `${cluster}${path}`;
    if (req.method === 'GET') {
      const found = objects.get(key);
      return found
        ? HttpResponse.json(found)
        : HttpResponse.json(
            { kind: 'Status', code: 404, message: `${path} not found` },
            { status: 404 },
          );
    }
    const body = (await req.json()) as any;
    if (req.method === 'PATCH') {
      expect(req.headers.get('content-type')).toBe(
        'application/merge-patch+json',
      );
      const current = objects.get(key);
      if (options.raceOn === key && !dryRun) {
        current.metadata.resourceVersion = String(
          Number(current.metadata.resourceVersion) + 5,
        );
      }
      if (body.metadata.resourceVersion !== current.metadata.resourceVersion) {
        return HttpResponse.json(
          {
            kind: 'Status',
            code: 409,
            reason: 'Conflict',
            message: `Operation cannot be fulfilled on ${path}: the object has been modified; please apply your changes to the latest version and try again`,
          },
          { status: 409 },
        );
      }
      const merged = applyMergePatch(current, body);
      const changed =
        JSON.stringify(merged.spec) !== JSON.stringify(current.spec);
      const stored = {
        ...merged,
        metadata: {
          ...merged.metadata,
          resourceVersion: changed
            ? String(Number(current.metadata.resourceVersion) + 1)
            : current.metadata.resourceVersion,
          generation: (current.metadata.generation ?? 1) + (changed ? 1 : 0),
        },
        status: current.status,
      };
      if (!dryRun) objects.set(key, stored);
      return HttpResponse.json(stored);
    }
    // POST to a collection.
    const stored = {
      ...body,
      metadata: {
        ...body.metadata,
        uid: 'u-1',
        resourceVersion: '1',
        generation: 1,
        creationTimestamp: '2026-11-22T10:00:00Z',
      },
    };
    if (!dryRun) objects.set(`${key}/${body.metadata.name}`, stored);
    return HttpResponse.json(stored, { status: 201 });
  };
  server.use(
    http.get(/\/api\/kubernetes\/clusters$/, () =>
      HttpResponse.json({ items: options.clusters.map(name => ({ name })) }),
    ),
    http.all(/\/api\/kubernetes\/proxy\//, handle),
  );
  return {
    calls,
    writes: () => calls.filter(c => c.method !== 'GET'),
    object: (key: string) => objects.get(key),
  };
}

const kuratorClusters = () =>
  serveClusters({
    clusters: ['host', 'kurator-member1', 'kurator-member2'],
    objects: { [`host${APPLICATION}`]: application(), [`host${FLEET}`]: fleet },
  });

const nativeClusters = (failing: string[] = []) =>
  serveClusters({
    clusters: ['prod', 'staging', 'qa'],
    objects: {
      [`prod${CANARY}`]: nativeCanary(),
      [`staging${CANARY}`]: nativeCanary(),
      // On qa the canary does not exist yet: its namespace binds the workload to checkout.
      'qa/api/v1/namespaces/shop': {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name: 'shop',
          annotations: {
            'backstage-canary.io/entity-ref': 'component:default/checkout',
          },
        },
      },
    },
    failing,
  });

const start = (
  permission:
    | AuthorizeResult.ALLOW
    | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
) =>
  startCanaryBackend({ msw: server, entities: [shop, checkout], permission });

const url = (entity: string, step = '') =>
  `/api/canary/entities/component/default/${entity}/policy${step}`;
const auth = mockCredentials.user.header('user:default/alice');

describe('GET .../policy', () => {
  it("reads the Kurator Application's rollout policy with its members", async () => {
    const backend = await start();
    kuratorClusters();
    const response = await request(backend)
      .get(url('shop'))
      .set('Authorization', auth);
    expect(response.status).toBe(200);
    expect(response.body.errors).toEqual([]);
    expect(response.body.items).toEqual([
      {
        source: {
          target: 'kurator',
          hostCluster: 'host',
          application: { namespace: 'default', name: 'shop' },
          policyIndex: 0,
          policyName: 'shop-0',
          fleet: 'quickstart',
          clusters: ['kurator-member1', 'kurator-member2'],
        },
        policy: kuratorPolicy(10),
        warnings: [],
        issues: [],
      },
    ]);
  });

  it('reads native canaries, with a per-cluster error for a cluster that fails', async () => {
    const backend = await start();
    nativeClusters(['staging']);
    const response = await request(backend)
      .get(url('checkout'))
      .set('Authorization', auth);
    expect(response.status).toBe(200);
    expect(response.body.items).toHaveLength(1);
    expect(response.body.items[0].source).toEqual({
      target: 'flagger',
      cluster: 'prod',
      namespace: 'shop',
      name: 'checkout',
    });
    expect(response.body.items[0].policy.traffic).toEqual({
      maxWeight: 50,
      stepWeight: 10,
    });
    expect(response.body.errors).toEqual([
      expect.objectContaining({
        cluster: 'staging',
        message: expect.stringContaining('connection refused'),
      }),
    ]);
  });
});

describe('POST .../policy/validate', () => {
  it('accepts a valid policy', async () => {
    const backend = await start();
    const response = await request(backend)
      .post(url('shop', '/validate'))
      .set('Authorization', auth)
      .send({ target: 'kurator', policy: kuratorPolicy(10) });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ valid: true, issues: [] });
  });

  it('names the fields of an invalid policy', async () => {
    const backend = await start();
    const policy = {
      ...kuratorPolicy(),
      traffic: { stepWeight: 10, iterations: 5 },
      service: { name: 'other', port: 9898 },
    };
    const response = await request(backend)
      .post(url('shop', '/validate'))
      .set('Authorization', auth)
      .send({ target: 'kurator', policy });
    expect(response.status).toBe(200);
    expect(response.body.valid).toBe(false);
    expect(
      response.body.issues
        .filter((i: any) => i.severity === 'error')
        .map((i: any) => i.path),
    ).toEqual(['traffic', 'service.name']);
  });

  it('refuses an unknown target with 400 naming what is allowed', async () => {
    const backend = await start();
    const response = await request(backend)
      .post(url('shop', '/validate'))
      .set('Authorization', auth)
      .send({ target: 'argo', policy: kuratorPolicy() });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/target/);
    expect(response.body.error.message).toMatch(/kurator, flagger/);
  });
});

describe('POST .../policy/preview', () => {
  it('shows the Application for the host and what Kurator renders on each member', async () => {
    const backend = await start();
    const clusters = kuratorClusters();
    const response = await request(backend)
      .post(url('shop', '/preview'))
      .set('Authorization', auth)
      .send({ target: 'kurator', policy: kuratorPolicy(25) });
    expect(response.status).toBe(200);
    const { manifests } = response.body;
    expect(manifests.map((m: any) => [m.cluster, m.role])).toEqual([
      ['host', 'host'],
      ['kurator-member1', 'member'],
      ['kurator-member2', 'member'],
    ]);
    const [host] = manifests[0].objects;
    expect(
      host.spec.syncPolicies[0].rollout.rolloutPolicy.trafficRouting
        .canaryStrategy,
    ).toEqual({ maxWeight: 50, stepWeight: 25 });
    // The rest of the sync policy is kept, server-managed fields are not shown.
    expect(host.spec.syncPolicies[0].kustomization).toEqual({
      path: './deploy/webapp',
    });
    expect(host.metadata.managedFields).toBeUndefined();
    expect(host.status).toBeUndefined();
    const memberCanary = manifests[1].objects.find(
      (o: any) => o.kind === 'Canary',
    );
    expect(memberCanary.metadata).toMatchObject({
      name: 'backend',
      namespace: 'webapp',
    });
    expect(memberCanary.spec.analysis.stepWeight).toBe(25);
    expect(manifests[1].yaml).toMatch(/stepWeight: 25/);
    expect(clusters.writes()).toEqual([]);
  });

  it('refuses a policy with errors with 400 and field-level issues', async () => {
    const backend = await start();
    kuratorClusters();
    const response = await request(backend)
      .post(url('shop', '/preview'))
      .set('Authorization', auth)
      .send({
        target: 'kurator',
        policy: { ...kuratorPolicy(), traffic: { stepWeight: 150 } },
      });
    expect(response.status).toBe(400);
    expect(response.body.error.name).toBe('InputError');
    expect(response.body.error.message).toMatch(/traffic\.stepWeight/);
    expect(response.body.issues).toEqual([
      expect.objectContaining({
        path: 'traffic.stepWeight',
        severity: 'error',
      }),
    ]);
  });
});

describe('POST .../policy/dry-run', () => {
  it("refuses a Kurator policy naming another workload than its sync policy's, namespace included", async () => {
    const backend = await start();
    const app = structuredClone(application()) as any;
    // Kurator renders a workload without a namespace in the Application's namespace (default).
    delete app.spec.syncPolicies[0].rollout.workload.namespace;
    const clusters = serveClusters({
      clusters: ['host', 'kurator-member1', 'kurator-member2'],
      objects: { [`host${APPLICATION}`]: app, [`host${FLEET}`]: fleet },
    });
    const policy = kuratorPolicy();
    const response = await request(backend)
      .post(url('shop', '/dry-run'))
      .set('Authorization', auth)
      .send({
        target: 'kurator',
        policy: {
          ...policy,
          workload: { ...policy.workload, namespace: 'payments' },
        },
      });
    expect(response.status).toBe(403);
    expect(response.body.error.message).toContain(
      'sync policy 0 of Application default/shop rolls out default/backend; the policy names payments/backend',
    );
    expect(clusters.writes()).toEqual([]);
  });

  it("refuses to overwrite another team's MetricTemplate in a shared namespace", async () => {
    const backend = await start();
    const clusters = serveClusters({
      clusters: ['prod'],
      objects: {
        [`prod${CANARY}`]: nativeCanary(),
        // Team payments' template in the same namespace: nothing on it names checkout.
        'prod/apis/flagger.app/v1beta1/namespaces/shop/metrictemplates/error-rate':
          {
            apiVersion: 'flagger.app/v1beta1',
            kind: 'MetricTemplate',
            metadata: {
              name: 'error-rate',
              namespace: 'shop',
              resourceVersion: '3',
              annotations: {
                'backstage-canary.io/entity-ref': 'component:default/payments',
              },
            },
            spec: { provider: { type: 'prometheus' }, query: 'up' },
          },
      },
    });
    const response = await request(backend)
      .post(url('checkout', '/dry-run'))
      .set('Authorization', auth)
      .send({
        target: 'flagger',
        policy: errorRatePolicy(),
      });
    expect(response.status).toBe(403);
    expect(response.body.error.message).toContain(
      'MetricTemplate shop/error-rate on cluster prod names other entities',
    );
    expect(clusters.writes()).toEqual([]);
  });

  it('updates a template that names no one only while no other canary uses it', async () => {
    const backend = await start();
    const TEMPLATES =
      'prod/apis/flagger.app/v1beta1/namespaces/shop/metrictemplates';
    const CANARIES = 'prod/apis/flagger.app/v1beta1/namespaces/shop/canaries';
    const silentTemplate = {
      apiVersion: 'flagger.app/v1beta1',
      kind: 'MetricTemplate',
      metadata: { name: 'error-rate', namespace: 'shop', resourceVersion: '3' },
      spec: { provider: { type: 'prometheus' }, query: 'up' },
    };
    const using = (name: string) => ({
      ...nativeCanary(),
      metadata: { ...nativeCanary().metadata, name },
      spec: {
        ...nativeCanary().spec,
        analysis: {
          ...nativeCanary().spec.analysis,
          metrics: [
            {
              name: 'error-rate',
              interval: '1m',
              templateRef: { name: 'error-rate' },
            },
          ],
        },
      },
    });
    const body = {
      target: 'flagger',
      policy: errorRatePolicy(),
    };
    const dryRun = (canaries: object[]) => {
      serveClusters({
        clusters: ['prod'],
        objects: {
          [`prod${CANARY}`]: nativeCanary(),
          [`${TEMPLATES}/error-rate`]: silentTemplate,
          [CANARIES]: { items: canaries, metadata: {} },
        },
      });
      return request(backend)
        .post(url('checkout', '/dry-run'))
        .set('Authorization', auth)
        .send(body);
    };
    // Only checkout's own canary uses it: the entity's, by use.
    expect((await dryRun([using('checkout')])).status).toBe(200);
    // Another team's canary uses it too: refused, naming it.
    const shared = await dryRun([using('checkout'), using('payments')]);
    expect(shared.status).toBe(403);
    expect(shared.body.error.message).toContain(
      'it is used by Canary shop/payments',
    );
  });

  it("never shows the cluster's gate secret in a diff", async () => {
    const backend = await start();
    const gated = nativeCanary() as any;
    gated.spec.analysis.webhooks = [
      {
        name: 'confirm-promotion',
        type: 'confirm-promotion',
        url: 'http://backstage.example/api/canary/gates/prod/confirm-promotion',
        metadata: { token: 'cluster-gate-secret-1234' },
      },
    ];
    serveClusters({
      clusters: ['prod'],
      objects: { [`prod${CANARY}`]: gated },
    });
    // A policy without the gate: the diff removes the webhook, token and all.
    const response = await request(backend)
      .post(url('checkout', '/dry-run'))
      .set('Authorization', auth)
      .send({ target: 'flagger', policy: nativePolicy(5) });
    expect(response.status).toBe(200);
    expect(response.text).not.toContain('cluster-gate-secret-1234');
    expect(response.body.clusters[0].objects[0].diff).toMatch(
      /^-\s+token: <redacted>$/m,
    );
  });

  it('dry-runs the Application update on the host with the current resourceVersion, changing nothing', async () => {
    const backend = await start();
    const clusters = kuratorClusters();
    const response = await request(backend)
      .post(url('shop', '/dry-run'))
      .set('Authorization', auth)
      .send({ target: 'kurator', policy: kuratorPolicy(20) });
    expect(response.status).toBe(200);
    expect(response.body.applied).toBe(false);
    expect(
      response.body.clusters.map((c: any) => [c.cluster, c.role, c.rendered]),
    ).toEqual([
      ['host', 'host', undefined],
      ['kurator-member1', 'member', true],
      ['kurator-member2', 'member', true],
    ]);
    // The members hold no canary yet: Kurator would create it there.
    expect(response.body.clusters[1].objects).toEqual([
      expect.objectContaining({
        kind: 'Canary',
        namespace: 'webapp',
        name: 'backend',
        operation: 'create',
      }),
    ]);
    const [host] = response.body.clusters;
    expect(host).toMatchObject({ cluster: 'host', role: 'host' });
    expect(host.objects).toEqual([
      expect.objectContaining({
        kind: 'Application',
        namespace: 'default',
        name: 'shop',
        operation: 'update',
        resourceVersion: '100',
      }),
    ]);
    const diff: string = host.objects[0].diff;
    expect(diff).toMatch(/^-\s+stepWeight: 10$/m);
    expect(diff).toMatch(/^\+\s+stepWeight: 20$/m);
    // Server-managed fields are not part of the diff.
    expect(diff).not.toMatch(/resourceVersion|generation|managedFields/);
    expect(clusters.writes()).toEqual([
      { cluster: 'host', method: 'PATCH', path: APPLICATION, dryRun: true },
    ]);
    expect(
      clusters.object(`host${APPLICATION}`).spec.syncPolicies[0].rollout
        .rolloutPolicy.trafficRouting.canaryStrategy.stepWeight,
    ).toBe(10);
  });

  it('compares what Kurator would render on each member with what it holds, read-only, with a per-member error', async () => {
    const backend = await start();
    // What Kurator rendered from the current policy (stepWeight 10) is on member1; member2 is down.
    serveClusters({
      clusters: ['host', 'kurator-member1', 'kurator-member2'],
      objects: {
        [`host${APPLICATION}`]: application(),
        [`host${FLEET}`]: fleet,
      },
    });
    const preview = await request(backend)
      .post(url('shop', '/preview'))
      .set('Authorization', auth)
      .send({ target: 'kurator', policy: kuratorPolicy(10) });
    const rendered = preview.body.manifests[1].objects;
    const held: Record<string, any> = {
      [`host${APPLICATION}`]: application(),
      [`host${FLEET}`]: fleet,
    };
    for (const object of rendered) {
      const plural = object.kind === 'Canary' ? 'canaries' : 'metrictemplates';
      held[
        `kurator-member1/apis/${object.apiVersion}/namespaces/${object.metadata.namespace}/${plural}/${object.metadata.name}`
      ] = {
        ...object,
        metadata: {
          ...object.metadata,
          resourceVersion: '7',
          labels: { ...object.metadata.labels, 'set-by': 'kurator' },
        },
        status: { phase: 'Succeeded' },
      };
    }
    // Kurator set the Canary's targetPort from the member's Service, not from the policy.
    const heldCanary =
      held[
        'kurator-member1/apis/flagger.app/v1beta1/namespaces/webapp/canaries/backend'
      ];
    heldCanary.spec.service.targetPort = 'http';
    const clusters = serveClusters({
      clusters: ['host', 'kurator-member1', 'kurator-member2'],
      objects: held,
      failing: ['kurator-member2'],
    });

    const response = await request(backend)
      .post(url('shop', '/dry-run'))
      .set('Authorization', auth)
      .send({ target: 'kurator', policy: kuratorPolicy(20) });
    expect(response.status).toBe(200);
    const [, member1, member2] = response.body.clusters;
    expect(member1).toMatchObject({
      cluster: 'kurator-member1',
      role: 'member',
      rendered: true,
    });
    const canary = member1.objects.find((o: any) => o.kind === 'Canary');
    expect(canary).toMatchObject({
      name: 'backend',
      operation: 'update',
      resourceVersion: '7',
    });
    expect(canary.diff).toMatch(/^-\s+stepWeight: 10$/m);
    expect(canary.diff).toMatch(/^\+\s+stepWeight: 20$/m);
    // Labels Kurator does not render, status and server fields are no change.
    expect(canary.diff).not.toMatch(/set-by|phase|resourceVersion|targetPort/);
    for (const other of member1.objects.filter((o: any) => o !== canary)) {
      expect(other.operation).toBe('unchanged');
    }
    expect(member2).toMatchObject({
      cluster: 'kurator-member2',
      role: 'member',
      rendered: true,
      objects: [],
      error: expect.objectContaining({ cluster: 'kurator-member2' }),
    });
    // Only the host got a (dry-run) write; the members were only read.
    expect(clusters.writes()).toEqual([
      { cluster: 'host', method: 'PATCH', path: APPLICATION, dryRun: true },
    ]);
  });

  it('says unchanged when the policy is what the cluster holds', async () => {
    const backend = await start();
    const clusters = kuratorClusters();
    const response = await request(backend)
      .post(url('shop', '/dry-run'))
      .set('Authorization', auth)
      .send({ target: 'kurator', policy: kuratorPolicy(10) });
    expect(response.status).toBe(200);
    expect(response.body.clusters[0].objects[0]).toMatchObject({
      operation: 'unchanged',
      diff: '',
    });
    // Nothing to write: the cluster is not even asked for a dry run.
    expect(clusters.writes()).toEqual([]);
  });

  it('dry-runs a native policy on each cluster, with a per-cluster error for the one that fails', async () => {
    const backend = await start();
    const clusters = nativeClusters(['staging']);
    const response = await request(backend)
      .post(url('checkout', '/dry-run'))
      .set('Authorization', auth)
      .send({
        target: 'flagger',
        policy: nativePolicy(5),
        clusters: ['prod', 'staging', 'qa'],
      });
    expect(response.status).toBe(200);
    // A cluster that cannot be read proves nothing: it is left out, with its error.
    const [prod, qa] = response.body.clusters;
    expect(prod.cluster).toBe('prod');
    expect(prod.objects).toEqual([
      expect.objectContaining({
        kind: 'Canary',
        name: 'checkout',
        operation: 'update',
      }),
    ]);
    expect(prod.objects[0].diff).toMatch(/^\+\s+stepWeight: 5$/m);
    // Labels the cluster holds are kept.
    expect(prod.objects[0].diff).not.toMatch(/^-\s+team: payments$/m);
    expect(response.body.errors).toEqual([
      expect.objectContaining({
        cluster: 'staging',
        message: expect.stringContaining('connection refused'),
      }),
    ]);
    // Where the canary does not exist yet, it would be created.
    expect(qa.objects).toEqual([
      expect.objectContaining({ kind: 'Canary', operation: 'create' }),
    ]);
    expect(qa.objects[0].diff).toMatch(/^\+\s+stepWeight: 5$/m);
    expect(qa.objects[0].diff).not.toMatch(/uid|creationTimestamp/);
    // The clusters are written to in parallel: in no particular order.
    expect(
      [...clusters.writes()].sort((a, b) => a.cluster.localeCompare(b.cluster)),
    ).toEqual([
      { cluster: 'prod', method: 'PATCH', path: CANARY, dryRun: true },
      {
        cluster: 'qa',
        method: 'POST',
        path: '/apis/flagger.app/v1beta1/namespaces/shop/canaries',
        dryRun: true,
      },
    ]);
    expect(clusters.object(`qa${CANARY}`)).toBeUndefined();
  });

  it('names unknown clusters and the known ones', async () => {
    const backend = await start();
    nativeClusters();
    const response = await request(backend)
      .post(url('checkout', '/dry-run'))
      .set('Authorization', auth)
      .send({ target: 'flagger', policy: nativePolicy(), clusters: ['dev'] });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toBe(
      'Field clusters names unknown clusters dev; known clusters: prod, staging, qa',
    );
    expect(response.body.issues).toEqual([
      expect.objectContaining({ path: 'clusters' }),
    ]);
  });
});

describe('POST .../policy/apply', () => {
  it('refuses a denied caller with 403 naming the permission, before touching any cluster', async () => {
    const backend = await start(AuthorizeResult.DENY);
    const clusters = kuratorClusters();
    const response = await request(backend)
      .post(url('shop', '/apply'))
      .set('Authorization', auth)
      .send({ target: 'kurator', policy: kuratorPolicy(20), reason: 'faster' });
    expect(response.status).toBe(403);
    expect(response.body.error.message).toBe(
      'Permission canary.policy.create is required for component:default/shop',
    );
    expect(clusters.calls).toEqual([]);
  });

  it('requires a reason, naming the field', async () => {
    const backend = await start();
    const clusters = kuratorClusters();
    const response = await request(backend)
      .post(url('shop', '/apply'))
      .set('Authorization', auth)
      .send({ target: 'kurator', policy: kuratorPolicy(20) });
    expect(response.status).toBe(400);
    expect(response.body.issues).toEqual([
      expect.objectContaining({ path: 'reason' }),
    ]);
    expect(clusters.calls).toEqual([]);
  });

  it('applies the policy to the Application with the resourceVersion precondition', async () => {
    const backend = await start();
    const clusters = kuratorClusters();
    const response = await request(backend)
      .post(url('shop', '/apply'))
      .set('Authorization', auth)
      .send({ target: 'kurator', policy: kuratorPolicy(20), reason: 'faster' });
    expect(response.status).toBe(200);
    expect(response.body.applied).toBe(true);
    // Kurator renders the members from the Application: an apply reports the host only.
    expect(response.body.clusters.map((c: any) => c.cluster)).toEqual(['host']);
    expect(response.body.clusters[0].objects[0]).toMatchObject({
      operation: 'update',
      resourceVersion: '100',
    });
    expect(clusters.writes()).toEqual([
      { cluster: 'host', method: 'PATCH', path: APPLICATION, dryRun: false },
    ]);
    const stored = clusters.object(`host${APPLICATION}`);
    expect(
      stored.spec.syncPolicies[0].rollout.rolloutPolicy.trafficRouting
        .canaryStrategy.stepWeight,
    ).toBe(20);
    expect(stored.metadata.resourceVersion).toBe('101');
  });

  it('answers 409 with the current resourceVersion when the Application changed meanwhile', async () => {
    const backend = await start();
    serveClusters({
      clusters: ['host'],
      objects: {
        [`host${APPLICATION}`]: application(),
        [`host${FLEET}`]: fleet,
      },
      raceOn: `host${APPLICATION}`,
    });
    const response = await request(backend)
      .post(url('shop', '/apply'))
      .set('Authorization', auth)
      .send({ target: 'kurator', policy: kuratorPolicy(20), reason: 'race' });
    expect(response.status).toBe(409);
    expect(response.body.error.message).toBe(
      'The policy was not applied where the object changed meanwhile: Cluster host: Application default/shop changed since it was read (resourceVersion 100); it is now at resourceVersion 105. Dry-run again to see the current state, then apply.',
    );
  });
});

describe('a native policy read back from its Canary', () => {
  // Shaped like the lab's native shop/checkout, paused, with its own webhook names, no
  // service.name, and fields the policy model does not cover.
  const pausedCanary = () => ({
    apiVersion: 'flagger.app/v1beta1',
    kind: 'Canary',
    metadata: {
      name: 'checkout',
      namespace: 'shop',
      resourceVersion: '77',
      labels: { 'backstage.io/kubernetes-id': 'checkout' },
      annotations: {
        'backstage-canary.io/entity-ref': 'component:default/checkout',
      },
    },
    spec: {
      provider: 'istio',
      targetRef: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: 'checkout',
      },
      progressDeadlineSeconds: 120,
      suspend: true,
      autoscalerRef: {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        name: 'checkout',
      },
      service: { port: 8080, targetPort: 8080 },
      analysis: {
        interval: '30s',
        threshold: 3,
        maxWeight: 30,
        stepWeight: 10,
        alerts: [{ name: 'on-call', severity: 'error' }],
        metrics: [
          {
            name: 'request-success-rate',
            interval: '1m',
            thresholdRange: { min: 99 },
          },
          {
            name: 'request-duration',
            interval: '1m',
            thresholdRange: { max: 500 },
          },
        ],
        webhooks: [
          {
            name: 'smoke',
            type: 'pre-rollout',
            url: 'http://flagger-loadtester.shop/',
            metadata: {
              type: 'bash',
              cmd: 'curl -s http://checkout-canary.shop:8080/',
            },
          },
          {
            name: 'load-test',
            type: 'rollout',
            url: 'http://flagger-loadtester.shop/',
            timeout: '5s',
            metadata: {
              type: 'cmd',
              cmd: 'hey -z 1m -q 10 -c 2 http://checkout-canary.shop:8080/',
            },
          },
          {
            name: 'promotion-gate',
            type: 'confirm-promotion',
            url: 'http://flagger-loadtester.shop/gate/check',
          },
          {
            name: 'rollback-gate',
            type: 'rollback',
            url: 'http://flagger-loadtester.shop/rollback/check',
          },
        ],
      },
    },
    status: { phase: 'Succeeded' },
  });

  const pausedClusters = () =>
    serveClusters({
      clusters: ['prod'],
      objects: { [`prod${CANARY}`]: pausedCanary() },
    });

  const readPolicy = async (backend: any) => {
    const response = await request(backend)
      .get(url('checkout'))
      .set('Authorization', auth);
    expect(response.status).toBe(200);
    return response.body.items[0].policy;
  };

  it('dry-runs as unchanged, with or without the pause state in the policy', async () => {
    const backend = await start();
    const clusters = pausedClusters();
    const policy = await readPolicy(backend);
    expect(policy.suspend).toBe(true);
    const { suspend: _suspend, ...withoutSuspend } = policy;
    for (const sent of [policy, withoutSuspend]) {
      const response = await request(backend)
        .post(url('checkout', '/dry-run'))
        .set('Authorization', auth)
        .send({ target: 'flagger', policy: sent, clusters: ['prod'] });
      expect(response.status).toBe(200);
      expect(response.body.clusters[0].objects).toEqual([
        expect.objectContaining({
          kind: 'Canary',
          operation: 'unchanged',
          diff: '',
        }),
      ]);
    }
    expect(clusters.writes()).toEqual([]);
  });

  it('changes only stepWeight when only stepWeight changes, and the canary stays paused', async () => {
    const backend = await start();
    const clusters = pausedClusters();
    const { suspend: _suspend, ...policy } = await readPolicy(backend);
    const changed = {
      ...policy,
      traffic: { ...policy.traffic, stepWeight: 5 },
    };
    const dryRun = await request(backend)
      .post(url('checkout', '/dry-run'))
      .set('Authorization', auth)
      .send({ target: 'flagger', policy: changed, clusters: ['prod'] });
    expect(dryRun.status).toBe(200);
    const { operation, diff } = dryRun.body.clusters[0].objects[0];
    expect(operation).toBe('update');
    const changedLines = diff
      .split('\n')
      .filter((line: string) => /^[+-](?![+-]{2} )/.test(line));
    expect(changedLines).toEqual(['-    stepWeight: 10', '+    stepWeight: 5']);

    const apply = await request(backend)
      .post(url('checkout', '/apply'))
      .set('Authorization', auth)
      .send({
        target: 'flagger',
        policy: changed,
        clusters: ['prod'],
        reason: 'smaller steps',
      });
    expect(apply.status).toBe(200);
    const stored = clusters.object(`prod${CANARY}`);
    const expected = pausedCanary();
    expected.spec.analysis.stepWeight = 5;
    expect(stored.spec).toEqual(expected.spec);
    expect(stored.spec.suspend).toBe(true);
  });
});
