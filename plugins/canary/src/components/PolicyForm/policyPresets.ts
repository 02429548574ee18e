import type { RolloutPolicy } from '@backstage-canary/plugin-canary-common';

/** The strategy presets of the policy form. */
export type StrategyPreset =
  | 'canary'
  | 'ab-header'
  | 'ab-cookie'
  | 'blue-green'
  | 'mirroring';

export const STRATEGY_PRESETS: { value: StrategyPreset; label: string }[] = [
  { value: 'canary', label: 'Canary (step weights)' },
  { value: 'ab-header', label: 'A/B testing by header' },
  { value: 'ab-cookie', label: 'A/B testing by cookie' },
  { value: 'blue-green', label: 'Blue/Green' },
  { value: 'mirroring', label: 'Blue/Green with mirroring' },
];

/** The traffic block a preset fills in. */
export function presetTraffic(
  preset: StrategyPreset,
): RolloutPolicy['traffic'] {
  switch (preset) {
    case 'canary':
      return { stepWeights: [5, 10, 25, 50] };
    case 'ab-header':
      return {
        iterations: 10,
        match: [{ headers: { 'x-canary': { exact: 'insider' } } }],
      };
    case 'ab-cookie':
      return {
        iterations: 10,
        match: [
          { headers: { cookie: { regex: '^(.*?;)?(canary=always)(;.*)?$' } } },
        ],
      };
    case 'blue-green':
      return { iterations: 10 };
    case 'mirroring':
      return { iterations: 10, mirror: true };
    default:
      return {};
  }
}

/** Which preset a traffic block looks like. */
export function detectPreset(
  traffic: RolloutPolicy['traffic'] | undefined,
): StrategyPreset {
  if (!traffic || traffic.iterations === undefined) return 'canary';
  if (traffic.mirror) return 'mirroring';
  const match = traffic.match?.[0]?.headers;
  if (match && 'cookie' in match) return 'ab-cookie';
  if (match) return 'ab-header';
  return 'blue-green';
}

/** A complete, valid starting policy (Istio canary on a podinfo-like service). */
export function defaultPolicy(): RolloutPolicy {
  return {
    workload: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'podinfo',
      namespace: 'test',
    },
    provider: 'istio',
    service: { name: 'podinfo', port: 9898 },
    traffic: presetTraffic('canary'),
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
  };
}
