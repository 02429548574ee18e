import fs from 'fs';
import path from 'path';
import { parse, parseAllDocuments } from 'yaml';
import { validate } from 'jsonschema';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import {
  createDebugLogAction,
  createFetchTemplateAction,
} from '@backstage/plugin-scaffolder-backend';
import type { TemplateAction } from '@backstage/plugin-scaffolder-node';
import type { JsonObject } from '@backstage/types';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  validateApplicationManifest,
  validateCanaryManifest,
} from '@backstage-canary/plugin-canary-common';
import { createPolicyAction } from './actions/createPolicyAction';
import { createValidatePolicyAction } from './actions/validatePolicyAction';
import { crdErrors, hasCrdSchema } from './__testUtils__/crdConformance';
import { renderStepInput } from './__testUtils__/renderTemplateValue';

// The template lives in the repository's examples folder; the test runs its steps with the real
// actions, rendering inputs with the scaffolder's template engine.
const TEMPLATE_FILE = path.resolve(
  __dirname,
  '../../../examples/templates/canary-service/template.yaml',
);

type Step = {
  id: string;
  name: string;
  action: string;
  if?: string;
  input: Record<string, unknown>;
};
type Page = {
  title: string;
  when?: string;
  properties: Record<string, { default?: unknown }>;
  required?: string[];
  dependencies?: Record<
    string,
    {
      oneOf: {
        properties: Record<string, { enum?: string[]; default?: unknown }>;
        required?: string[];
      }[];
    }
  >;
};
type Template = {
  apiVersion: string;
  kind: string;
  spec: {
    parameters: Page[];
    steps: Step[];
    output: { text: { title: string; content: string }[] };
  };
};

const template = parse(fs.readFileSync(TEMPLATE_FILE, 'utf8')) as Template;
const mockDir = createMockDirectory();
const tempDir = createMockDirectory();

const actions = new Map<string, TemplateAction<any, any, any>>(
  [
    createValidatePolicyAction(),
    createPolicyAction(),
    createFetchTemplateAction({
      reader: mockServices.urlReader.mock(),
      integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
    }),
    createDebugLogAction(),
  ].map(a => [a.id, a as TemplateAction<any, any, any>]),
);

/** Whether a page is shown for the values (its `when`, as the scaffolder evaluates it). */
function isShown(page: Page, values: Record<string, unknown>): boolean {
  if (page.when === undefined) return true;
  const shown = renderStepInput(page.when, { parameters: values });
  return Boolean(shown) && shown !== 'false';
}

/**
 * The values the form sends: the defaults of the pages shown for the values (and of the branch of
 * each dependency they select), without the values of the pages left out, as the scaffolder's
 * form and backend drop them.
 */
function defaultParameters(
  overrides: Record<string, unknown>,
): Record<string, unknown> {
  const values: Record<string, unknown> = { ...overrides };
  const shownKeys = new Set<string>();
  const hiddenKeys = new Set<string>();
  for (const page of template.spec.parameters) {
    const keys = Object.keys(page.properties);
    if (!isShown(page, values)) {
      keys.forEach(k => hiddenKeys.add(k));
      continue;
    }
    keys.forEach(k => shownKeys.add(k));
    for (const [key, prop] of Object.entries(page.properties))
      if (prop.default !== undefined && !(key in values))
        values[key] = prop.default;
    for (const [key, dependency] of Object.entries(page.dependencies ?? {})) {
      const branch = dependency.oneOf.find(b =>
        b.properties[key]?.enum?.includes(String(values[key])),
      );
      for (const [prop, schema] of Object.entries(branch?.properties ?? {})) {
        shownKeys.add(prop);
        if (schema.default !== undefined && !(prop in values))
          values[prop] = schema.default;
      }
    }
  }
  for (const key of hiddenKeys) if (!shownKeys.has(key)) delete values[key];
  return values;
}

