import fs from 'fs';
import https from 'https';
import path from 'path';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { labCluster, type LabCluster } from './lab';

// The canary-service software template, run through the real backend's scaffolder dry-run API (the
// API behind the template editor) with the real canary:policy:* actions; every Kubernetes manifest
// it produces is then sent to the fleet lab's real kube-apiservers with a server-side dry run
// (?dryRun=All: admission, CRD schemas and validation run, nothing is stored), the Kurator
// Application to the fleet's host cluster and the workload manifests to a member.
const backend = 'http://localhost:7007';
const templateDir = path.resolve(
  __dirname,
  '../../../examples/templates/canary-service',
);
const namespace = `scaffold-test-${Date.now().toString(36)}`;
const host = () => labCluster('host');
const member = () => labCluster('kurator-member1');

type Api = { token: string; request: APIRequestContext };
type DryRunLog = {
  body: { stepId?: string; status?: string; message: string };
};
type DryRunResult = {
  files: Map<string, string>;
  log: DryRunLog[];
  output: { text: { title: string; content: string }[] };
};

async function guest(request: APIRequestContext): Promise<Api> {
  const response = await request.get(
    `${backend}/api/auth/guest/refresh?optional&env=development`,
    { headers: { 'X-Requested-With': 'XMLHttpRequest' } },
  );
  expect(response.ok()).toBe(true);
  return { token: (await response.json()).backstageIdentity.token, request };
}

/** The template entity as the catalog serves it (the app registers examples/templates). */
async function templateEntity({ token, request }: Api) {
  const response = await request.get(
    `${backend}/api/catalog/entities/by-name/template/default/canary-service`,
    { headers: { Authorization: `Bearer ${token}` } },
  );
  expect(response.status()).toBe(200);
  return response.json();
}

/** The template folder's files (its skeleton), as the template editor uploads them. */
function skeletonContents() {
  const walk = (dir: string): string[] =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .flatMap(e =>
        e.isDirectory()
          ? walk(path.join(dir, e.name))
          : [path.join(dir, e.name)],
      );
  return walk(path.join(templateDir, 'skeleton')).map(file => ({
    path: path.relative(templateDir, file),
    base64Content: fs.readFileSync(file).toString('base64'),
  }));
}

/** The values the form sends (the dry-run API, unlike the form, fills in no defaults). */
function formValues(overrides: Record<string, unknown>) {
  return {
    name: 'scaffold-svc',
    owner: 'group:default/guests',
    namespace,
    image: 'stefanprodan/podinfo:6.7.1',
    port: 9898,
    minReplicas: 2,
    maxReplicas: 4,
    hpaApiVersion: 'autoscaling/v2',
    outputKind: 'flagger',
    policyInput: 'guided',
    provider: 'istio',
    strategy: 'canary',
    maxWeight: 50,
    stepWeight: 10,
    iterations: 10,
    abHeader: 'insider',
    intervalSeconds: 60,
    threshold: 5,
    successRate: 99,
    latency: 500,
    host: 'app.example.com',
    loadtesterUrl: 'http://flagger-loadtester.test/',
    ...overrides,
  };
}

async function dryRun(
  api: Api,
  values: Record<string, unknown>,
): Promise<{ status: number; body: any }> {
  const response = await api.request.post(
    `${backend}/api/scaffolder/v2/dry-run`,
    {
      headers: { Authorization: `Bearer ${api.token}` },
      data: {
        template: await templateEntity(api),
        values,
        directoryContents: skeletonContents(),
      },
    },
  );
  return { status: response.status(), body: await response.json() };
}

async function dryRunOk(
  api: Api,
  values: Record<string, unknown>,
): Promise<DryRunResult> {
  const { status, body } = await dryRun(api, values);
  expect(status, JSON.stringify(body).slice(0, 2000)).toBe(200);
  const files = new Map<string, string>(
    body.directoryContents
      // The uploaded template folder is part of the workspace listing too.
      .filter((f: { path: string }) => !f.path.startsWith('skeleton/'))
      .map((f: { path: string; base64Content: string }) => [
        f.path,
        Buffer.from(f.base64Content, 'base64').toString('utf8'),
      ]),
  );
  return { files, log: body.log, output: body.output };
}

function stepLog(result: { log: DryRunLog[] }, stepId: string) {
  return result.log
    .filter(l => l.body.stepId === stepId)
    .map(l => `${l.body.status ?? ''} ${l.body.message}`)
    .join('\n');
}

