export {
  usePolling,
  POLL_INTERVAL_MS,
  SIGNALS_POLL_INTERVAL_MS,
} from './usePolling';
export { useEntityRollouts } from './useEntityRollouts';
export type { EntityRolloutsState } from './useEntityRollouts';
export { useRuns, useTimeline } from './useTimeline';
export { useMetrics } from './useMetrics';
export type { MetricsState } from './useMetrics';
export {
  resolveMetricsRange,
  isLiveRange,
  type MetricsRange,
  type MetricsRangeChoice,
} from './metricsRange';
export { useRolloutSignals } from './useRolloutSignals';
export { useInbox } from './useInbox';
export { useRolloutDetail } from './useRolloutDetail';
export type { RolloutDetailState } from './useRolloutDetail';