/** Runs the template's steps like the workflow runner: `if`, rendered input, input schema. */
async function runTemplate(parameters: Record<string, unknown>) {
  const context = { parameters, steps: {} as Record<string, unknown> };
  const executed: string[] = [];
  for (const step of template.spec.steps) {
    if (step.if !== undefined) {
      const condition = renderStepInput(step.if, context);
      if (!condition || condition === 'false') continue;
    }
    const action = actions.get(step.action);
    if (!action) throw new Error(`unknown action ${step.action}`);
    const input = renderStepInput(step.input, context);
    const check = validate(input, action.schema!.input!);
    if (!check.valid)
      throw new Error(`${step.id}: ${check.errors.map(String).join(', ')}`);
    const ctx = createMockActionContext({
      input: input as JsonObject,
      workspacePath: mockDir.path,
      templateInfo: {
        entityRef: 'template:default/canary-service',
        baseUrl: `file://${TEMPLATE_FILE}`,
      },
      user: { ref: 'user:default/guest' },
    });
    ctx.createTemporaryDirectory = async () =>
      fs.promises.mkdtemp(path.join(tempDir.path, 'step-'));
    await action.handler(ctx);
    context.steps[step.id] = {
      output: Object.fromEntries((ctx.output as jest.Mock).mock.calls),
    };
    executed.push(step.id);
  }
  const output = template.spec.output.text.map(t =>
    renderStepInput(t.content, context),
  );
  return { executed, output };
}

function workspaceDocuments(): { file: string; doc: Record<string, any> }[] {
  const out: { file: string; doc: Record<string, any> }[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else
        for (const d of parseAllDocuments(fs.readFileSync(full, 'utf8'))) {
          expect(d.errors).toEqual([]);
          out.push({ file: path.relative(mockDir.path, full), doc: d.toJS() });
        }
    }
  };
  walk(mockDir.path);
  return out.sort((a, b) => a.file.localeCompare(b.file));
}

const errorsOf = (issues: { severity: string; message: string }[]) =>
  issues.filter(i => i.severity === 'error').map(i => i.message);