/** The annotations the template's output reports for the Canary tab. */
function reportedAnnotations(result: DryRunResult): Record<string, string> {
  const content = result.output.text[0].content;
  return JSON.parse(content.slice(content.indexOf('{')));
}

const PLURALS: Record<string, string> = {
  Namespace: 'namespaces',
  Deployment: 'deployments',
  Service: 'services',
  HorizontalPodAutoscaler: 'horizontalpodautoscalers',
  Ingress: 'ingresses',
  Canary: 'canaries',
  MetricTemplate: 'metrictemplates',
  Application: 'applications',
};

/** The documents of a YAML file with the fields that address them on the apiserver. */
function documents(text: string) {
  return text
    .split(/^---\s*$/m)
    .filter(doc => doc.trim())
    .map(doc => ({
      yaml: doc,
      apiVersion: /^apiVersion: (\S+)$/m.exec(doc)?.[1] ?? '',
      kind: /^kind: (\S+)$/m.exec(doc)?.[1] ?? '',
    }));
}

function collectionPath(apiVersion: string, kind: string, ns?: string) {
  const prefix = apiVersion.includes('/')
    ? `/apis/${apiVersion}`
    : `/api/${apiVersion}`;
  return `${prefix}${ns ? `/namespaces/${ns}` : ''}/${PLURALS[kind]}`;
}

type KubeResponse = { status: number; body: any };

/** A request to a lab apiserver as its admin; the manifests go as the YAML the template wrote. */
function kube(
  cluster: LabCluster,
  method: string,
  apiPath: string,
  body?: string,
  contentType = 'application/yaml',
): Promise<KubeResponse> {
  return new Promise((resolve, reject) => {
    const request = https.request(
      `${cluster.url}${apiPath}`,
      {
        method,
        ca: fs.readFileSync(cluster.caFile),
        headers: {
          Authorization: `Bearer ${cluster.tokens.admin}`,
          Accept: 'application/json',
          ...(body ? { 'Content-Type': contentType } : {}),
        },
        timeout: 10_000,
      },
      response => {
        let text = '';
        response.on('data', chunk => (text += chunk));
        response.on('end', () => {
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // a plain-text answer (e.g. a 404 for an API version the server does not serve)
          }
          resolve({ status: response.statusCode ?? 0, body: parsed });
        });
      },
    );
    request.on('error', reject);
    if (body) request.write(body);
    request.end();
  });
}

/** Server-side dry-run create of one manifest: validated and admitted, never stored. */
function dryRunCreate(
  cluster: LabCluster,
  doc: { yaml: string; apiVersion: string; kind: string },
) {
  return kube(
    cluster,
    'POST',
    `${collectionPath(doc.apiVersion, doc.kind, namespace)}?dryRun=All`,
    doc.yaml,
  );
}

async function expectAccepted(
  cluster: LabCluster,
  doc: { yaml: string; apiVersion: string; kind: string },
) {
  const response = await dryRunCreate(cluster, doc);
  expect(
    response.status,
    `${cluster.name} ${doc.kind}: ${JSON.stringify(response.body)}`,
  ).toBe(201);
  expect(response.body.kind).toBe(doc.kind);
  expect(response.body.metadata.namespace).toBe(namespace);
  // A dry run stores nothing.
  const stored = await kube(
    cluster,
    'GET',
    `${collectionPath(doc.apiVersion, doc.kind, namespace)}/${
      response.body.metadata.name
    }`,
  );
  expect(stored.status).toBe(404);
  return response.body;
}

// The lab's clusters are bare apiservers (no namespace controller): a deleted namespace is finalized
// here, which is safe because dry runs left nothing in it.
async function deleteNamespace(cluster: LabCluster) {
  await kube(cluster, 'DELETE', `/api/v1/namespaces/${namespace}`);
  await kube(
    cluster,
    'PUT',
    `/api/v1/namespaces/${namespace}/finalize`,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace },
      spec: { finalizers: [] },
    }),
    'application/json',
  );
  const gone = await kube(cluster, 'GET', `/api/v1/namespaces/${namespace}`);
  expect(gone.status).toBe(404);
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  for (const cluster of [host(), member()]) {
    const created = await kube(
      cluster,
      'POST',
      '/api/v1/namespaces',
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: namespace },
      }),
      'application/json',
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
  }
});

