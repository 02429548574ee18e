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

  it('reports schema errors with the field path', () => {
    const issues = validateRolloutPolicy(
      { ...base, analysis: { ...base.analysis, intervalSeconds: undefined } },
      'kurator',
    );
    expect(issues[0]).toMatchObject({
      path: 'analysis.intervalSeconds',
      severity: 'error',
    });
    expect(issues[0].message).toMatch(/^analysis\.intervalSeconds: /);
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