describe('examples/templates/canary-service', () => {
  beforeEach(() => {
    mockDir.clear();
    tempDir.clear();
  });

  it('is a v1beta3 Template that validates first and writes the rollout with the module actions', () => {
    expect(template.apiVersion).toBe('scaffolder.backstage.io/v1beta3');
    expect(template.kind).toBe('Template');
    const used = template.spec.steps.map(s => s.action);
    expect(used[0]).toBe('canary:policy:validate');
    expect(used).toEqual(
      expect.arrayContaining(['fetch:template', 'canary:policy:create']),
    );
    expect(used.filter(a => !actions.has(a))).toEqual([]);
    expect(used.some(a => a.startsWith('publish:'))).toBe(false);
    // Every required parameter has a default or is entered by the user.
    for (const page of template.spec.parameters)
      for (const key of page.required ?? [])
        expect(Object.keys(page.properties)).toContain(key);
  });

  /** Runs the template with the defaults and checks what every output kind shares. */
  async function renderService(overrides: Record<string, unknown>) {
    const parameters = defaultParameters({
      name: 'checkout',
      owner: 'group:default/guests',
      repoUrl: 'https://git.example.com/acme/checkout',
      ...overrides,
    });
    const { executed, output } = await runTemplate(parameters);
    const docs = workspaceDocuments();
    const byKind = (kind: string) =>
      docs.filter(d => d.doc.kind === kind).map(d => d.doc);
    const [deployment] = byKind('Deployment');
    const [service] = byKind('Service');
    const [hpa] = byKind('HorizontalPodAutoscaler');
    const [entity] = byKind('Component');

    for (const { doc } of docs.filter(d => hasCrdSchema(d.doc)))
      expect(crdErrors(doc)).toEqual([]);
    expect(deployment.metadata).toMatchObject({
      name: 'checkout',
      namespace: 'test',
      labels: { 'backstage.io/kubernetes-id': 'checkout' },
    });
    expect(deployment.spec.selector.matchLabels).toEqual({ app: 'checkout' });
    expect(deployment.spec.template.metadata.labels).toMatchObject({
      app: 'checkout',
    });
    expect(deployment.spec.template.spec.containers[0]).toMatchObject({
      image: 'stefanprodan/podinfo:6.7.1',
      ports: [{ containerPort: 9898 }],
    });
    expect(service.spec.ports[0].port).toBe(9898);
    expect(service.spec.selector).toEqual({ app: 'checkout' });
    expect(hpa.spec).toMatchObject({
      scaleTargetRef: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: 'checkout',
      },
      minReplicas: 2,
      maxReplicas: 4,
    });
    expect(entity.spec.owner).toBe('group:default/guests');
    expect(entity.metadata.annotations).toMatchObject({
      'backstage.io/kubernetes-id': 'checkout',
      'backstage.io/kubernetes-namespace': 'test',
    });
    expect(output[0]).toContain('catalog-info.yaml');
    expect(output[0]).toContain('backstage.io/kubernetes-id');
    return {
      executed,
      files: [...new Set(docs.map(d => d.file))].sort(),
      byKind,
      annotations: entity.metadata.annotations,
    };
  }

  const BASE_FILES = [
    'catalog-info.yaml',
    'kubernetes/deployment.yaml',
    'kubernetes/hpa.yaml',
    'kubernetes/service.yaml',
  ];

  it.each([
    ['istio', 'canary', { maxWeight: 50, stepWeight: 10 }, []],
    ['linkerd', 'canary', { maxWeight: 50, stepWeight: 10 }, []],
    [
      'nginx',
      'ab-testing',
      {
        iterations: 10,
        match: [
          { headers: { 'x-canary': { exact: 'insider' } } },
          { headers: { cookie: { regex: '^(.*?;)?(canary=always)(;.*)?$' } } },
        ],
      },
      ['kubernetes/ingress.yaml'],
    ],
    ['kubernetes', 'blue-green', { iterations: 10 }, []],
  ])(
    'renders a native Canary with %s (%s) that passes the CRDs and the domain validators',
    async (provider, strategy, analysis, extraFiles) => {
      const { executed, files, byKind, annotations } = await renderService({
        outputKind: 'flagger',
        provider,
        strategy,
      });
      expect(executed).toEqual([
        'validate',
        'fetch',
        'rollout-flagger',
        'show',
      ]);
      expect(files).toEqual(
        [...BASE_FILES, 'kubernetes/canary.yaml', ...extraFiles].sort(),
      );
      const [canary] = byKind('Canary');
      expect(errorsOf(validateCanaryManifest(canary))).toEqual([]);
      expect(annotations['backstage-canary.io/canary']).toBe('test/checkout');
      expect(canary.spec).toMatchObject({
        provider,
        targetRef: { kind: 'Deployment', name: 'checkout' },
        service: { name: 'checkout', port: 9898 },
      });
      expect(canary.spec.analysis).toMatchObject({
        ...analysis,
        interval: '1m',
        threshold: 5,
      });
      expect(canary.spec.analysis.webhooks[0].url).toBe(
        'http://flagger-loadtester.test/',
      );
    },
  );

  it('points a native nginx Canary at the Ingress of the skeleton', async () => {
    const { byKind } = await renderService({
      outputKind: 'flagger',
      provider: 'nginx',
    });
    const [canary] = byKind('Canary');
    const [ingress] = byKind('Ingress');
    expect(canary.spec.ingressRef).toEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      name: ingress.metadata.name,
    });
    expect(ingress.spec.rules[0].http.paths[0].backend.service).toEqual({
      name: 'checkout',
      port: { number: 9898 },
    });
  });

  it.each([
    ['istio', 'ab-testing', { analysisTimes: 10 }],
    ['kuma', 'blue-green', { analysisTimes: 10 }],
    [
      'nginx',
      'canary',
      {
        host: 'app.example.com',
        canaryStrategy: { maxWeight: 50, stepWeight: 10 },
      },
    ],
  ])(
    'renders a Kurator Application with %s (%s) that passes the CRDs and the domain validators',
    async (provider, strategy, trafficRouting) => {
      const { executed, files, byKind, annotations } = await renderService({
        outputKind: 'kurator',
        provider,
        strategy,
      });
      expect(executed).toEqual([
        'validate',
        'fetch',
        'rollout-kurator',
        'show',
      ]);
      expect(files).toEqual([...BASE_FILES, 'kurator/application.yaml'].sort());
      const [app] = byKind('Application');
      expect(errorsOf(validateApplicationManifest(app))).toEqual([]);
      expect(annotations).toMatchObject({
        'backstage-canary.io/kurator-application': 'test/checkout',
        'backstage-canary.io/host-cluster': 'host',
      });
      expect(app.spec.source.gitRepository).toMatchObject({
        url: 'https://git.example.com/acme/checkout',
        ref: { branch: 'main' },
      });
      const [syncPolicy] = app.spec.syncPolicies;
      expect(syncPolicy.destination.fleet).toBe('quickstart');
      expect(syncPolicy.kustomization.path).toBe('./kubernetes');
      expect(syncPolicy.rollout).toMatchObject({
        trafficRoutingProvider: provider,
        serviceName: 'checkout',
        port: 9898,
        workload: { kind: 'Deployment', name: 'checkout', namespace: 'test' },
        testLoader: true,
        rolloutPolicy: {
          trafficRouting,
          trafficAnalysis: { checkIntervalSeconds: 60, checkFailedTimes: 5 },
        },
      });
    },
  );

  it('renders a Kurator Application from the policy editor, bound to the service of the first page', async () => {
    const { executed, byKind } = await renderService({
      outputKind: 'kurator',
      policyInput: 'editor',
      policy: {
        workload: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: 'checkout',
          namespace: 'test',
        },
        provider: 'kuma',
        service: { name: 'checkout', port: 9898 },
        traffic: { maxWeight: 30, stepWeight: 10 },
        analysis: {
          intervalSeconds: 30,
          threshold: 3,
          metrics: [
            {
              name: 'request-success-rate',
              intervalSeconds: 30,
              thresholdRange: { min: 99 },
            },
          ],
        },
        testLoader: true,
      },
    });
    expect(executed).toEqual(['validate', 'fetch', 'rollout-kurator', 'show']);
    const [app] = byKind('Application');
    expect(errorsOf(validateApplicationManifest(app))).toEqual([]);
    expect(app.spec.syncPolicies[0].rollout).toMatchObject({
      trafficRoutingProvider: 'kuma',
      serviceName: 'checkout',
      rolloutPolicy: {
        trafficRouting: { canaryStrategy: { maxWeight: 30, stepWeight: 10 } },
        trafficAnalysis: { checkIntervalSeconds: 30, checkFailedTimes: 3 },
      },
    });
  });

  it('sends only the values of the pages of the chosen path', () => {
    const keys = (overrides: Record<string, unknown>) =>
      Object.keys(defaultParameters(overrides)).sort();
    const service = ['hpaApiVersion', 'image', 'maxReplicas', 'minReplicas'];
    expect(keys({ outputKind: 'kurator', policyInput: 'editor' })).toEqual(
      [
        ...service,
        'branch',
        'fleet',
        'hostCluster',
        'namespace',
        'outputKind',
        'policyInput',
        'port',
      ].sort(),
    );
    expect(
      keys({
        outputKind: 'flagger',
        policyInput: 'guided',
        strategy: 'canary',
      }),
    ).toEqual(
      [
        ...service,
        'intervalSeconds',
        'latency',
        'loadtesterUrl',
        'maxWeight',
        'namespace',
        'outputKind',
        'policyInput',
        'port',
        'provider',
        'stepWeight',
        'strategy',
        'successRate',
        'threshold',
      ].sort(),
    );
    // A value of a page left out (the policy editor's, after switching back to guided) is dropped.
    expect(
      defaultParameters({
        policyInput: 'guided',
        policy: { provider: 'istio' },
      }),
    ).not.toHaveProperty('policy');
  });

  it('stops at the validation step, before writing anything, when the provider does not fit the output kind', async () => {
    await expect(
      runTemplate(
        defaultParameters({
          name: 'checkout',
          owner: 'group:default/guests',
          outputKind: 'kurator',
          provider: 'linkerd',
          repoUrl: 'https://git.example.com/acme/checkout',
        }),
      ),
    ).rejects.toThrow(/provider must be one of istio, kuma, nginx for Kurator/);
    expect(fs.readdirSync(mockDir.path)).toEqual([]);
  });
});
