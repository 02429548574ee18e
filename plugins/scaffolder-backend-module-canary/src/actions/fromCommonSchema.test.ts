import { parse } from 'yaml';
import { validate } from 'jsonschema';
import { z } from 'zod/v3';
import { z as z4 } from 'zod/v4';
import {
  rolloutPolicySchema,
  validateRolloutPolicy,
} from '@backstage-canary/plugin-canary-common';
import { fromCommonSchema } from './fromCommonSchema';
import { rolloutPolicyInput } from './policyInputSchema';
import { createPolicyAction } from './createPolicyAction';
import { createValidatePolicyAction } from './validatePolicyAction';
import { examples as createExamples } from './createPolicyAction.examples';
import {
  customLatencyMetric,
  istioCanaryPolicy,
} from '../__testUtils__/policies';

const input = rolloutPolicyInput(z);
const base = istioCanaryPolicy();

const examplePolicies = createExamples.map(
  e => parse(e.example).steps[0].input.policy,
);

/** Policies both schemas accept (some break the rules `validateRolloutPolicy` checks after them). */
const accepted: [string, unknown][] = [
  ['the Istio canary', base],
  [
    'a custom metric',
    istioCanaryPolicy({
      analysis: {
        ...base.analysis,
        metrics: [...base.analysis.metrics, customLatencyMetric],
      },
    }),
  ],
  [
    'a Kurator policy with a loadtester',
    istioCanaryPolicy({ testLoader: true }),
  ],
  ...examplePolicies.map(
    (p, i) => [`example ${i + 1}`, p] as [string, unknown],
  ),
  [
    'two traffic modes and a mismatched service name',
    istioCanaryPolicy({
      service: { name: 'podinfo-svc', port: 9898 },
      traffic: { stepWeight: 10, iterations: 5 },
    }),
  ],
  [
    'nginx without an ingress, decreasing stepWeights, a custom metric without a query',
    istioCanaryPolicy({
      provider: 'nginx',
      traffic: { stepWeights: [10, 5] },
      analysis: {
        intervalSeconds: 60,
        threshold: 3,
        metrics: [
          { name: 'error-rate', intervalSeconds: 60, thresholdRange: {} },
        ],
      },
    }),
  ],
  [
    'an overshooting stepWeight and threshold 0',
    istioCanaryPolicy({
      traffic: { maxWeight: 50, stepWeight: 20 },
      analysis: { ...base.analysis, threshold: 0 },
    }),
  ],
  [
    'A/B match conditions, Istio options and gates',
    istioCanaryPolicy({
      service: {
        name: 'podinfo',
        port: 9898,
        targetPort: 'http',
        gateways: ['public'],
        hosts: ['app.example.com'],
        retries: { attempts: 3, perTryTimeout: '1s', extra: true },
        headers: { request: { add: { 'x-canary': 'yes' } } },
        corsPolicy: { allowOrigins: [{ exact: 'https://a.example.com' }] },
      },
      traffic: {
        iterations: 10,
        match: [
          {
            headers: { 'x-canary': { exact: 'insider' } },
            sourceLabels: { app: 'web' },
            unknownField: 'kept',
          },
        ],
      },
      gates: {
        url: 'http://flagger-loadtester.test/',
        token: 'secret',
        confirmRollout: true,
      },
      rolloutTimeoutSeconds: 600,
      skipAnalysis: false,
    }),
  ],
  ['an unknown field (stripped by both)', { ...base, unknownField: 1 }],
];