test.afterAll(async () => {
  for (const cluster of [host(), member()]) await deleteNamespace(cluster);
});

test('a native Flagger Canary (Istio): the dry run writes the service, the Canary and the annotated catalog file, and the member accepts every manifest', async ({
  request,
}) => {
  const api = await guest(request);
  const result = await dryRunOk(api, formValues({}));

  expect([...result.files.keys()].sort()).toEqual([
    'catalog-info.yaml',
    'kubernetes/canary.yaml',
    'kubernetes/deployment.yaml',
    'kubernetes/hpa.yaml',
    'kubernetes/service.yaml',
  ]);
  // The steps' logs: validated, skeleton rendered, the Canary written, the Kurator step skipped.
  expect(stepLog(result, 'validate')).toContain(
    'The rollout policy is valid for flagger.',
  );
  expect(stepLog(result, 'validate')).toMatch(/^completed /m);
  expect(stepLog(result, 'fetch')).toContain(
    'Writing file kubernetes/deployment.yaml',
  );
  expect(stepLog(result, 'rollout-flagger')).toContain(
    'Dry run: wrote into the dry-run workspace kubernetes/canary.yaml (Canary) and annotated catalog-info.yaml.',
  );
  expect(stepLog(result, 'rollout-kurator')).toMatch(
    /^skipped Skipping step rollout-kurator/m,
  );
  expect(stepLog(result, 'show')).toMatch(/^completed /m);

  // The Canary tab finds the service through these annotations.
  const annotations = {
    'backstage-canary.io/canary': `${namespace}/scaffold-svc`,
    'backstage.io/kubernetes-id': 'scaffold-svc',
  };
  expect(reportedAnnotations(result)).toEqual(annotations);
  const catalogInfo = result.files.get('catalog-info.yaml')!;
  for (const [key, value] of Object.entries(annotations))
    expect(catalogInfo).toContain(`${key}: ${value}`);
  expect(catalogInfo).toMatch(/^ {2}name: "?scaffold-svc"?$/m);

  const cluster = member();
  const accepted: Record<string, any> = {};
  for (const file of [
    'kubernetes/deployment.yaml',
    'kubernetes/service.yaml',
    'kubernetes/canary.yaml',
  ]) {
    for (const doc of documents(result.files.get(file)!))
      accepted[doc.kind] = await expectAccepted(cluster, doc);
  }
  expect(accepted.Canary.spec.targetRef).toEqual({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    name: 'scaffold-svc',
  });
  expect(accepted.Canary.spec.provider).toBe('istio');
  expect(accepted.Canary.spec.analysis).toMatchObject({
    interval: '1m',
    threshold: 5,
    maxWeight: 50,
    stepWeight: 10,
  });
  expect(accepted.Canary.metadata.labels['backstage.io/kubernetes-id']).toBe(
    'scaffold-svc',
  );
  expect(accepted.Deployment.spec.template.spec.containers[0].image).toBe(
    'stefanprodan/podinfo:6.7.1',
  );

  // The HPA API version. Real clusters: autoscaling/v2 (GA in 1.23; v2beta2 is no longer served
  // from 1.26, so a v2beta2 HPA would not apply on any supported Kubernetes): that is the
  // template's default. The lab's kube-apiserver is 1.20, which does not serve autoscaling/v2 yet:
  // the dry run shows the conflict, and the template's hpaApiVersion option (autoscaling/v2beta2,
  // whose spec is the same for a CPU-utilization HPA) is what a user of an old cluster picks.
  const [hpa] = documents(result.files.get('kubernetes/hpa.yaml')!);
  expect(hpa.apiVersion).toBe('autoscaling/v2');
  const onLab = await dryRunCreate(cluster, hpa);
  expect(onLab.status).toBe(404);
  const asV2beta2 = {
    ...hpa,
    apiVersion: 'autoscaling/v2beta2',
    yaml: hpa.yaml.replace(
      /^apiVersion: autoscaling\/v2$/m,
      'apiVersion: autoscaling/v2beta2',
    ),
  };
  const acceptedHpa = await expectAccepted(cluster, asV2beta2);
  expect(acceptedHpa.spec.scaleTargetRef.name).toBe('scaffold-svc');
  expect(acceptedHpa.spec.metrics[0].resource.target.averageUtilization).toBe(
    80,
  );
});

