import type { Knex } from 'knex';
import type {
  CanaryRef,
  Page,
  TimelineItem,
  TimelineQuery,
} from '@backstage-canary/plugin-canary-common';
import { RolloutStore } from '../lib/store/RolloutStore';

/**
 * Where {@link createRolloutStoreForBenchmark} keeps the history.
 *
 * @public
 */
export type BenchmarkRolloutStoreOptions = {
  /** A database migrated with the plugin's migrations (the `migrations` folder of this package). */
  db: Knex;
};

/**
 * The calls of the plugin's rollout store that the benchmark times: the timeline reads the
 * routes make and the pruning the retention task does.
 *
 * @public
 */
export interface BenchmarkRolloutStore {
  /**
   * The timeline of a canary, newest first, as the timeline route reads it. The cursor is opaque:
   * pass `nextCursor` back for the next page.
   */
  timeline(key: CanaryRef, query?: TimelineQuery): Promise<Page<TimelineItem>>;
  /**
   * Deletes the history older than the cutoff, in batches, as the retention task does; returns
   * how many rows went.
   */
  prune(olderThan: Date, options?: { batchSize?: number }): Promise<number>;
}

/**
 * The rollout store the recorder and the routes use, over the given database, with only the calls
 * the benchmark makes.
 *
 * @public
 */
export function createRolloutStoreForBenchmark(
  options: BenchmarkRolloutStoreOptions,
): BenchmarkRolloutStore {
  const store = new RolloutStore({ db: options.db });
  return {
    timeline: (key, query) => store.timeline(key, query),
    prune: (olderThan, pruneOptions) => store.prune(olderThan, pruneOptions),
  };
}