/** Policies of the wrong shape or type: both schemas reject them. */
const rejected: [string, unknown][] = [
  ['only a provider', { provider: 'istio' }],
  ['not an object', 'istio'],
  ['no workload', { ...base, workload: undefined }],
  ['an unknown provider', istioCanaryPolicy({ provider: 'envoy' })],
  [
    'an unknown workload kind',
    istioCanaryPolicy({ workload: { ...base.workload, kind: 'StatefulSet' } }),
  ],
  [
    'a port that is not a number',
    istioCanaryPolicy({ service: { name: 'podinfo', port: 'http' } }),
  ],
  [
    'a fractional metric interval',
    istioCanaryPolicy({
      analysis: {
        ...base.analysis,
        metrics: [{ name: 'm', intervalSeconds: 1.5 }],
      },
    }),
  ],
  [
    'no analysis interval',
    istioCanaryPolicy({
      analysis: { ...base.analysis, intervalSeconds: undefined },
    }),
  ],
  [
    'an unknown metric provider type',
    istioCanaryPolicy({
      analysis: {
        ...base.analysis,
        metrics: [
          {
            ...customLatencyMetric,
            custom: { ...customLatencyMetric.custom, provider: { type: 'x' } },
          },
        ],
      },
    }),
  ],
  [
    'a targetPort that is neither a number nor a string',
    istioCanaryPolicy({
      service: { name: 'podinfo', port: 9898, targetPort: true },
    }),
  ],
  [
    'a retries attempts that is not a number',
    istioCanaryPolicy({
      service: { name: 'podinfo', port: 9898, retries: { attempts: 'x' } },
    }),
  ],
  [
    'a match header that is not a string match',
    istioCanaryPolicy({
      traffic: { iterations: 10, match: [{ headers: { 'x-a': 'insider' } }] },
    }),
  ],
  [
    'gates without a url',
    istioCanaryPolicy({ gates: { confirmRollout: true } }),
  ],
  [
    'mirror that is not a boolean',
    istioCanaryPolicy({ traffic: { iterations: 1, mirror: 'yes' } }),
  ],
];

/**
 * Policies out of range: common's schema rejects them; the step input leaves ranges to
 * `validateRolloutPolicy`, so the step fails with its message naming the field by its label
 * instead of the scaffolder's bare JSON schema message.
 */
const outOfRange: [string, unknown, string][] = [
  [
    'port 0',
    istioCanaryPolicy({ service: { name: 'podinfo', port: 0 } }),
    'Service port must be at least 1.',
  ],
  [
    'stepWeight 0',
    istioCanaryPolicy({ traffic: { maxWeight: 50, stepWeight: 0 } }),
    'Step weight (%) must be at least 1.',
  ],
  [
    'maxWeight 150',
    istioCanaryPolicy({ traffic: { maxWeight: 150, stepWeight: 10 } }),
    'Max weight (%) must be at most 100.',
  ],
  [
    'an empty metric name',
    istioCanaryPolicy({
      analysis: {
        ...base.analysis,
        metrics: [{ name: '', intervalSeconds: 60 }],
      },
    }),
    'Name of metric 1 must not be empty.',
  ],
];

