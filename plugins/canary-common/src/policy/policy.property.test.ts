import fc from 'fast-check';
import type { Application } from '../model/application';
import { crdErrors } from '../__testUtils__/crdConformance';
import { parseFlaggerCanary, renderFlaggerCanary } from './flaggerCanary';
import { parseKuratorRollout, renderKuratorRollout } from './kuratorRollout';
import type { RolloutPolicy } from './rolloutPolicy';
import {
  hasPolicyErrors,
  validateRolloutPolicy,
} from './validateRolloutPolicy';

const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/);
const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const weight = fc.integer({ min: 1, max: 100 });

const metric = fc.oneof(
  fc.record(
    {
      name: fc.constantFrom('request-success-rate', 'request-duration'),
      intervalSeconds: fc.integer({ min: 1, max: 600 }),
      thresholdRange: opt(
        fc.record(
          {
            min: opt(fc.integer({ min: 0, max: 100 })),
            max: opt(fc.integer({ min: 0, max: 100 })),
          },
          { requiredKeys: [] },
        ),
      ),
    },
    { requiredKeys: ['name', 'intervalSeconds'] },
  ),
  fc.record(
    {
      name,
      intervalSeconds: fc.integer({ min: 1, max: 600 }),
      thresholdRange: opt(
        fc.record(
          {
            min: opt(fc.double({ min: -1e3, max: 1e3, noNaN: true })),
            max: opt(fc.double({ min: -1e3, max: 1e3, noNaN: true })),
          },
          { requiredKeys: [] },
        ),
      ),
      custom: fc.record({
        provider: fc.record(
          {
            type: fc.constantFrom('prometheus', 'datadog', 'cloudwatch'),
            address: opt(fc.webUrl()),
          },
          { requiredKeys: ['type'] },
        ),
        query: fc.string({ minLength: 1, maxLength: 40 }),
      }),
    },
    { requiredKeys: ['name', 'intervalSeconds'] },
  ),
);

const strip = <T extends object>(o: T): T => JSON.parse(JSON.stringify(o)) as T;

/** Arbitrary policies, valid or not (the validator decides). */
const policyArb = (providers: RolloutPolicy['provider'][]) =>
  fc
    .record({
      workloadName: name,
      sameService: fc.oneof(
        { arbitrary: fc.constant(true), weight: 5 },
        { arbitrary: fc.constant(false), weight: 1 },
      ),
      serviceName: name,
      namespace: name,
      provider: fc.constantFrom(...providers),
      port: fc.integer({ min: 1, max: 65535 }),
      timeoutSeconds: opt(fc.integer({ min: 0, max: 300 })),
      hosts: opt(fc.array(name, { minLength: 1, maxLength: 2 })),
      host: opt(name),
      ingressName: opt(name),
      protocol: opt(fc.constantFrom('http', 'tcp')),
      mode: fc.oneof(
        {
          arbitrary: fc.constantFrom('stepWeight', 'stepWeights', 'iterations'),
          weight: 6,
        },
        { arbitrary: fc.constantFrom('both', 'none'), weight: 1 },
      ),
      maxWeight: opt(weight),
      stepWeight: weight,
      stepWeights: fc
        .uniqueArray(weight, { minLength: 1, maxLength: 5 })
        .map(a => a.sort((x, y) => x - y)),
      iterations: fc.integer({ min: 1, max: 20 }),
      match: opt(
        fc.constant([{ headers: { 'x-canary': { exact: 'insider' } } }]),
      ),
      intervalSeconds: fc.integer({ min: 1, max: 600 }),
      threshold: fc.integer({ min: 0, max: 10 }),
      metrics: fc.uniqueArray(metric, { maxLength: 3, selector: m => m.name }),
      loadTest: opt(
        fc.record({
          commands: fc.array(fc.string({ minLength: 1, maxLength: 20 }), {
            minLength: 1,
            maxLength: 3,
          }),
          timeoutSeconds: fc.integer({ min: 1, max: 120 }),
        }),
      ),
      loadTestUrl: opt(fc.constant('http://flagger-loadtester.test/')),
      gates: opt(
        fc.record(
          {
            url: fc.constant('http://flagger-loadtester.test'),
            confirmRollout: opt(fc.boolean()),
            confirmPromotion: opt(fc.boolean()),
            rollback: opt(fc.boolean()),
          },
          { requiredKeys: ['url'] },
        ),
      ),
      testLoader: opt(fc.boolean()),
      rolloutTimeoutSeconds: opt(fc.integer({ min: 1, max: 3600 })),
      suspend: opt(fc.boolean()),
      skipAnalysis: opt(fc.boolean()),
    })
    .map(r => {
      const traffic: RolloutPolicy['traffic'] = {};
      if (r.mode === 'stepWeight' || r.mode === 'both')
        Object.assign(traffic, {
          stepWeight: r.stepWeight,
          maxWeight: r.maxWeight,
        });
      if (r.mode === 'stepWeights') traffic.stepWeights = r.stepWeights;
      if (r.mode === 'iterations' || r.mode === 'both')
        Object.assign(traffic, { iterations: r.iterations, match: r.match });
      const policy: RolloutPolicy = {
        workload: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: r.workloadName,
          namespace: r.namespace,
        },
        provider: r.provider,
        service: {
          name: r.sameService ? r.workloadName : r.serviceName,
          port: r.port,
          timeoutSeconds: r.timeoutSeconds,
          hosts: r.hosts,
          host: r.host,
          ingressName: r.ingressName,
          protocol: r.protocol,
        },
        traffic,
        analysis: {
          intervalSeconds: r.intervalSeconds,
          threshold: r.threshold,
          metrics: r.metrics as RolloutPolicy['analysis']['metrics'],
          loadTest: r.loadTest
            ? { ...r.loadTest, url: r.loadTestUrl }
            : undefined,
        },
        gates: r.gates,
        testLoader: r.testLoader,
        rolloutTimeoutSeconds: r.rolloutTimeoutSeconds,
        suspend: r.suspend,
        skipAnalysis: r.skipAnalysis,
      };
      return strip(policy);
    });

