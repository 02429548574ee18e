// Test-only rollout policies, shaped like the step inputs a template passes.

export function istioCanaryPolicy(overrides: Record<string, unknown> = {}) {
  return {
    workload: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'podinfo',
      namespace: 'test',
    },
    provider: 'istio',
    service: { name: 'podinfo', port: 9898 },
    traffic: { maxWeight: 50, stepWeight: 10 },
    analysis: {
      intervalSeconds: 60,
      threshold: 5,
      metrics: [
        {
          name: 'request-success-rate',
          intervalSeconds: 60,
          thresholdRange: { min: 99 },
        },
        {
          name: 'request-duration',
          intervalSeconds: 60,
          thresholdRange: { max: 500 },
        },
      ],
    },
    ...overrides,
  };
}

export const customLatencyMetric = {
  name: 'latency-p99',
  intervalSeconds: 60,
  thresholdRange: { max: 800 },
  custom: {
    provider: { type: 'prometheus', address: 'http://prometheus.test:9090' },
    query:
      'histogram_quantile(0.99, sum(rate(http_request_duration_seconds_bucket{pod=~"{{ target }}-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)"}[{{ interval }}])) by (le)) * 1000',
  },
};

export const kuratorApplication = {
  fleet: 'quickstart',
  source: {
    gitRepository: {
      url: 'https://github.com/stefanprodan/podinfo',
      ref: { branch: 'master' },
    },
  },
};
