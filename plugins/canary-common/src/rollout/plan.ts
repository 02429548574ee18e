import type { Canary, CanaryAnalysis } from '../model/canary';
import { getCanaryAnalysis } from '../model/canary';
import { parseGoDuration } from '../model/duration';
import { deriveStrategy, type RolloutStrategy } from './strategy';

/**
 * One planned step of a rollout run.
 *
 * @public
 */
export type RolloutStep =
  | {
      kind: 'weight';
      /** Percent of traffic routed to the canary after this step. */
      weight: number;
    }
  | {
      kind: 'iteration';
      /** 1-based iteration number. */
      iteration: number;
      iterations: number;
      /** What the canary receives: matched requests (A/B), mirrored traffic, or no live traffic. */
      traffic: 'matched' | 'mirrored' | 'none';
    }
  | { kind: 'route-all-to-canary'; mirroringStopped: boolean }
  | { kind: 'promote' };

/**
 * The planned steps of a run, and what to know about them.
 *
 * @public
 */
export type RolloutPlan = {
  strategy: RolloutStrategy;
  steps: RolloutStep[];
  /** The weight at which a weighted canary is promoted (`maxWeight`, default 100). */
  maxWeight?: number;
  /** Analysis interval in milliseconds (default 60 s, clamped to at least 10 s). */
  intervalMs: number;
  /** Lower bound of the run time without failures or gates: one interval per step. */
  minimumDurationMs: number;
  /** Warnings about the plan, e.g. a stepWeight that overshoots maxWeight. */
  warnings: string[];
};

/**
 * Flagger's analysis interval: default 60 s, values below 10 s are clamped to 10 s.
 *
 * @public
 */
export function getAnalysisIntervalMs(
  analysis: CanaryAnalysis | undefined,
): number {
  const parsed = analysis?.interval
    ? parseGoDuration(analysis.interval)
    : undefined;
  if (parsed === undefined || parsed <= 0) return 60_000;
  return Math.max(parsed, 10_000);
}

/**
 * The weights a weighted canary goes through, as Flagger advances them: `stepWeights` in order
 * (promotion at the last one, at most 100), or `stepWeight` increments while the weight is below
 * `maxWeight` (which can overshoot: maxWeight 50 with stepWeight 20 gives 20, 40, 60), capped at 100.
 *
 * @public
 */
export function planCanaryWeights(analysis: CanaryAnalysis | undefined): {
  weights: number[];
  maxWeight: number;
  overshoot: boolean;
} {
  const stepWeights = analysis?.stepWeights ?? [];
  if (stepWeights.length > 0) {
    const maxWeight = Math.min(100, stepWeights[stepWeights.length - 1]);
    const weights: number[] = [];
    for (const w of stepWeights) {
      const capped = Math.min(100, w);
      if (weights.length && capped <= weights[weights.length - 1]) continue;
      weights.push(capped);
      if (capped >= maxWeight) break;
    }
    return { weights, maxWeight, overshoot: false };
  }
  const maxWeight =
    analysis?.maxWeight && analysis.maxWeight > 0 ? analysis.maxWeight : 100;
  const step = analysis?.stepWeight ?? 0;
  const weights: number[] = [];
  if (step > 0) {
    let weight = 0;
    while (weight < maxWeight && weight < 100) {
      weight = Math.min(100, weight + step);
      weights.push(weight);
    }
  }
  const last = weights[weights.length - 1] ?? 0;
  return { weights, maxWeight, overshoot: last > maxWeight };
}

/**
 * Plans the steps of a run for an analysis block (see {@link planCanaryWeights} for weights;
 * A/B runs `iterations` checks on matched traffic; Blue/Green runs `iterations` checks, then routes
 * all traffic to the canary, then promotes).
 *
 * @public
 */
export function planRollout(
  analysis: CanaryAnalysis | undefined,
  provider?: string,
): RolloutPlan {
  const reading = deriveStrategy(analysis, provider);
  const intervalMs = getAnalysisIntervalMs(analysis);
  const steps: RolloutStep[] = [];
  const warnings: string[] = [...reading.notes];
  let maxWeight: number | undefined;
  if (reading.strategy === 'canary') {
    const planned = planCanaryWeights(analysis);
    maxWeight = planned.maxWeight;
    for (const weight of planned.weights)
      steps.push({ kind: 'weight', weight });
    if (planned.overshoot) {
      warnings.push(
        `stepWeight ${analysis?.stepWeight} overshoots maxWeight ${
          planned.maxWeight
        }: the last step routes ${
          planned.weights[planned.weights.length - 1]
        }% of traffic to the canary.`,
      );
    }
    if (planned.weights.length === 0) {
      warnings.push(
        'No traffic steps: set stepWeight, stepWeights or iterations (exactly one).',
      );
    }
  } else {
    const iterations = reading.iterations ?? 0;
    let traffic: 'matched' | 'mirrored' | 'none' = 'none';
    if (reading.strategy === 'ab-testing') traffic = 'matched';
    else if (reading.strategy === 'blue-green-mirroring') traffic = 'mirrored';
    for (let i = 1; i <= iterations; i++) {
      steps.push({ kind: 'iteration', iteration: i, iterations, traffic });
    }
    if (reading.strategy !== 'ab-testing') {
      steps.push({
        kind: 'route-all-to-canary',
        mirroringStopped: reading.strategy === 'blue-green-mirroring',
      });
    }
  }
  steps.push({ kind: 'promote' });
  return {
    strategy: reading.strategy,
    steps,
    ...(maxWeight !== undefined ? { maxWeight } : {}),
    intervalMs,
    minimumDurationMs: steps.length * intervalMs,
    warnings,
  };
}

/**
 * Plans the steps of a canary's run.
 *
 * @public
 */
export function planCanaryRollout(canary: Pick<Canary, 'spec'>): RolloutPlan {
  return planRollout(getCanaryAnalysis(canary), canary.spec.provider);
}
