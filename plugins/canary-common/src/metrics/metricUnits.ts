import type { CanaryMetric } from '../model/canary';

/**
 * The unit a metric's values (and thresholds) are in.
 *
 * @public
 */
export type MetricUnit = 'percent' | 'milliseconds' | 'value';

/**
 * The accepted range of a metric, normalised from `thresholdRange` or the deprecated `threshold`.
 *
 * @public
 */
export type MetricThreshold = {
  min?: number;
  max?: number;
  unit: MetricUnit;
  /** Set when the deprecated `threshold` was used, saying how Flagger reads it. */
  deprecatedThreshold?: string;
  /** Human-readable, e.g. "at least 99%", "at most 500 ms", "between 1 and 5". */
  description: string;
};

/**
 * The unit of a metric: builtin request-success-rate is a percentage (0-100), builtin
 * request-duration is in milliseconds, templated and inline metrics are raw values.
 *
 * @public
 */
export function getMetricUnit(
  metric: Pick<CanaryMetric, 'name' | 'templateRef' | 'query'>,
): MetricUnit {
  if (metric.templateRef || metric.query) return 'value';
  if (metric.name === 'request-success-rate') return 'percent';
  if (metric.name === 'request-duration') return 'milliseconds';
  return 'value';
}

function fmt(value: number, unit: MetricUnit): string {
  if (unit === 'percent') return `${value}%`;
  if (unit === 'milliseconds') return `${value} ms`;
  return String(value);
}

/**
 * The accepted range of a metric and its meaning. The deprecated `threshold` means the minimum for
 * builtin request-success-rate and the maximum for everything else (as Flagger reads it).
 *
 * @public
 */
export function getMetricThreshold(metric: CanaryMetric): MetricThreshold {
  const unit = getMetricUnit(metric);
  let min = metric.thresholdRange?.min;
  let max = metric.thresholdRange?.max;
  let deprecatedThreshold: string | undefined;
  if (
    metric.threshold !== undefined &&
    min === undefined &&
    max === undefined
  ) {
    if (unit === 'percent') {
      min = metric.threshold;
      deprecatedThreshold =
        'threshold is deprecated; for request-success-rate it is the minimum (thresholdRange.min).';
    } else {
      max = metric.threshold;
      deprecatedThreshold =
        'threshold is deprecated; for this metric it is the maximum (thresholdRange.max).';
    }
  }
  let description: string;
  if (min !== undefined && max !== undefined)
    description = `between ${fmt(min, unit)} and ${fmt(max, unit)}`;
  else if (min !== undefined) description = `at least ${fmt(min, unit)}`;
  else if (max !== undefined) description = `at most ${fmt(max, unit)}`;
  else
    description =
      'no bound: the check only fails when the query returns no value';
  return {
    ...(min !== undefined ? { min } : {}),
    ...(max !== undefined ? { max } : {}),
    unit,
    ...(deprecatedThreshold ? { deprecatedThreshold } : {}),
    description,
  };
}

/**
 * Checks a measured value against a metric's accepted range, as Flagger does: below `min` or above
 * `max` fails; NaN or no value is "no values found" and fails too.
 *
 * @public
 */
export function evaluateMetricValue(
  value: number | undefined,
  threshold: Pick<MetricThreshold, 'min' | 'max'>,
): { ok: boolean; violated?: 'min' | 'max' | 'no-value' } {
  if (value === undefined || Number.isNaN(value))
    return { ok: false, violated: 'no-value' };
  if (threshold.min !== undefined && value < threshold.min)
    return { ok: false, violated: 'min' };
  if (threshold.max !== undefined && value > threshold.max)
    return { ok: false, violated: 'max' };
  return { ok: true };
}
