import type { CanaryAnalysis, Canary } from '../model/canary';
import { getCanaryAnalysis } from '../model/canary';

/**
 * How a canary moves traffic, derived the way Flagger derives it (`DeploymentStrategy()`):
 * `ab-testing` = match + iterations; `blue-green` = iterations; `blue-green-mirroring` = iterations
 * with `mirror`; otherwise `canary` (weights).
 *
 * @public
 */
export type RolloutStrategy =
  | 'canary'
  | 'ab-testing'
  | 'blue-green'
  | 'blue-green-mirroring';

/**
 * The strategy with what Flagger changes at run time, e.g. the `kubernetes` provider.
 *
 * @public
 */
export type StrategyReading = {
  strategy: RolloutStrategy;
  /** Human-readable name: "Canary", "A/B testing", "Blue/Green", "Blue/Green with traffic mirroring". */
  label: string;
  /** The iterations Flagger runs (A/B, Blue/Green), after its own adjustments. */
  iterations?: number;
  /** What Flagger changes compared to the spec, in words. */
  notes: string[];
};

const LABELS: Record<RolloutStrategy, string> = {
  canary: 'Canary',
  'ab-testing': 'A/B testing',
  'blue-green': 'Blue/Green',
  'blue-green-mirroring': 'Blue/Green with traffic mirroring',
};

/**
 * Derives the strategy of an analysis block (`provider` matters: `kubernetes` drops `match` and
 * forces 10 iterations when none are set).
 *
 * @public
 */
export function deriveStrategy(
  analysis: CanaryAnalysis | undefined,
  provider?: string,
): StrategyReading {
  const notes: string[] = [];
  let iterations = analysis?.iterations ?? 0;
  let hasMatch = (analysis?.match?.length ?? 0) > 0;
  if (provider === 'kubernetes') {
    if (hasMatch) {
      notes.push(
        'A/B testing is not supported by the kubernetes provider: match conditions are ignored.',
      );
      hasMatch = false;
    }
    if (iterations < 1) {
      notes.push(
        'Progressive traffic is not supported by the kubernetes provider: Flagger runs Blue/Green with 10 iterations.',
      );
      iterations = 10;
    }
  }
  let strategy: RolloutStrategy;
  if (hasMatch && iterations > 0) strategy = 'ab-testing';
  else if (iterations > 0)
    strategy = analysis?.mirror ? 'blue-green-mirroring' : 'blue-green';
  else strategy = 'canary';
  if (analysis?.mirror && strategy === 'canary') {
    notes.push(
      'mirror only applies to Blue/Green (iterations); it is ignored for weighted canaries.',
    );
  }
  return {
    strategy,
    label: LABELS[strategy],
    ...(strategy === 'canary' ? {} : { iterations }),
    notes,
  };
}

/**
 * Derives the strategy of a canary from its analysis and provider.
 *
 * @public
 */
export function getCanaryStrategy(
  canary: Pick<Canary, 'spec'>,
): StrategyReading {
  return deriveStrategy(getCanaryAnalysis(canary), canary.spec.provider);
}
