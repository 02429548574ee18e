import { AdaptiveLimiter } from './AdaptiveLimiter';

function deferred() {
  let resolve: () => void = () => {};
  const promise = new Promise<void>(r => {
    resolve = r;
  });
  return { promise, resolve };
}

const flush = () => new Promise(resolve => setImmediate(resolve));

describe('AdaptiveLimiter', () => {
  it('starts at min and lets more run at once while tasks finish quickly', async () => {
    const limiter = new AdaptiveLimiter({
      min: 2,
      max: 5,
      slowMs: 1000,
      now: () => 0,
    });
    let running = 0;
    let peak = 0;
    const gates = Array.from({ length: 20 }, deferred);
    const all = gates.map(gate =>
      limiter.run(async () => {
        running++;
        peak = Math.max(peak, running);
        await gate.promise;
        running--;
      }),
    );
    await flush();
    expect(limiter.running).toBe(2);
    expect(limiter.queued).toBe(18);
    // each quick completion raises the limit by one
    gates[0].resolve();
    await flush();
    expect(limiter.limit).toBe(3);
    expect(limiter.running).toBe(3);
    for (const gate of gates) gate.resolve();
    await Promise.all(all);
    expect(limiter.limit).toBe(5);
    expect(peak).toBeLessThanOrEqual(5);
    expect(limiter.running).toBe(0);
  });

  it('halves the limit after a slow task, once per slow period, not below min', async () => {
    let now = 0;
    const limiter = new AdaptiveLimiter({
      min: 2,
      max: 16,
      slowMs: 1000,
      now: () => now,
    });
    for (let i = 0; i < 20; i++) await limiter.run(async () => {});
    expect(limiter.limit).toBe(16);

    const slow = Array.from({ length: 3 }, deferred);
    const runs = slow.map(gate => limiter.run(() => gate.promise));
    now += 5000;
    for (const gate of slow) gate.resolve();
    await Promise.all(runs);
    // three slow completions at the same moment: one decrease
    expect(limiter.limit).toBe(8);
    now += 1000;
    await limiter.run(async () => {
      now += 2000;
    });
    expect(limiter.limit).toBe(4);
    now += 1000;
    await limiter.run(async () => {
      now += 2000;
    });
    now += 1000;
    await limiter.run(async () => {
      now += 2000;
    });
    expect(limiter.limit).toBe(2);
  });

  it('passes results and errors through and frees the slot', async () => {
    const limiter = new AdaptiveLimiter({ min: 1, max: 1, slowMs: 1000 });
    await expect(limiter.run(async () => 42)).resolves.toBe(42);
    await expect(
      limiter.run(async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expect(limiter.run(async () => 'next')).resolves.toBe('next');
  });

  it('refuses a nonsensical range', () => {
    expect(() => new AdaptiveLimiter({ min: 0, max: 1, slowMs: 1 })).toThrow();
    expect(() => new AdaptiveLimiter({ min: 3, max: 2, slowMs: 1 })).toThrow();
  });
});
