import type { RolloutPolicy } from './rolloutPolicy';
import { validateRolloutPolicy } from './validateRolloutPolicy';

const base: RolloutPolicy = {
  workload: {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    name: 'backend',
    namespace: 'webapp',
  },
  provider: 'istio',
  service: { name: 'backend', port: 9898, timeoutSeconds: 60 },
  traffic: { maxWeight: 50, stepWeight: 10 },
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
    loadTest: {
      commands: ['hey -z 1m http://backend-canary.webapp:9898/'],
      timeoutSeconds: 60,
    },
  },
  testLoader: true,
};

const paths = (
  issues: ReturnType<typeof validateRolloutPolicy>,
  severity = 'error',
) => issues.filter(i => i.severity === severity).map(i => i.path);

describe('validateRolloutPolicy', () => {
  it('accepts the Kurator canary example policy', () => {
    expect(validateRolloutPolicy(base, 'kurator')).toEqual([]);
  });

  it('requires exactly one of iterations, stepWeight, stepWeights', () => {
    const issues = validateRolloutPolicy(
      { ...base, traffic: { stepWeight: 10, iterations: 3 } },
      'kurator',
    );
    const issue = issues.find(i => i.path === 'traffic')!;
    expect(issue.severity).toBe('error');
    expect(issue.message).toMatch(
      /exactly one of iterations.*found iterations and stepWeight/,
    );
    expect(
      paths(
        validateRolloutPolicy(
          { ...base, traffic: { maxWeight: 50 } },
          'kurator',
        ),
      ),
    ).toContain('traffic');
  });

  it('warns about stepWeight overshoot', () => {
    const issues = validateRolloutPolicy(
      { ...base, traffic: { maxWeight: 50, stepWeight: 20 } },
      'kurator',
    );
    expect(issues).toEqual([
      expect.objectContaining({
        path: 'traffic.stepWeight',
        severity: 'warning',
        message: expect.stringMatching(/routes 60%/),
      }),
    ]);
  });

  it('enforces Kurator naming and provider rules', () => {
    expect(
      paths(
        validateRolloutPolicy(
          { ...base, service: { ...base.service, name: 'svc' } },
          'kurator',
        ),
      ),
    ).toEqual(['service.name']);
    expect(
      paths(validateRolloutPolicy({ ...base, provider: 'nginx' }, 'kurator')),
    ).toEqual(['service.host']);
    expect(
      paths(validateRolloutPolicy({ ...base, provider: 'linkerd' }, 'kurator')),
    ).toEqual(['provider']);
    expect(
      paths(
        validateRolloutPolicy(
          { ...base, gates: { url: 'http://lt', rollback: true } },
          'kurator',
        ),
      ),
    ).toEqual(['gates']);
  });

  it('requires custom metrics to be DNS-safe and backed by a query', () => {
    const issues = validateRolloutPolicy(
      {
        ...base,
        analysis: {
          ...base.analysis,
          metrics: [
            {
              name: 'Error_Rate',
              intervalSeconds: 60,
              thresholdRange: { max: 1 },
            },
          ],
        },
      },
      'kurator',
    );
    expect(paths(issues)).toEqual([
      'analysis.metrics[0].name',
      'analysis.metrics[0].custom',
    ]);
  });

  it('reports schema errors at the field path, as sentences naming the field by its label and what is allowed', () => {
    const issues = validateRolloutPolicy(
      { ...base, analysis: { ...base.analysis, intervalSeconds: undefined } },
      'kurator',
    );
    expect(issues[0]).toMatchObject({
      path: 'analysis.intervalSeconds',
      severity: 'error',
      message: 'Analysis interval (seconds) is required.',
    });

    const messages = (policy: unknown) =>
      validateRolloutPolicy(policy, 'flagger').map(i => [i.path, i.message]);
    expect(
      messages({ ...base, traffic: { maxWeight: 50, stepWeight: 0 } }),
    ).toEqual([['traffic.stepWeight', 'Step weight (%) must be at least 1.']]);
    expect(
      messages({ ...base, traffic: { maxWeight: 150, stepWeight: 10 } }),
    ).toEqual([['traffic.maxWeight', 'Max weight (%) must be at most 100.']]);
    expect(
      messages({ ...base, service: { ...base.service, port: 'http' } }),
    ).toEqual([['service.port', 'Service port must be a number.']]);
    expect(messages({ ...base, provider: 'envoy' })).toEqual([
      [
        'provider',
        expect.stringMatching(
          /^Traffic provider must be one of apisix, .*, istio, .* or traefik\.$/,
        ),
      ],
    ]);
    expect(
      messages({
        ...base,
        analysis: {
          ...base.analysis,
          metrics: [
            base.analysis.metrics[0],
            { name: '', intervalSeconds: 1.5, thresholdRange: { max: 1 } },
          ],
        },
      }),
    ).toEqual([
      ['analysis.metrics[1].name', 'Name of metric 2 must not be empty.'],
      [
        'analysis.metrics[1].intervalSeconds',
        'Interval (s) of metric 2 must be a whole number.',
      ],
    ]);
    // No raw zod wording or bare paths.
    for (const [, message] of messages({
      ...base,
      workload: {},
      traffic: { stepWeights: [] },
    })) {
      expect(message).not.toMatch(/Too small|Invalid input|expected|^\w+\./);
      expect(message).toMatch(/^[A-Z].*\.$/);
    }
  });

  describe('a custom metric whose query reads the same data for the canary and the primary', () => {
    const withQuery = (query: string): RolloutPolicy => ({
      ...base,
      provider: 'kuma',
      analysis: {
        ...base.analysis,
        metrics: [
          {
            name: 'kuma-request-success-rate',
            intervalSeconds: 90,
            thresholdRange: { min: 99 },
            custom: { provider: { type: 'prometheus' }, query },
          },
        ],
      },
    });

    it('is a warning at the query, worded for a user (no {{ target }} in it)', () => {
      const issues = validateRolloutPolicy(
        withQuery(
          'sum(rate(http_requests_total{status!~"5.*"}[{{ interval }}])) / sum(rate(http_requests_total[{{ interval }}])) * 100',
        ),
        'kurator',
      );
      expect(issues).toEqual([
        {
          path: 'analysis.metrics[0].custom.query',
          severity: 'warning',
          message: expect.stringContaining(
            'Query of metric 1 ("kuma-request-success-rate") reads the same data for the canary and the primary: it has no {{ target }}',
          ),
        },
      ]);
    });

    it('is not raised when the query selects the workload', () => {
      for (const query of [
        'sum(rate(http_requests_total{namespace="{{ namespace }}",pod=~"{{ target }}-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)"}[{{ interval }}]))',
        'sum(rate(requests{service="{{service}}"}[1m]))',
      ])
        expect(validateRolloutPolicy(withQuery(query), 'kurator')).toEqual([]);
    });
  });

  it('requires a loadtester URL and an ingress for native canaries', () => {
    expect(
      paths(
        validateRolloutPolicy(
          { ...base, provider: 'nginx', testLoader: undefined },
          'flagger',
        ),
      ),
    ).toEqual(['service.ingressName', 'analysis.loadTest.url']);
  });
});