test('a native Flagger Canary (NGINX, A/B testing) for an old cluster: the Ingress, the Canary and the autoscaling/v2beta2 HPA are accepted', async ({
  request,
}) => {
  const api = await guest(request);
  const result = await dryRunOk(
    api,
    formValues({
      provider: 'nginx',
      strategy: 'ab-testing',
      hpaApiVersion: 'autoscaling/v2beta2',
    }),
  );
  expect([...result.files.keys()].sort()).toEqual([
    'catalog-info.yaml',
    'kubernetes/canary.yaml',
    'kubernetes/deployment.yaml',
    'kubernetes/hpa.yaml',
    'kubernetes/ingress.yaml',
    'kubernetes/service.yaml',
  ]);
  const cluster = member();
  const accepted: Record<string, any> = {};
  for (const [file, content] of result.files) {
    if (!file.startsWith('kubernetes/')) continue;
    for (const doc of documents(content))
      accepted[doc.kind] = await expectAccepted(cluster, doc);
  }
  expect(Object.keys(accepted).sort()).toEqual([
    'Canary',
    'Deployment',
    'HorizontalPodAutoscaler',
    'Ingress',
    'Service',
  ]);
  expect(accepted.HorizontalPodAutoscaler.apiVersion).toBe(
    'autoscaling/v2beta2',
  );
  expect(accepted.Canary.spec.ingressRef).toEqual({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    name: 'scaffold-svc',
  });
  expect(accepted.Canary.spec.analysis.iterations).toBe(10);
  expect(accepted.Canary.spec.analysis.match[0]).toEqual({
    headers: { 'x-canary': { exact: 'insider' } },
  });
});

for (const provider of ['kuma', 'nginx'] as const) {
  test(`a Kurator Application (${provider}, Blue/Green): the host accepts the Application, a member the workload it syncs`, async ({
    request,
  }) => {
    const api = await guest(request);
    const result = await dryRunOk(
      api,
      formValues({
        outputKind: 'kurator',
        loadtesterUrl: undefined,
        provider,
        strategy: 'blue-green',
        hpaApiVersion: 'autoscaling/v2beta2',
        fleet: 'quickstart',
        hostCluster: 'host',
        repoUrl: 'https://git.example.com/team/scaffold-svc.git',
        branch: 'main',
      }),
    );
    // Kurator renders the Canary (and the NGINX Ingress) on the members: the workspace holds
    // the Application and the plain workload it syncs from ./kubernetes.
    expect([...result.files.keys()].sort()).toEqual([
      'catalog-info.yaml',
      'kubernetes/deployment.yaml',
      'kubernetes/hpa.yaml',
      'kubernetes/service.yaml',
      'kurator/application.yaml',
    ]);
    expect(stepLog(result, 'validate')).toContain(
      'The rollout policy is valid for kurator.',
    );
    expect(stepLog(result, 'rollout-flagger')).toMatch(
      /^skipped Skipping step rollout-flagger/m,
    );
    expect(stepLog(result, 'rollout-kurator')).toContain(
      'Dry run: wrote into the dry-run workspace kurator/application.yaml (Application) and annotated catalog-info.yaml.',
    );
    const annotations = {
      'backstage-canary.io/kurator-application': `${namespace}/scaffold-svc`,
      'backstage-canary.io/host-cluster': 'host',
      'backstage.io/kubernetes-id': 'scaffold-svc',
    };
    expect(reportedAnnotations(result)).toEqual(annotations);
    for (const [key, value] of Object.entries(annotations))
      expect(result.files.get('catalog-info.yaml')).toContain(
        `${key}: ${value}`,
      );

    const [application] = documents(
      result.files.get('kurator/application.yaml')!,
    );
    const app = await expectAccepted(host(), application);
    const [syncPolicy] = app.spec.syncPolicies;
    expect(syncPolicy.destination.fleet).toBe('quickstart');
    expect(syncPolicy.kustomization.path).toBe('./kubernetes');
    expect(app.spec.source.gitRepository.url).toBe(
      'https://git.example.com/team/scaffold-svc.git',
    );
    expect(syncPolicy.rollout).toMatchObject({
      testLoader: true,
      trafficRoutingProvider: provider,
      workload: { kind: 'Deployment', name: 'scaffold-svc', namespace },
      serviceName: 'scaffold-svc',
      port: 9898,
    });
    expect(syncPolicy.rollout.rolloutPolicy.trafficAnalysis).toMatchObject({
      checkIntervalSeconds: 60,
      checkFailedTimes: 5,
    });

    for (const file of [
      'kubernetes/deployment.yaml',
      'kubernetes/service.yaml',
      'kubernetes/hpa.yaml',
    ]) {
      for (const doc of documents(result.files.get(file)!))
        await expectAccepted(member(), doc);
    }
  });
}

