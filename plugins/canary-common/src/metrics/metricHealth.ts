import type { MetricSeries, RolloutMetricsResponse } from '../api/rolloutTypes';
import { intervalGrid, intervalOf, spanText } from './analysisIntervals';

/**
 * How many of the latest analysis intervals without a canary sample make a metric "no data"
 * (while its range reaches up to now).
 *
 * @public
 */
export const NO_DATA_RECENT_INTERVALS = 3;

/**
 * Whether a metric's query gets data: `receiving`, `no-data` (none in the range, or none in the
 * latest intervals), `gaps` (some intervals without data) or `query-failed`.
 *
 * @public
 */
export type MetricHealthState =
  | 'receiving'
  | 'no-data'
  | 'gaps'
  | 'query-failed';

/**
 * The health of one metric over a range, see {@link metricHealth}.
 *
 * @public
 */
export type MetricHealth = {
  state: MetricHealthState;
  /** Why `no-data`: no sample in the whole range, or none in the latest intervals. */
  noData?: 'range' | 'recent';
  /** The canary's last finite sample in the range, unix seconds. */
  lastSampleAt?: number;
  /** The range's analysis intervals up to now (none for an empty range). */
  intervals: number;
  /** How many of them had a finite canary sample. */
  intervalsWithData: number;
  /**
   * Intervals without a sample that count as gaps: between the first and the last sample, and up
   * to now while the range reaches now.
   */
  missingIntervals: number;
  /**
   * What is wrong and what to check, naming the metric (and its query when it returned nothing or
   * failed); a summary when receiving.
   */
  note: string;
};

const queryText = (metric: MetricSeries) =>
  metric.query ? ` query: ${metric.query}` : '';

const FLAGGER_NO_VALUES =
  'Flagger halts on "no values found" and counts a failed check for every analysis without data.';

/**
 * Whether a metric's canary query got data over a range, and what to check when it did not.
 *
 * The range's intervals are the points of its query (`start`, `start + stepSeconds`, …; the step is
 * the analysis interval unless another was asked for), up to `now` (default the clock). A canary
 * sample counts when its value is finite: Flagger's Prometheus provider reads an empty result or
 * NaN as "no values found".
 *
 * Why no data matters: on every analysis Flagger runs the metric's query; when it finds no values
 * it emits "Halt advancement no values found for custom metric: …" (templated metrics), "… for
 * metric: …" (inline queries) or "… for <provider> metric <name> probably <target> is not receiving
 * traffic" (builtin metrics), the analysis returns false and the canary's failed checks go up by
 * one (`scheduler.go`: `runAnalysis` false → `SetStatusFailedChecks(failedChecks+1)`). No data is
 * thus a failed check: the run halts, and `analysis.threshold` of them roll it back (flagger#1581).
 * A metric whose query returns something else than nothing (`or vector(0)`) passes silently
 * instead, which no chart tells apart; this function can only see the samples.
 *
 * The rules, first match wins:
 * - `query-failed`: the metric has `problems` (its query could not be rendered or run).
 * - `no-data` (`noData: 'range'`): no finite canary sample in the range (or the range is empty).
 * - `no-data` (`noData: 'recent'`): the range reaches up to now and none of its last
 *   {@link NO_DATA_RECENT_INTERVALS} intervals has a sample: Flagger is halting right now.
 * - `gaps`: an interval without a sample between the first and the last sample (or, while the
 *   range reaches now, after the last one). Intervals before the first and, in a past range, after
 *   the last sample are not gaps: a run's range has margins, and the canary scales up at the start
 *   of a run and down at its end.
 * - `receiving` otherwise.
 *
 * @public
 */
export function metricHealth(
  metric: MetricSeries,
  range: RolloutMetricsResponse['range'],
  options: { now?: number } = {},
): MetricHealth {
  const now = options.now ?? Date.now() / 1000;
  const full = intervalGrid(range);
  const inRange = full
    ? metric.canary.filter(
        ([t, value]) =>
          Number.isFinite(value) && intervalOf(full, t) !== undefined,
      )
    : [];
  const lastSampleAt = inRange.length
    ? Math.max(...inRange.map(([t]) => t))
    : undefined;
  // Up to now, or to the last sample when the browser's clock is behind the metrics server's.
  const end = Math.max(
    range.start,
    Math.min(range.end, Math.max(now, lastSampleAt ?? -Infinity)),
  );
  const grid = full && intervalGrid(range, end);
  const withData = new Set<number>();
  if (grid) {
    for (const [t] of inRange) {
      const index = intervalOf(grid, t);
      if (index !== undefined) withData.add(index);
    }
  }
  const intervals = grid?.count ?? 0;
  const step = range.stepSeconds;
  const live = now < range.end + step;
  const indices = [...withData].sort((a, b) => a - b);
  const first = indices[0];
  const last = live ? intervals - 1 : indices[indices.length - 1];
  const missingIntervals =
    first === undefined ? 0 : last - first + 1 - withData.size;
  const base = {
    ...(lastSampleAt !== undefined ? { lastSampleAt } : {}),
    intervals,
    intervalsWithData: withData.size,
    missingIntervals,
  };
  const { name } = metric;

  if (metric.problems.length > 0) {
    return {
      ...base,
      state: 'query-failed',
      note: `${name} could not be queried: ${metric.problems.join(
        '; ',
      )}. Check the metric's MetricTemplate, provider and query.${queryText(
        metric,
      )}`,
    };
  }
  if (withData.size === 0) {
    return {
      ...base,
      state: 'no-data',
      noData: 'range',
      note: `${name} returned no data in this range: is traffic reaching the canary? ${FLAGGER_NO_VALUES}${queryText(
        metric,
      )}`,
    };
  }
  const recent = NO_DATA_RECENT_INTERVALS;
  if (
    live &&
    intervals >= recent &&
    indices[indices.length - 1] < intervals - recent
  ) {
    return {
      ...base,
      state: 'no-data',
      noData: 'recent',
      note: `${name} returned no data for the last ${recent} intervals (${spanText(
        recent * step,
      )}; last sample at ${new Date(
        lastSampleAt! * 1000,
      ).toISOString()}): is traffic reaching the canary? ${FLAGGER_NO_VALUES}${queryText(
        metric,
      )}`,
    };
  }
  if (missingIntervals > 0) {
    const seen = last - first + 1;
    return {
      ...base,
      state: 'gaps',
      note: `${name} returned no data for ${missingIntervals} of ${seen} intervals of ${spanText(
        step,
      )}: does traffic reach the canary steadily (a load test that pauses)? ${FLAGGER_NO_VALUES}`,
    };
  }
  return {
    ...base,
    state: 'receiving',
    note: `${name} returned data for ${
      withData.size
    } of ${intervals} intervals of ${spanText(step)}.`,
  };
}
