import type { MetricSeries } from '../api/rolloutTypes';
import { metricHealth } from './metricHealth';

const start = 1_795_000_000;
const step = 60;
// Ten intervals: start, start + 60, … start + 540.
const range = { start, end: start + 540, stepSeconds: step };
const past = { now: start + 3600 };
const live = { now: start + 545 };

const at = (i: number) => start + i * step;
const samples = (indices: number[], value = 99.5): Array<[number, number]> =>
  indices.map(i => [at(i), value]);

const metric = (overrides: Partial<MetricSeries> = {}): MetricSeries => ({
  name: 'request-success-rate',
  source: 'builtin',
  threshold: { min: 99, unit: 'percent', description: 'at least 99%' },
  query: 'sum(rate(istio_requests_total{destination_workload=~"backend"}[1m]))',
  canary: samples([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]),
  primary: [],
  failedChecks: [],
  problems: [],
  ...overrides,
});

describe('metricHealth', () => {
  it('is receiving when every interval has a canary sample', () => {
    const health = metricHealth(metric(), range, live);
    expect(health).toMatchObject({
      state: 'receiving',
      intervals: 10,
      intervalsWithData: 10,
      missingIntervals: 0,
      lastSampleAt: at(9),
    });
    expect(health.note).toBe(
      'request-success-rate returned data for 10 of 10 intervals of 1m.',
    );
  });

  it('is query-failed when the query could not be rendered or run, before anything else', () => {
    const health = metricHealth(
      metric({
        name: 'error-rate',
        canary: [],
        query: undefined,
        problems: ['MetricTemplate webapp/error-rate not found'],
      }),
      range,
      past,
    );
    expect(health.state).toBe('query-failed');
    expect(health.note).toBe(
      "error-rate could not be queried: MetricTemplate webapp/error-rate not found. Check the metric's MetricTemplate, provider and query.",
    );
  });

  it('is no-data when the range has no sample, with the query to check', () => {
    const health = metricHealth(metric({ canary: [] }), range, past);
    expect(health).toMatchObject({
      state: 'no-data',
      noData: 'range',
      intervals: 10,
      intervalsWithData: 0,
    });
    expect(health.lastSampleAt).toBeUndefined();
    expect(health.note).toMatch(
      /^request-success-rate returned no data in this range: is traffic reaching the canary\? Flagger halts on "no values found" .* query: sum\(rate\(istio_requests_total/,
    );
  });

  it('reads NaN and infinite values as no data, as Flagger reads NaN as "no values found"', () => {
    const health = metricHealth(
      metric({
        canary: [
          [at(0), NaN],
          [at(1), Infinity],
        ],
      }),
      range,
      past,
    );
    expect(health).toMatchObject({ state: 'no-data', noData: 'range' });
  });

  it('ignores samples outside the range', () => {
    const health = metricHealth(
      metric({
        canary: [
          [start - 60, 100],
          [start + 600, 100],
        ],
      }),
      range,
      past,
    );
    expect(health.state).toBe('no-data');
  });

  it('is no-data for an empty range', () => {
    const empty = { start, end: start - 1, stepSeconds: step };
    expect(metricHealth(metric(), empty, past)).toMatchObject({
      state: 'no-data',
      noData: 'range',
      intervals: 0,
    });
    const noStep = { start, end: start + 540, stepSeconds: 0 };
    expect(metricHealth(metric(), noStep, past).state).toBe('no-data');
  });

  it('is no-data when a range up to now has no sample in its last 3 intervals', () => {
    const health = metricHealth(
      metric({ canary: samples([0, 1, 2, 3, 4, 5, 6]) }),
      range,
      live,
    );
    expect(health).toMatchObject({
      state: 'no-data',
      noData: 'recent',
      lastSampleAt: at(6),
      intervalsWithData: 7,
    });
    expect(health.note).toBe(
      `request-success-rate returned no data for the last 3 intervals (3m; last sample at ${new Date(
        at(6) * 1000,
      ).toISOString()}): is traffic reaching the canary? Flagger halts on "no values found" and counts a failed check for every analysis without data. query: sum(rate(istio_requests_total{destination_workload=~"backend"}[1m]))`,
    );
  });

  it('counts only the intervals up to now', () => {
    // The range reaches a minute past now: the last interval cannot have data yet.
    const health = metricHealth(
      metric({ canary: samples([0, 1, 2, 3, 4, 5, 6, 7, 8]) }),
      range,
      { now: at(8) + 10 },
    );
    expect(health).toMatchObject({ state: 'receiving', intervals: 9 });
  });

  it("counts a sample newer than now, when the browser's clock is behind", () => {
    const health = metricHealth(metric(), range, { now: at(8) });
    expect(health).toMatchObject({ state: 'receiving', intervals: 10 });
  });

  it('is gaps when intervals between samples have none', () => {
    const health = metricHealth(
      metric({ canary: samples([0, 1, 3, 4, 6, 7, 8, 9]) }),
      range,
      past,
    );
    expect(health).toMatchObject({
      state: 'gaps',
      intervalsWithData: 8,
      missingIntervals: 2,
    });
    expect(health.note).toMatch(
      /^request-success-rate returned no data for 2 of 10 intervals of 1m: does traffic reach the canary steadily/,
    );
    // The query works; the chart shows where data is missing.
    expect(health.note).not.toContain('query:');
  });

  it('is gaps when the latest one or two intervals of a range up to now have none', () => {
    const health = metricHealth(
      metric({ canary: samples([0, 1, 2, 3, 4, 5, 6, 7]) }),
      range,
      live,
    );
    expect(health).toMatchObject({ state: 'gaps', missingIntervals: 2 });
  });

  it("does not count a past run's margins, before the canary scaled up and after it scaled down", () => {
    const health = metricHealth(
      metric({ canary: samples([2, 3, 4, 5, 6]) }),
      range,
      past,
    );
    expect(health).toMatchObject({
      state: 'receiving',
      intervals: 10,
      intervalsWithData: 5,
      missingIntervals: 0,
    });
  });
});