test('a Kurator Application from the policy editor (Kuma, a custom metric of the canary pods): the host accepts it, and the guided values are not used', async ({
  request,
}) => {
  const api = await guest(request);
  // What the form sends on the Kurator + policy editor path: the pages of the guided path are left
  // out (the form drops their values; the backend drops them too if they are sent).
  const values: Record<string, unknown> = {
    ...formValues({
      outputKind: 'kurator',
      policyInput: 'editor',
      hpaApiVersion: 'autoscaling/v2beta2',
      fleet: 'quickstart',
      hostCluster: 'host',
      repoUrl: 'https://git.example.com/team/scaffold-svc.git',
      branch: 'main',
      // A stale guided value: the Kurator Application must not take it.
      strategy: 'blue-green',
      policy: {
        workload: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: 'scaffold-svc',
          namespace,
        },
        provider: 'kuma',
        service: { name: 'scaffold-svc', port: 9898 },
        traffic: { maxWeight: 30, stepWeight: 10 },
        analysis: {
          intervalSeconds: 30,
          threshold: 3,
          metrics: [
            {
              name: 'kuma-request-success-rate',
              intervalSeconds: 30,
              thresholdRange: { min: 99 },
              custom: {
                provider: {
                  type: 'prometheus',
                  address: 'http://prometheus-server.mesh-observability:80',
                },
                query:
                  'sum(rate(http_requests_total{namespace="{{ namespace }}",pod=~"{{ target }}-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)",status!~"5.*"}[{{ interval }}])) / sum(rate(http_requests_total{namespace="{{ namespace }}",pod=~"{{ target }}-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)"}[{{ interval }}])) * 100',
              },
            },
          ],
        },
        testLoader: true,
      },
    }),
  };
  delete values.loadtesterUrl;
  const result = await dryRunOk(api, values);
  expect(stepLog(result, 'validate')).toContain(
    'The rollout policy is valid for kurator.',
  );
  const [application] = documents(
    result.files.get('kurator/application.yaml')!,
  );
  const app = await expectAccepted(host(), application);
  const [syncPolicy] = app.spec.syncPolicies;
  expect(syncPolicy.rollout).toMatchObject({
    trafficRoutingProvider: 'kuma',
    workload: { kind: 'Deployment', name: 'scaffold-svc', namespace },
    serviceName: 'scaffold-svc',
  });
  expect(syncPolicy.rollout.rolloutPolicy.trafficRouting).toMatchObject({
    canaryStrategy: { maxWeight: 30, stepWeight: 10 },
  });
  expect(syncPolicy.rollout.rolloutPolicy.trafficRouting.analysisTimes).toBe(
    undefined,
  );
  expect(
    syncPolicy.rollout.rolloutPolicy.trafficAnalysis.metrics[0].customMetric
      .query,
  ).toContain('{{ target }}');
});

