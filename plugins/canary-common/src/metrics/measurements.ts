import type {
  FailedMetricCheck,
  MetricSeries,
  RolloutMetricsResponse,
} from '../api/rolloutTypes';
import { intervalGrid, intervalOf } from './analysisIntervals';
import { crossedBound } from './thresholdCrossing';

/**
 * The verdict of one analysis interval of a metric: `pass`, `fail` (out of the accepted range, or
 * Flagger recorded a failed check) or `no-data` (a sample that is not a number, no check recorded).
 *
 * @public
 */
export type MeasurementVerdict = 'pass' | 'fail' | 'no-data';

/**
 * One analysis interval of a metric, see {@link metricMeasurements}.
 *
 * @public
 */
export type MetricMeasurement = {
  /** The metric's name. */
  metric: string;
  /** The sample's time, or the failed check's when there is no sample (ISO 8601). */
  at: string;
  /** The canary's value: its sample, else the value Flagger's failed check reports. */
  value?: number;
  /** The primary's sample in the same interval. */
  primaryValue?: number;
  /** The accepted range, e.g. "at least 99%". */
  threshold: string;
  verdict: MeasurementVerdict;
  /** Why it failed: the bound crossed, when the value is out of range. */
  crossed?: { comparison: '<' | '>'; bound: number };
  /** The messages of Flagger's failed checks in the interval. */
  failedChecks: string[];
};

/** The last finite sample of each interval, else its last sample (series are oldest first). */
function samplesByInterval(
  series: Array<[number, number]>,
  indexOf: (t: number) => number | undefined,
): Map<number, [number, number]> {
  const byInterval = new Map<number, [number, number]>();
  for (const sample of series) {
    const index = indexOf(sample[0]);
    if (index === undefined) continue;
    const held = byInterval.get(index);
    // The later sample, but a finite value is not replaced by one that is not.
    if (!held || Number.isFinite(sample[1]) || !Number.isFinite(held[1])) {
      byInterval.set(index, sample);
    }
  }
  return byInterval;
}

const finite = (value: number | undefined) =>
  value !== undefined && Number.isFinite(value) ? value : undefined;

/**
 * A metric's analysis intervals within the range that have a canary sample or a failed check of
 * Flagger, oldest first: the value, the primary's, the accepted range and the verdict. `fail` when
 * the value is out of the accepted range (the comparison of {@link crossedBound}) or Flagger
 * recorded a failed check for the metric in the interval (a check without a value is Flagger's
 * "no values found", which counts as a failed check too); `no-data` when the sample is not a
 * finite number and Flagger recorded nothing; `pass` otherwise.
 *
 * @public
 */
export function metricMeasurements(
  metric: MetricSeries,
  range: RolloutMetricsResponse['range'],
): MetricMeasurement[] {
  const grid = intervalGrid(range);
  if (!grid) return [];
  const indexOf = (t: number) => intervalOf(grid, t);
  const canary = samplesByInterval(metric.canary, indexOf);
  const primary = samplesByInterval(metric.primary, indexOf);
  const checks = new Map<number, FailedMetricCheck[]>();
  for (const check of metric.failedChecks) {
    const index = indexOf(Date.parse(check.at) / 1000);
    if (index === undefined) continue;
    checks.set(index, [...(checks.get(index) ?? []), check]);
  }
  const indices = [...new Set([...canary.keys(), ...checks.keys()])].sort(
    (a, b) => a - b,
  );
  return indices.map(index => {
    const sample = canary.get(index);
    const failed = checks.get(index) ?? [];
    const value =
      finite(sample?.[1]) ??
      finite(
        [...failed].reverse().find(check => finite(check.value) !== undefined)
          ?.value,
      );
    const crossed =
      value === undefined ? undefined : crossedBound(value, metric.threshold);
    const primaryValue = finite(primary.get(index)?.[1]);
    // A row has a sample or a failed check, whose time parsed to fall in the interval.
    const atMs = sample
      ? sample[0] * 1000
      : Date.parse(failed[failed.length - 1].at);
    let verdict: MeasurementVerdict = 'pass';
    if (crossed || failed.length > 0) verdict = 'fail';
    else if (value === undefined) verdict = 'no-data';
    return {
      metric: metric.name,
      at: new Date(atMs).toISOString(),
      ...(value !== undefined ? { value } : {}),
      ...(primaryValue !== undefined ? { primaryValue } : {}),
      threshold: metric.threshold.description,
      verdict,
      ...(crossed ? { crossed } : {}),
      failedChecks: failed.map(check => check.message),
    };
  });
}
