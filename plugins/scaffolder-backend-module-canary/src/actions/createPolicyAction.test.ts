import fs from 'fs';
import path from 'path';
import { parse, parseAllDocuments } from 'yaml';
import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  validateApplicationManifest,
  validateCanaryManifest,
  writeManifestsYaml,
} from '@backstage-canary/plugin-canary-common';
import { createPolicyAction } from './createPolicyAction';
import { crdErrors } from '../__testUtils__/crdConformance';
import {
  customLatencyMetric,
  istioCanaryPolicy,
  kuratorApplication,
} from '../__testUtils__/policies';

const mockDir = createMockDirectory();
const action = createPolicyAction();

function run(
  input: Record<string, unknown>,
  extra: { isDryRun?: boolean; userRef?: string } = {},
) {
  const ctx = {
    ...createMockActionContext({
      input: input as any,
      workspacePath: mockDir.path,
      logger: mockServices.logger.mock(),
      user: extra.userRef ? { ref: extra.userRef } : undefined,
    }),
    isDryRun: extra.isDryRun,
  };
  const outputs = () =>
    Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls as [string, any][],
    ) as Record<string, any>;
  return { promise: action.handler(ctx as any), ctx, outputs };
}

function readDocs(relative: string): Record<string, any>[] {
  return parseAllDocuments(
    fs.readFileSync(path.join(mockDir.path, relative), 'utf8'),
  ).map(d => d.toJS());
}

function errorsOf(issues: { severity: string; message: string }[]) {
  return issues.filter(i => i.severity === 'error').map(i => i.message);
}

