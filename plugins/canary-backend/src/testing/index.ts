/**
 * What benchmarks and other tooling outside the plugin may use of its internals, kept to the
 * few calls they make: the rollout store, over a database migrated with the plugin's migrations
 * (the `migrations` folder of this package), through an interface of just those calls.
 *
 * @packageDocumentation
 */

export {
  createRolloutStoreForBenchmark,
  type BenchmarkRolloutStore,
  type BenchmarkRolloutStoreOptions,
} from './rolloutStoreForBenchmark';
