import type { MetricSeries } from '../api/rolloutTypes';
import type { MetricThreshold } from './metricUnits';

/**
 * A canary sample outside its metric's accepted range.
 *
 * @public
 */
export type OutOfRangeSample = {
  /** Unix seconds. */
  t: number;
  value: number;
  /** `<`: below the minimum; `>`: above the maximum. */
  comparison: '<' | '>';
  bound: number;
};

/**
 * Where a value stands against the accepted range: the bound it crosses, if any. Below `min` or
 * above `max` crosses, as Flagger compares; a value that is not finite (NaN is Flagger's "no values
 * found") crosses none.
 *
 * @public
 */
export function crossedBound(
  value: number,
  threshold: Pick<MetricThreshold, 'min' | 'max'>,
): Pick<OutOfRangeSample, 'comparison' | 'bound'> | undefined {
  if (!Number.isFinite(value)) return undefined;
  if (threshold.min !== undefined && value < threshold.min) {
    return { comparison: '<', bound: threshold.min };
  }
  if (threshold.max !== undefined && value > threshold.max) {
    return { comparison: '>', bound: threshold.max };
  }
  return undefined;
}

/**
 * The canary's samples outside the metric's accepted range, whether or not Flagger recorded a
 * failed check for them (it halts on the first failing metric and never checks the others).
 *
 * @public
 */
export function outOfRangeSamples(metric: MetricSeries): OutOfRangeSample[] {
  return metric.canary.flatMap(([t, value]) => {
    const crossed = crossedBound(value, metric.threshold);
    return crossed ? [{ t, value, ...crossed }] : [];
  });
}

/**
 * The canary's latest sample when it is out of range.
 *
 * @public
 */
export function latestOutOfRange(
  metric: MetricSeries,
): OutOfRangeSample | undefined {
  const latest = metric.canary[metric.canary.length - 1];
  if (!latest) return undefined;
  const crossed = crossedBound(latest[1], metric.threshold);
  return crossed && { t: latest[0], value: latest[1], ...crossed };
}