describe('rolloutPolicyInput, derived from common rolloutPolicySchema', () => {
  it.each(accepted)('accepts what common accepts: %s', (_, policy) => {
    const common = rolloutPolicySchema.safeParse(policy);
    expect(common.success).toBe(true);
    // The same object: unknown keys stripped or kept in the same places.
    expect(input.parse(policy)).toEqual(common.data);
  });

  it.each(rejected)('rejects what common rejects: %s', (_, policy) => {
    const common = rolloutPolicySchema.safeParse(policy);
    const derived = input.safeParse(policy);
    expect(common.success).toBe(false);
    expect(derived.success).toBe(false);
    // At the same fields.
    const pathsOf = (issues: { path: PropertyKey[] }[]) =>
      [...new Set(issues.map(i => i.path.join('.')))].sort();
    expect(pathsOf(derived.error!.issues)).toEqual(
      pathsOf(common.error!.issues),
    );
  });

  it.each(outOfRange)(
    'leaves ranges to validateRolloutPolicy: %s',
    (_, policy, message) => {
      expect(rolloutPolicySchema.safeParse(policy).success).toBe(false);
      expect(input.safeParse(policy).success).toBe(true);
      expect(
        validate(
          { target: 'flagger', policy },
          createValidatePolicyAction().schema!.input!,
        ).errors,
      ).toEqual([]);
      expect(
        validateRolloutPolicy(policy, 'flagger').map(i => i.message),
      ).toContain(message);
    },
  );

  describe('the JSON schema the scaffolder shows for the action input', () => {
    type Node = Record<string, any>;
    const descriptions = (node: unknown, at = ''): [string, string][] => {
      if (!node || typeof node !== 'object') return [];
      const n = node as Node;
      const own: [string, string][] =
        typeof n.description === 'string' ? [[at || '/', n.description]] : [];
      return [
        ...own,
        ...Object.entries(n).flatMap(([k, v]) =>
          k === 'description' ? [] : descriptions(v, `${at}/${k}`),
        ),
      ];
    };

    // The descriptions the scaffolder's hand-written copy of the schema had, word for word.
    const expected: [string, string][] = [
      [
        '/',
        'The rollout policy (the RolloutPolicy model of @backstage-canary/plugin-canary-common).',
      ],
      ['/properties/workload/properties/apiVersion', 'Usually apps/v1.'],
      ['/properties/provider', 'Traffic routing provider.'],
      [
        '/properties/service/properties/name',
        'Service name (Kurator: must equal workload.name).',
      ],
      ['/properties/service/properties/port', 'Service port (1-65535).'],
      ['/properties/service/properties/gateways', 'Istio gateways.'],
      ['/properties/service/properties/hosts', 'Istio hosts.'],
      [
        '/properties/service/properties/host',
        'NGINX host (Kurator with nginx only).',
      ],
      [
        '/properties/service/properties/ingressName',
        'NGINX Ingress of a native canary.',
      ],
      ['/properties/service/properties/protocol', 'Kuma protocol.'],
      [
        '/properties/traffic',
        'Exactly one of iterations, stepWeight or stepWeights (weights are percentages 1-100).',
      ],
      [
        '/properties/traffic/properties/iterations',
        'A/B testing (with match) or Blue/Green (without).',
      ],
      ['/properties/traffic/properties/match', 'A/B match conditions.'],
      [
        '/properties/traffic/properties/mirror',
        'Blue/Green with traffic mirroring.',
      ],
      [
        '/properties/analysis/properties/intervalSeconds',
        'Seconds between checks.',
      ],
      [
        '/properties/analysis/properties/threshold',
        'Failed checks before rollback.',
      ],
      [
        '/properties/analysis/properties/metrics/items/properties/name',
        'request-success-rate and request-duration are builtin; any other name is a custom metric (a MetricTemplate of that name).',
      ],
      [
        '/properties/analysis/properties/metrics/items/properties/intervalSeconds',
        'Query window in seconds.',
      ],
      [
        '/properties/analysis/properties/metrics/items/properties/thresholdRange',
        'The check fails outside [min, max].',
      ],
      [
        '/properties/analysis/properties/metrics/items/properties/custom/properties/provider/properties/type',
        'Metric provider: prometheus, datadog, cloudwatch, newrelic, graphite, dynatrace, influxdb, stackdriver, splunk, keptn.',
      ],
      [
        '/properties/analysis/properties/metrics/items/properties/custom/properties/query',
        'Query with Flagger variables ({{ namespace }}, {{ target }}, {{ interval }}, ...).',
      ],
      [
        '/properties/analysis/properties/loadTest/properties/url',
        'Loadtester URL (native canaries).',
      ],
      ['/properties/testLoader', 'Kurator: install a private loadtester.'],
      [
        '/properties/gates',
        'Native canaries only: approval gates (loadtester or Canary backend).',
      ],
      [
        '/properties/gates/properties/url',
        'A Flagger loadtester base URL, or the Canary backend gates <backend>/api/canary/gates/<cluster>.',
      ],
      [
        '/properties/gates/properties/token',
        'Backend gates only: the cluster gate token (canary.gates.clusters.<cluster>.token), written as each webhook metadata.token.',
      ],
    ];

    it.each([
      ['canary:policy:create', createPolicyAction()],
      ['canary:policy:validate', createValidatePolicyAction()],
    ])('of %s carries the policy descriptions', (_, action) => {
      const policy = (action.schema!.input as Node).properties.policy;
      expect(descriptions(policy).sort()).toEqual([...expected].sort());
    });

    it('carries every description of common schema, at the same field', () => {
      const common = z4.toJSONSchema(rolloutPolicySchema, { io: 'input' });
      const policy = (createPolicyAction().schema!.input as Node).properties
        .policy;
      expect(descriptions(policy).sort()).toEqual(descriptions(common).sort());
    });
  });
});