test('the policy editor (CanaryPolicyPicker) value: a Linkerd Canary with step weights, a custom metric and a promotion gate, bound to the new service', async ({
  request,
}) => {
  const api = await guest(request);
  // What the CanaryPolicyPicker field sends: a whole policy; its workload is the picker's default,
  // which the template replaces with the service it creates.
  const policy = {
    workload: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'podinfo',
      namespace: 'test',
    },
    provider: 'linkerd',
    service: { name: 'podinfo', port: 9898 },
    traffic: { maxWeight: 50, stepWeights: [5, 10, 25, 50] },
    analysis: {
      intervalSeconds: 30,
      threshold: 3,
      metrics: [
        {
          name: 'request-success-rate',
          intervalSeconds: 30,
          thresholdRange: { min: 99 },
        },
        {
          name: 'error-rate',
          intervalSeconds: 30,
          thresholdRange: { max: 1 },
          custom: {
            provider: {
              type: 'prometheus',
              address: 'http://prometheus.monitoring:9090',
            },
            query:
              'sum(rate(response_total{namespace="{{ namespace }}",deployment="{{ target }}",classification="failure"}[{{ interval }}])) / sum(rate(response_total{namespace="{{ namespace }}",deployment="{{ target }}"}[{{ interval }}])) * 100',
          },
        },
      ],
    },
    gates: { url: 'http://flagger-loadtester.test/', confirmPromotion: true },
  };
  const values: Record<string, unknown> = {
    ...formValues({ policyInput: 'editor', policy }),
    hpaApiVersion: 'autoscaling/v2beta2',
  };
  for (const guided of [
    'provider',
    'strategy',
    'maxWeight',
    'stepWeight',
    'iterations',
    'abHeader',
    'intervalSeconds',
    'threshold',
    'successRate',
    'latency',
  ])
    delete values[guided];
  const result = await dryRunOk(api, values);
  expect(stepLog(result, 'rollout-flagger')).toContain(
    'Dry run: wrote into the dry-run workspace kubernetes/canary.yaml (Canary, MetricTemplate) and annotated catalog-info.yaml.',
  );

  const cluster = member();
  const accepted: Record<string, any> = {};
  for (const file of [
    'kubernetes/deployment.yaml',
    'kubernetes/service.yaml',
    'kubernetes/hpa.yaml',
    'kubernetes/canary.yaml',
  ]) {
    for (const doc of documents(result.files.get(file)!))
      accepted[doc.kind] = await expectAccepted(cluster, doc);
  }
  const canary = accepted.Canary;
  expect(canary.metadata).toMatchObject({ name: 'scaffold-svc', namespace });
  expect(canary.spec.targetRef.name).toBe('scaffold-svc');
  expect(canary.spec.service.port).toBe(9898);
  expect(canary.spec.provider).toBe('linkerd');
  expect(canary.spec.analysis).toMatchObject({
    interval: '30s',
    threshold: 3,
    stepWeights: [5, 10, 25, 50],
  });
  expect(
    canary.spec.analysis.webhooks.map((w: { type: string; url: string }) => [
      w.type,
      w.url,
    ]),
  ).toContainEqual([
    'confirm-promotion',
    'http://flagger-loadtester.test/gate/check',
  ]);
  expect(
    canary.spec.analysis.metrics.map(
      (m: { name: string; templateRef?: { name: string } }) =>
        m.templateRef?.name ?? m.name,
    ),
  ).toEqual(['request-success-rate', 'error-rate']);
  expect(accepted.MetricTemplate.metadata.name).toBe('error-rate');
  expect(accepted.MetricTemplate.spec.provider.type).toBe('prometheus');
});

test('a broken value is refused naming the field: by the template, the policy rules and the apiserver', async ({
  request,
}) => {
  const api = await guest(request);

  // The form's schema: the scaffolder answers 400 with the parameter's JSON-schema error.
  const outOfRange = await dryRun(api, formValues({ port: 70000 }));
  expect(outOfRange.status).toBe(400);
  expect(
    outOfRange.body.errors.map((e: { property: string; message: string }) => [
      e.property,
      e.message,
    ]),
  ).toEqual([['instance.port', 'must be less than or equal to 65535']]);

  // The rollout policy rules: Kurator routes traffic with istio, kuma or nginx only; the validate
  // step (the first) fails, naming the field and what is allowed.
  const { status, body } = await dryRun(
    api,
    formValues({
      outputKind: 'kurator',
      loadtesterUrl: undefined,
      provider: 'linkerd',
      fleet: 'quickstart',
      hostCluster: 'host',
      repoUrl: 'https://git.example.com/team/scaffold-svc.git',
      branch: 'main',
    }),
  );
  // The dry-run API answers a failed step with 400 and the step's error.
  expect(status).toBe(400);
  expect(body.error.name).toBe('InputError');
  expect(body.error.message).toBe(
    'The rollout policy for kurator is invalid (1 error):\n- provider must be one of istio, kuma, nginx for Kurator, got linkerd.',
  );

  // The apiserver: a Canary whose analysis interval is not a duration is refused by the CRD schema.
  const result = await dryRunOk(api, formValues({}));
  const [canary] = documents(result.files.get('kubernetes/canary.yaml')!);
  const broken = {
    ...canary,
    // spec.analysis.interval (the metrics' intervals are indented deeper)
    yaml: canary.yaml.replace(
      /^ {4}interval: \S+$/m,
      '    interval: one minute',
    ),
  };
  expect(broken.yaml).not.toEqual(canary.yaml);
  const refused = await dryRunCreate(member(), broken);
  expect(refused.status).toBe(422);
  expect(refused.body.message).toContain('spec.analysis.interval');
});
