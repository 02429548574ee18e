import type {
  MetricThreshold,
  OutOfRangeSample,
} from '@backstage-canary/plugin-canary-common';
import { formatMetricValue } from './formatMetricValue';

// The comparison with the accepted range lives in common, beside the metrics' verdicts.
export {
  crossedBound,
  latestOutOfRange,
  outOfRangeSamples,
  type OutOfRangeSample,
} from '@backstage-canary/plugin-canary-common';

/** "2450 ms is above the maximum 500 ms". */
export function outOfRangeText(
  sample: Pick<OutOfRangeSample, 'value' | 'comparison' | 'bound'>,
  unit: MetricThreshold['unit'],
): string {
  const side =
    sample.comparison === '<' ? 'below the minimum' : 'above the maximum';
  return `${formatMetricValue(
    sample.value,
    unit,
  )} is ${side} ${formatMetricValue(sample.bound, unit)}`;
}
