export type AdaptiveLimiterOptions = {
  /** Tasks that may always run at once (the floor after slow tasks). */
  min: number;
  /** Tasks that may run at once while they finish quickly. */
  max: number;
  /** A task taking longer than this means the API servers are busy: the limit halves. */
  slowMs: number;
  now?: () => number;
};

/**
 * Bounds how many canary ticks run at once, adapting to how busy the API servers are (additive
 * increase, multiplicative decrease): every task that finishes within `slowMs` raises the limit by
 * one up to `max`; a slow one halves it down to `min`, at most once per `slowMs`. Idle API servers
 * therefore initialise thousands of canaries many at a time, busy ones a few at a time.
 */
export class AdaptiveLimiter {
  private current: number;
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private lastDecrease = -Infinity;
  private readonly now: () => number;

  constructor(private readonly options: AdaptiveLimiterOptions) {
    if (options.min < 1 || options.max < options.min) {
      throw new Error(
        `AdaptiveLimiter needs 1 <= min <= max, got ${options.min}..${options.max}`,
      );
    }
    this.current = options.min;
    this.now = options.now ?? Date.now;
  }

  /** How many tasks may run at once now. */
  get limit(): number {
    return this.current;
  }

  get running(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.current) {
      await new Promise<void>(resolve => this.waiting.push(resolve));
    } else {
      this.active++;
    }
    const began = this.now();
    try {
      return await fn();
    } finally {
      this.finished(this.now() - began);
    }
  }

  private finished(ms: number) {
    const now = this.now();
    if (ms > this.options.slowMs) {
      if (now - this.lastDecrease >= this.options.slowMs) {
        this.lastDecrease = now;
        this.current = Math.max(this.options.min, Math.floor(this.current / 2));
      }
    } else if (this.current < this.options.max) {
      this.current++;
    }
    this.active--;
    // hand the freed slots (one, or more after an increase) to waiting tasks
    while (this.active < this.current && this.waiting.length > 0) {
      this.active++;
      this.waiting.shift()!();
    }
  }
}