describe('fromCommonSchema', () => {
  it('converts the zod 4 types it handles, with their descriptions', () => {
    const schema = z4
      .strictObject({
        s: z4.string().min(1).describe('a string'),
        n: z4.number().max(3),
        i: z4.int().describe('an int'),
        b: z4.boolean().nullable(),
        e: z4.enum(['a', 'b']),
        l: z4.literal(['x', 1]),
        one: z4.literal('one'),
        a: z4.array(z4.number().int()).optional(),
        r: z4.record(z4.string(), z4.unknown()),
        u: z4.union([z4.string(), z4.number()]),
        d: z4.string().default('dflt'),
        loose: z4.looseObject({ k: z4.any() }),
        rest: z4.object({}).catchall(z4.number()),
      })
      .describe('root');
    const converted = fromCommonSchema(z, schema);
    const valid = {
      s: 'x',
      n: 2,
      i: 3,
      b: null,
      e: 'a',
      l: 1,
      one: 'one',
      r: { k: [1] },
      u: 2,
      loose: { k: 1, other: 'kept' },
      rest: { n: 1 },
    };
    expect(converted.parse(valid)).toEqual(schema.parse(valid));
    expect(converted.parse(valid).d).toBe('dflt');
    for (const invalid of [
      { ...valid, extra: 1 },
      { ...valid, i: 1.5 },
      { ...valid, e: 'c' },
      { ...valid, l: 'y' },
      { ...valid, one: 'two' },
      { ...valid, a: [0.5] },
      { ...valid, u: true },
      { ...valid, rest: { n: 'x' } },
      { ...valid, b: undefined },
    ]) {
      expect(schema.safeParse(invalid).success).toBe(false);
      expect(converted.safeParse(invalid).success).toBe(false);
    }
    expect(converted.description).toBe('root');
    const shape = (converted as z.AnyZodObject).shape;
    expect(shape.s.description).toBe('a string');
    expect(shape.i.description).toBe('an int');
  });

  it.each([
    [
      'a type it does not handle',
      z4.object({ a: z4.object({ when: z4.date() }) }),
      /the zod 4 type "date" at a\.when has no zod v3 conversion/,
    ],
    [
      'a transform',
      z4.object({ a: z4.array(z4.string().transform(s => s.length)) }),
      /the zod 4 type "pipe" at a\[\] has no zod v3 conversion/,
    ],
    [
      'a refinement',
      z4.object({ a: z4.object({}).refine(() => true) }),
      /the object check "custom" at a has no zod v3 conversion/,
    ],
    [
      'a pattern',
      z4.object({ a: z4.string().regex(/^x/) }),
      /the string check "string_format" \(regex\) at a has no/,
    ],
    [
      'a string format',
      z4.object({ a: z4.email() }),
      /the string format "email" at a has no/,
    ],
    [
      'a record keyed by an enum',
      z4.object({ a: z4.record(z4.enum(['x']), z4.string()) }),
      /a record keyed by enum at a has no/,
    ],
  ])('throws, naming the field, on %s', (_, schema, error) => {
    expect(() => fromCommonSchema(z, schema)).toThrow(error);
  });
});