describe('canary:policy:create', () => {
  beforeEach(() => mockDir.clear());

  it('writes a native Canary and its MetricTemplate accepted by the CRDs and the domain validators', async () => {
    const { promise, outputs } = run(
      {
        target: 'flagger',
        policy: istioCanaryPolicy({
          analysis: {
            ...istioCanaryPolicy().analysis,
            metrics: [
              ...istioCanaryPolicy().analysis.metrics,
              customLatencyMetric,
            ],
          },
        }),
      },
      { userRef: 'user:default/jane' },
    );
    await promise;

    const docs = readDocs('kubernetes/canary.yaml');
    expect(docs.map(d => d.kind)).toEqual(['Canary', 'MetricTemplate']);
    // Laid out as the policy editor and the backend's plans show it: no wrapped query, no aliases.
    expect(
      fs.readFileSync(
        path.join(mockDir.path, 'kubernetes/canary.yaml'),
        'utf8',
      ),
    ).toBe(writeManifestsYaml(docs));
    for (const doc of docs) expect(crdErrors(doc)).toEqual([]);
    expect(errorsOf(validateCanaryManifest(docs[0]))).toEqual([]);
    const [canary, template] = docs;
    expect(canary.metadata).toMatchObject({
      name: 'podinfo',
      namespace: 'test',
      labels: { 'backstage.io/kubernetes-id': 'podinfo' },
    });
    expect(canary.spec.analysis).toMatchObject({
      interval: '1m',
      threshold: 5,
      maxWeight: 50,
      stepWeight: 10,
    });
    expect(canary.spec.analysis.metrics[2]).toMatchObject({
      name: 'latency-p99',
      templateRef: { name: 'latency-p99', namespace: 'test' },
    });
    expect(template.metadata).toMatchObject({
      name: 'latency-p99',
      namespace: 'test',
    });

    const [entity] = readDocs('catalog-info.yaml');
    expect(entity).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'podinfo',
        annotations: {
          'backstage-canary.io/canary': 'test/podinfo',
          'backstage.io/kubernetes-id': 'podinfo',
        },
      },
      spec: {
        type: 'service',
        lifecycle: 'experimental',
        owner: 'user:default/jane',
      },
    });
    expect(outputs()).toMatchObject({
      paths: ['kubernetes/canary.yaml', 'catalog-info.yaml'],
      manifestPath: 'kubernetes/canary.yaml',
      catalogInfoPath: 'catalog-info.yaml',
      annotations: {
        'backstage-canary.io/canary': 'test/podinfo',
        'backstage.io/kubernetes-id': 'podinfo',
      },
      warnings: [],
    });
  });

  it('writes a Kurator Application and annotates an existing catalog-info.yaml, keeping its content', async () => {
    const existing = [
      '# owned by the payments team',
      'apiVersion: backstage.io/v1alpha1',
      'kind: Component',
      'metadata:',
      '  name: podinfo',
      '  annotations:',
      '    github.com/project-slug: acme/podinfo # the repository',
      'spec:',
      '  type: service',
      '  lifecycle: production',
      '  owner: group:default/payments',
      '---',
      'apiVersion: backstage.io/v1alpha1',
      'kind: API',
      'metadata:',
      '  name: podinfo-api',
      'spec:',
      '  type: openapi',
      '',
    ].join('\n');
    mockDir.setContent({ 'catalog-info.yaml': existing });

    const { promise, outputs } = run({
      target: 'kurator',
      hostCluster: 'fleet-host',
      application: { ...kuratorApplication, clusterSelector: { env: 'prod' } },
      policy: istioCanaryPolicy({ testLoader: true }),
    });
    await promise;

    const [app] = readDocs('kurator/application.yaml');
    expect(crdErrors(app)).toEqual([]);
    expect(errorsOf(validateApplicationManifest(app))).toEqual([]);
    expect(app.metadata).toEqual({
      name: 'podinfo',
      namespace: 'test',
      labels: { 'backstage.io/kubernetes-id': 'podinfo' },
      // The existing file's Component: the proof that binds the Application to it.
      annotations: {
        'backstage-canary.io/entity-ref': 'component:default/podinfo',
      },
    });
    expect(app.spec.source.gitRepository).toEqual({
      interval: '5m0s',
      url: 'https://github.com/stefanprodan/podinfo',
      ref: { branch: 'master' },
    });
    const [syncPolicy] = app.spec.syncPolicies;
    expect(syncPolicy.destination).toEqual({
      fleet: 'quickstart',
      clusterSelector: { matchLabels: { env: 'prod' } },
    });
    expect(syncPolicy.kustomization).toMatchObject({
      path: './kubernetes',
      prune: true,
    });
    expect(syncPolicy.rollout).toMatchObject({
      testLoader: true,
      trafficRoutingProvider: 'istio',
      serviceName: 'podinfo',
      port: 9898,
      rolloutPolicy: {
        trafficRouting: { canaryStrategy: { maxWeight: 50, stepWeight: 10 } },
        trafficAnalysis: { checkIntervalSeconds: 60, checkFailedTimes: 5 },
      },
    });

    const text = fs.readFileSync(
      path.join(mockDir.path, 'catalog-info.yaml'),
      'utf8',
    );
    expect(text).toContain('# owned by the payments team');
    expect(text).toContain('# the repository');
    const [component, api] = parseAllDocuments(text).map(d => d.toJS());
    expect(component.metadata.annotations).toEqual({
      'github.com/project-slug': 'acme/podinfo',
      'backstage-canary.io/kurator-application': 'test/podinfo',
      'backstage-canary.io/host-cluster': 'fleet-host',
      'backstage.io/kubernetes-id': 'podinfo',
    });
    expect(component.spec.owner).toBe('group:default/payments');
    expect(api).toEqual(parse(existing.split('---\n')[1]));
    expect(outputs().paths).toEqual([
      'kurator/application.yaml',
      'catalog-info.yaml',
    ]);
  });

  it('in dry run writes into the dry-run workspace, which the template editor shows, and logs that it is a dry run', async () => {
    mockDir.setContent({
      'catalog-info.yaml':
        'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: podinfo\nspec:\n  owner: me\n',
    });
    const logger = mockServices.logger.mock();
    const ctx = {
      ...createMockActionContext({
        input: { target: 'flagger', policy: istioCanaryPolicy() } as any,
        workspacePath: mockDir.path,
        logger,
      }),
      isDryRun: true,
    };
    await action.handler(ctx as any);

    // The scaffolder's dry run returns its workspace: the user sees the manifests and annotations.
    const [canary] = readDocs('kubernetes/canary.yaml');
    expect(canary.kind).toBe('Canary');
    expect(crdErrors(canary)).toEqual([]);
    const annotated = parse(
      fs.readFileSync(path.join(mockDir.path, 'catalog-info.yaml'), 'utf8'),
    );
    expect(annotated.metadata.annotations).toEqual({
      'backstage-canary.io/canary': 'test/podinfo',
      'backstage.io/kubernetes-id': 'podinfo',
    });
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringMatching(
        /^Dry run: wrote into the dry-run workspace kubernetes\/canary\.yaml \(Canary\) and annotated catalog-info\.yaml\.$/,
      ),
    );
    const out = Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls as [string, any][],
    );
    expect(out.paths).toEqual(['kubernetes/canary.yaml', 'catalog-info.yaml']);
    expect(parseAllDocuments(out.manifests).map(d => d.toJS())).toEqual([
      canary,
    ]);
    expect(parse(out.catalogInfo)).toEqual(annotated);
  });

  it('in dry run fails on an invalid policy like a real run, naming the field', async () => {
    const ctx = {
      ...createMockActionContext({
        input: {
          target: 'flagger',
          policy: istioCanaryPolicy({
            analysis: { intervalSeconds: 60, threshold: 5, metrics: [] },
            traffic: { maxWeight: 50, stepWeight: 0 },
          }),
        } as any,
        workspacePath: mockDir.path,
        logger: mockServices.logger.mock(),
      }),
      isDryRun: true,
    };
    await expect(action.handler(ctx as any)).rejects.toThrow(
      /Step weight \(%\) must be at least 1\./,
    );
    expect(fs.readdirSync(mockDir.path)).toEqual([]);
  });

  it('fails with the field errors and writes nothing when the policy is invalid', async () => {
    const { promise } = run(
      {
        target: 'kurator',
        hostCluster: 'fleet-host',
        application: kuratorApplication,
        policy: istioCanaryPolicy({
          service: { name: 'podinfo-svc', port: 9898 },
          traffic: { stepWeight: 10, iterations: 5 },
        }),
      },
      { userRef: 'user:default/jane' },
    );
    await expect(promise).rejects.toThrow(/service\.name "podinfo-svc"/);
    await expect(promise).rejects.toThrow(/traffic: set exactly one of/);
    expect(fs.readdirSync(mockDir.path)).toEqual([]);
  });

  it('names the missing Kurator inputs', async () => {
    await expect(
      run(
        {
          target: 'kurator',
          application: kuratorApplication,
          policy: istioCanaryPolicy(),
        },
        { userRef: 'user:default/jane' },
      ).promise,
    ).rejects.toThrow(/hostCluster is required for target kurator/);
    await expect(
      run(
        {
          target: 'kurator',
          hostCluster: 'fleet-host',
          policy: istioCanaryPolicy(),
        },
        { userRef: 'user:default/jane' },
      ).promise,
    ).rejects.toThrow(/application is required for target kurator/);
    await expect(
      run(
        {
          target: 'kurator',
          hostCluster: 'fleet-host',
          application: { fleet: 'quickstart', source: {} },
          policy: istioCanaryPolicy(),
        },
        { userRef: 'user:default/jane' },
      ).promise,
    ).rejects.toThrow(/application\.source must set exactly one of/);
  });

  it('asks for an owner when it has to create the catalog file', async () => {
    await expect(
      run({ target: 'flagger', policy: istioCanaryPolicy() }).promise,
    ).rejects.toThrow(/catalog-info\.yaml does not exist and no owner/);
  });

  it('refuses paths outside the workspace', async () => {
    await expect(
      run(
        {
          target: 'flagger',
          policy: istioCanaryPolicy(),
          manifestPath: '../escape.yaml',
        },
        { userRef: 'user:default/jane' },
      ).promise,
    ).rejects.toThrow(/outside/i);
  });

  it('outputs the policy warnings without failing', async () => {
    const { promise, outputs } = run(
      {
        target: 'flagger',
        policy: istioCanaryPolicy({
          traffic: { maxWeight: 50, stepWeight: 20 },
        }),
        owner: 'group:default/team',
      },
      {},
    );
    await promise;
    expect(outputs().warnings).toEqual([
      expect.objectContaining({
        path: 'traffic.stepWeight',
        message: expect.stringMatching(/overshoots maxWeight 50/),
      }),
    ]);
  });

  it.each(action.examples!.map(e => [e.description, e.example] as const))(
    'runs its example: %s',
    async (_description, example) => {
      mockDir.clear();
      const [step] = parse(example).steps;
      const { promise, outputs } = run(step.input, {
        userRef: 'user:default/jane',
      });
      await promise;
      for (const doc of parseAllDocuments(outputs().manifests).map(d =>
        d.toJS(),
      )) {
        expect(crdErrors(doc)).toEqual([]);
      }
    },
  );
});
