import type { Canary, CanaryAnalysis, CanaryStatus } from '../model/canary';

/**
 * Builds a Canary for tests (not exported from the package).
 */
export function makeCanary(
  analysis: CanaryAnalysis,
  status?: CanaryStatus,
  extra: Partial<Canary['spec']> = {},
  annotations?: Record<string, string>,
): Canary {
  return {
    apiVersion: 'flagger.app/v1beta1',
    kind: 'Canary',
    metadata: {
      name: 'podinfo',
      namespace: 'test',
      ...(annotations ? { annotations } : {}),
    },
    spec: {
      targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'podinfo' },
      service: { port: 9898 },
      analysis,
      ...extra,
    },
    ...(status ? { status } : {}),
  };
}
