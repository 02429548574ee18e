import type { MetricSeries } from '../api/rolloutTypes';
import { metricMeasurements } from './measurements';

const start = 1_795_000_000;
const step = 60;
const range = { start, end: start + 540, stepSeconds: step };
const at = (i: number) => start + i * step;
const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

const duration = (overrides: Partial<MetricSeries> = {}): MetricSeries => ({
  name: 'request-duration',
  source: 'builtin',
  threshold: { max: 500, unit: 'milliseconds', description: 'at most 500 ms' },
  canary: [],
  primary: [],
  failedChecks: [],
  problems: [],
  ...overrides,
});

describe('metricMeasurements', () => {
  it('lists each interval with a canary sample, oldest first, with the primary value', () => {
    const rows = metricMeasurements(
      duration({
        canary: [
          [at(1), 320],
          [at(2), 410],
        ],
        primary: [
          [at(1), 210],
          [at(2), 220],
          [at(3), 215],
        ],
      }),
      range,
    );
    expect(rows).toEqual([
      {
        metric: 'request-duration',
        at: iso(at(1)),
        value: 320,
        primaryValue: 210,
        threshold: 'at most 500 ms',
        verdict: 'pass',
        failedChecks: [],
      },
      {
        metric: 'request-duration',
        at: iso(at(2)),
        value: 410,
        primaryValue: 220,
        threshold: 'at most 500 ms',
        verdict: 'pass',
        failedChecks: [],
      },
    ]);
  });

  it('fails a value out of range, with the bound it crosses, without a check of Flagger', () => {
    const [row] = metricMeasurements(
      duration({ canary: [[at(2), 2450]] }),
      range,
    );
    expect(row).toMatchObject({
      value: 2450,
      verdict: 'fail',
      crossed: { comparison: '>', bound: 500 },
      failedChecks: [],
    });
  });

  it('fails a value below the minimum', () => {
    const [row] = metricMeasurements(
      {
        ...duration(),
        name: 'request-success-rate',
        threshold: { min: 99, unit: 'percent', description: 'at least 99%' },
        canary: [[at(0), 91.5]],
      },
      range,
    );
    expect(row).toMatchObject({
      verdict: 'fail',
      crossed: { comparison: '<', bound: 99 },
    });
  });

  it('fails an interval with a failed check of Flagger, even when the value is within range', () => {
    const [row] = metricMeasurements(
      duration({
        canary: [[at(3), 480]],
        failedChecks: [
          {
            at: iso(at(3) + 12),
            message:
              'Halt backend.webapp advancement request duration 510ms > 500ms',
          },
        ],
      }),
      range,
    );
    expect(row).toMatchObject({
      at: iso(at(3)),
      value: 480,
      verdict: 'fail',
      failedChecks: [
        'Halt backend.webapp advancement request duration 510ms > 500ms',
      ],
    });
    expect(row.crossed).toBeUndefined();
  });

  it('lists a failed check without a sample, at its time, with the value it reports if any', () => {
    const rows = metricMeasurements(
      duration({
        failedChecks: [
          {
            at: iso(at(4) + 5),
            message:
              'Halt advancement no values found for istio metric request-duration probably backend.webapp is not receiving traffic',
          },
          {
            at: iso(at(6) + 5),
            value: 900,
            threshold: 500,
            comparison: '>',
            message:
              'Halt backend.webapp advancement request duration 900ms > 500ms',
          },
        ],
      }),
      range,
    );
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ at: iso(at(4) + 5), verdict: 'fail' });
    expect(rows[0].value).toBeUndefined();
    expect(rows[1]).toMatchObject({
      at: iso(at(6) + 5),
      value: 900,
      verdict: 'fail',
      crossed: { comparison: '>', bound: 500 },
    });
  });

  it('says no-data for a NaN sample without a failed check', () => {
    const rows = metricMeasurements(
      duration({ canary: [[at(1), NaN]], primary: [[at(1), NaN]] }),
      range,
    );
    expect(rows).toEqual([
      {
        metric: 'request-duration',
        at: iso(at(1)),
        threshold: 'at most 500 ms',
        verdict: 'no-data',
        failedChecks: [],
      },
    ]);
  });

  it('keeps the finite sample of an interval over a later NaN', () => {
    const [row] = metricMeasurements(
      duration({
        canary: [
          [at(1), 300],
          [at(1) + 30, NaN],
        ],
      }),
      range,
    );
    expect(row).toMatchObject({ value: 300, verdict: 'pass' });
  });

  it('leaves out samples and checks outside the range, and everything of an empty range', () => {
    const metric = duration({
      canary: [
        [start - 60, 300],
        [start + 600, 300],
      ],
      failedChecks: [{ at: iso(start - 30), message: 'earlier run' }],
    });
    expect(metricMeasurements(metric, range)).toEqual([]);
    expect(
      metricMeasurements(duration({ canary: [[at(1), 300]] }), {
        start,
        end: start - 60,
        stepSeconds: step,
      }),
    ).toEqual([]);
  });
});
