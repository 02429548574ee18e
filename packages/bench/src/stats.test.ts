import { percentile, repeat, summarize } from './stats';

describe('percentile', () => {
  it('takes the nearest rank', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(samples, 0.5)).toBe(50);
    expect(percentile(samples, 0.95)).toBe(95);
    expect(percentile(samples, 1)).toBe(100);
    expect(percentile([7], 0.95)).toBe(7);
  });

  it('rejects what it cannot answer', () => {
    expect(() => percentile([], 0.5)).toThrow('percentile of no samples');
    expect(() => percentile([1], 95)).toThrow(
      'quantile must be in 0..1, got 95',
    );
  });
});

describe('summarize', () => {
  it('gives p50, p95, max and mean', () => {
    expect(summarize([4, 1, 3, 2])).toEqual({
      count: 4,
      p50: 2,
      p95: 4,
      max: 4,
      mean: 2.5,
    });
  });
});

describe('repeat', () => {
  it('measures each call after the warm-up', async () => {
    let calls = 0;
    const samples = await repeat(
      3,
      async () => {
        calls++;
      },
      2,
    );
    expect(calls).toBe(5);
    expect(samples).toHaveLength(3);
    expect(samples.every(s => s >= 0)).toBe(true);
  });
});
