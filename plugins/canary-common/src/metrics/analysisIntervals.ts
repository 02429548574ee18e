import type { RolloutMetricsResponse } from '../api/rolloutTypes';

/**
 * The analysis intervals of a metrics range: one per point of the range query (`start`,
 * `start + step`, … up to `end`), each from its point to the next. A sample at a point falls in
 * that point's interval.
 */
export type IntervalGrid = {
  start: number;
  step: number;
  count: number;
};

/** The intervals of a range up to `end` (default the range's end); none for an empty range. */
export function intervalGrid(
  range: RolloutMetricsResponse['range'],
  end: number = range.end,
): IntervalGrid | undefined {
  const { start, stepSeconds: step } = range;
  if (![start, end, step].every(Number.isFinite) || step <= 0 || end < start) {
    return undefined;
  }
  return { start, step, count: Math.floor((end - start) / step) + 1 };
}

/** The interval a time (unix seconds) falls in, or `undefined` outside the grid. */
export function intervalOf(grid: IntervalGrid, t: number): number | undefined {
  if (!Number.isFinite(t)) return undefined;
  const index = Math.floor((t - grid.start) / grid.step);
  return index >= 0 && index < grid.count ? index : undefined;
}

/** "18s", "3m", "1h": a span of seconds, short. */
export function spanText(seconds: number): string {
  if (seconds >= 3600 && seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds >= 60 && seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}
