import type {
  CurrentPolicy,
  PolicyTarget,
  RolloutPolicy,
} from '@backstage-canary/plugin-canary-common';
import {
  STRATEGY_PRESETS,
  defaultPolicy,
  presetTraffic,
  type StrategyPreset,
} from '../PolicyForm';
import { describePolicySource } from './describeSource';

/** Something the editor can start from: a current policy, a preset or a blank policy. */
export type StartingPoint = {
  /** `current:<index>`, `preset:<preset>` or `blank`. */
  id: string;
  label: string;
};

/** The starting points offered for an entity's current policies. */
export function startingPoints(current: CurrentPolicy[]): StartingPoint[] {
  return [
    ...current.map((item, i) => ({
      id: `current:${i}`,
      label: `Current: ${describePolicySource(item)}`,
    })),
    ...STRATEGY_PRESETS.map(p => ({
      id: `preset:${p.value}`,
      label: `Preset: ${p.label}`,
    })),
    { id: 'blank', label: 'Blank policy' },
  ];
}

/** A policy with nothing filled in but the analysis defaults. */
export function blankPolicy(): RolloutPolicy {
  return {
    workload: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: '',
      namespace: '',
    },
    provider: 'istio',
    service: { name: '', port: undefined as unknown as number },
    traffic: {},
    analysis: { intervalSeconds: 60, threshold: 5, metrics: [] },
  };
}

/**
 * The policy and output of a starting point. Presets keep the workload, service and provider of
 * the first current policy, so they describe this entity's workload.
 */
export function startFrom(
  id: string,
  current: CurrentPolicy[],
  target: PolicyTarget,
): { policy: RolloutPolicy; target: PolicyTarget; source?: CurrentPolicy } {
  if (id.startsWith('current:')) {
    const item = current[Number(id.slice('current:'.length))];
    if (item)
      return {
        policy: structuredClone(item.policy),
        target: item.source.target,
        source: item,
      };
  }
  if (id.startsWith('preset:')) {
    const base = current[0]?.policy
      ? structuredClone(current[0].policy)
      : defaultPolicy();
    const preset = id.slice('preset:'.length) as StrategyPreset;
    return {
      policy: { ...base, traffic: presetTraffic(preset) },
      target: preset === 'mirroring' ? 'flagger' : target,
      source: current[0],
    };
  }
  return { policy: blankPolicy(), target };
}
