import type { LoggerService } from '@backstage/backend-plugin-api';
import type { RecorderLease } from './RecorderLease';
import { pause } from '../async/pause';

/**
 * Runs a singleton worker (the recorder) on whichever backend instance holds the lease. Every
 * `renewEveryMs` each instance tries to take or renew the lease: the holder keeps its worker
 * running (and starts it again if it stopped); an instance that lost the lease stops its worker at
 * once. With the lease's ttl, a dead holder is replaced within `ttlMs + renewEveryMs`.
 */
export class RecorderLeadership {
  private readonly lease: RecorderLease;
  private readonly logger: LoggerService;
  private readonly renewEveryMs: number;
  private readonly work: (signal: AbortSignal) => Promise<void>;
  private readonly stopping = new AbortController();
  private loop?: Promise<void>;
  private worker?: { controller: AbortController; done: Promise<void> };

  constructor(options: {
    lease: RecorderLease;
    logger: LoggerService;
    renewEveryMs: number;
    /** The worker; runs until the signal aborts. */
    work: (signal: AbortSignal) => Promise<void>;
  }) {
    if (options.renewEveryMs * 2 > options.lease.ttlMs) {
      throw new Error(
        'The lease must outlive at least two renewals: renewEveryMs * 2 <= ttlMs',
      );
    }
    this.lease = options.lease;
    this.logger = options.logger;
    this.renewEveryMs = options.renewEveryMs;
    this.work = options.work;
  }

  /** Whether this instance's worker is running. */
  get leading(): boolean {
    return this.worker !== undefined;
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Stops the worker and gives the lease up, so another instance takes over at once. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.loop;
    if (this.worker) await this.stopWorker();
    await this.lease
      .release()
      .catch(error =>
        this.logger.warn(`Could not release the recorder lease: ${error}`),
      );
  }

  private async run(): Promise<void> {
    while (!this.stopping.signal.aborted) {
      let held = false;
      try {
        held = await this.lease.acquire();
      } catch (error) {
        this.logger.warn(`Could not renew the recorder lease: ${error}`);
      }
      if (held && !this.worker) this.startWorker();
      if (!held && this.worker) {
        this.logger.info('Recorder lease lost; this instance stops recording');
        await this.stopWorker();
      }
      await pause(this.renewEveryMs, this.stopping.signal);
    }
  }

  private startWorker() {
    this.logger.info(
      `Recorder lease taken by ${this.lease.holder}; recording the history`,
    );
    const controller = new AbortController();
    const done = this.work(controller.signal)
      .catch(error => this.logger.warn(`The recorder stopped: ${error}`))
      .finally(() => {
        // A worker that ended while still leading is started again on the next renewal.
        if (this.worker?.controller === controller) this.worker = undefined;
      });
    this.worker = { controller, done };
  }

  private async stopWorker() {
    const worker = this.worker;
    if (!worker) return;
    worker.controller.abort();
    await worker.done;
    this.worker = undefined;
  }
}
