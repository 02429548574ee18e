/** Summary of repeated timings, in milliseconds. */
export type Summary = {
  count: number;
  p50: number;
  p95: number;
  max: number;
  mean: number;
};

/**
 * The value at quantile `q` (0..1) of the samples, by the nearest-rank method: the smallest
 * sample with at least `q` of the samples at or below it.
 */
export function percentile(samples: number[], q: number): number {
  if (!samples.length) throw new Error('percentile of no samples');
  if (q < 0 || q > 1) throw new Error(`quantile must be in 0..1, got ${q}`);
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1];
}

/** p50, p95, max and mean of a non-empty list of timings. */
export function summarize(samples: number[]): Summary {
  return {
    count: samples.length,
    p50: percentile(samples, 0.5),
    p95: percentile(samples, 0.95),
    max: Math.max(...samples),
    mean: samples.reduce((sum, s) => sum + s, 0) / samples.length,
  };
}

/** Milliseconds since an arbitrary origin, with sub-millisecond resolution. */
export function now(): number {
  return performance.now();
}

/** Runs `fn` and returns how long it took in milliseconds, with its result. */
export async function timed<T>(
  fn: () => Promise<T>,
): Promise<{ ms: number; value: T }> {
  const start = now();
  const value = await fn();
  return { ms: now() - start, value };
}

/** Runs `fn` `warmup` times unmeasured, then `count` times sequentially, and returns the timings. */
export async function repeat(
  count: number,
  fn: () => Promise<unknown>,
  warmup = 0,
): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    samples.push((await timed(fn)).ms);
  }
  return samples;
}

/** A fixed-width line: label, then p50/p95/max (and n) in milliseconds. */
export function formatSummary(label: string, summary: Summary): string {
  const ms = (v: number) => `${v.toFixed(1).padStart(8)} ms`;
  return `${label.padEnd(52)} p50 ${ms(summary.p50)}  p95 ${ms(
    summary.p95,
  )}  max ${ms(summary.max)}  (n=${summary.count})`;
}

/** Sleeps for `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}