const application = (rollout: unknown): Application =>
  ({
    apiVersion: 'apps.kurator.dev/v1alpha1',
    kind: 'Application',
    metadata: { name: 'demo', namespace: 'default' },
    spec: {
      source: {
        gitRepository: {
          interval: '3m0s',
          url: 'https://example.invalid/repo',
          ref: { branch: 'main' },
        },
      },
      syncPolicies: [
        {
          destination: { fleet: 'quickstart' },
          kustomization: { interval: '0s', path: './deploy', prune: true },
          rollout,
        },
      ],
    },
  } as Application);

const acceptedFor = (
  target: 'kurator' | 'flagger',
  providers: RolloutPolicy['provider'][],
) =>
  policyArb(providers).filter(
    p => !hasPolicyErrors(validateRolloutPolicy(p, target)),
  );

describe('rollout policy properties', () => {
  it('every policy the validator accepts for Kurator is accepted by the Application CRD and round-trips', () => {
    fc.assert(
      fc.property(
        acceptedFor('kurator', ['istio', 'kuma', 'nginx']),
        policy => {
          const rollout = renderKuratorRollout(policy);
          expect(crdErrors(application(rollout))).toEqual([]);
          // Fields the validator warned about as ignored by Kurator are not carried.
          const expected = strip({
            ...policy,
            service: {
              ...policy.service,
              ingressName: undefined,
              targetPort: undefined,
            },
            analysis: {
              ...policy.analysis,
              loadTest: policy.analysis.loadTest && {
                ...policy.analysis.loadTest,
                url: undefined,
              },
            },
          });
          expect(parseKuratorRollout(rollout)).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('every policy the validator accepts for Flagger is accepted by the Canary and MetricTemplate CRDs and round-trips', () => {
    fc.assert(
      fc.property(
        acceptedFor('flagger', [
          'istio',
          'linkerd',
          'nginx',
          'kuma',
          'contour',
          'traefik',
          'kubernetes',
        ]),
        policy => {
          const { canary, metricTemplates } = renderFlaggerCanary(policy);
          expect(crdErrors(canary)).toEqual([]);
          expect(metricTemplates.flatMap(t => crdErrors(t))).toEqual([]);
          const back = parseFlaggerCanary(canary, metricTemplates);
          expect(back.dropped).toEqual([]);
          // host and testLoader are Kurator-only: a native canary does not carry them.
          const { host: _host, ...service } = policy.service;
          const { testLoader: _t, ...rest } = policy;
          // A disabled gate and an absent one render the same (no webhook).
          const gates =
            policy.gates &&
            Object.fromEntries(
              Object.entries(policy.gates).filter(([, v]) => v !== false),
            );
          expect(back.policy).toEqual(strip({ ...rest, service, gates }));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the validator rejects every policy the CRD oneOf would reject', () => {
    const notExactlyOne = policyArb(['istio']).filter(
      p =>
        ['iterations', 'stepWeight', 'stepWeights'].filter(
          k => (p.traffic as Record<string, unknown>)[k] !== undefined,
        ).length !== 1,
    );
    fc.assert(
      fc.property(notExactlyOne, policy => {
        const errors = crdErrors(renderFlaggerCanary(policy).canary);
        expect(errors.some(e => e.includes('oneOf'))).toBe(true);
        expect(
          validateRolloutPolicy(policy, 'flagger').filter(
            i => i.path === 'traffic' && i.severity === 'error',
          ),
        ).toHaveLength(1);
      }),
      { numRuns: 100 },
    );
  });
});
