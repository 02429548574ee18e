import type { MetricSeries } from '../api/rolloutTypes';
import {
  crossedBound,
  latestOutOfRange,
  outOfRangeSamples,
} from './thresholdCrossing';

describe('crossedBound', () => {
  it('crosses below the minimum or above the maximum, never at a bound', () => {
    const range = { min: 1, max: 5 };
    expect(crossedBound(0.5, range)).toEqual({ comparison: '<', bound: 1 });
    expect(crossedBound(6, range)).toEqual({ comparison: '>', bound: 5 });
    expect(crossedBound(1, range)).toBeUndefined();
    expect(crossedBound(5, range)).toBeUndefined();
    expect(crossedBound(100, {})).toBeUndefined();
  });

  it('crosses nothing for a value that is not finite', () => {
    expect(crossedBound(NaN, { min: 1 })).toBeUndefined();
    expect(crossedBound(Infinity, { max: 1 })).toBeUndefined();
  });
});

describe('outOfRangeSamples and latestOutOfRange', () => {
  const metric: MetricSeries = {
    name: 'request-duration',
    source: 'builtin',
    threshold: {
      max: 500,
      unit: 'milliseconds',
      description: 'at most 500 ms',
    },
    canary: [
      [60, 320],
      [120, 1800],
      [180, 2450],
    ],
    primary: [],
    failedChecks: [],
    problems: [],
  };

  it('lists the samples out of range and the latest when it is', () => {
    expect(outOfRangeSamples(metric)).toEqual([
      { t: 120, value: 1800, comparison: '>', bound: 500 },
      { t: 180, value: 2450, comparison: '>', bound: 500 },
    ]);
    expect(latestOutOfRange(metric)).toEqual({
      t: 180,
      value: 2450,
      comparison: '>',
      bound: 500,
    });
    expect(
      latestOutOfRange({ ...metric, canary: [[60, 320]] }),
    ).toBeUndefined();
    expect(latestOutOfRange({ ...metric, canary: [] })).toBeUndefined();
  });
});
