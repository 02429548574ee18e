export { usePolling } from './usePolling';
export { useEntityRollouts } from './useEntityRollouts';
export type { EntityRolloutsState } from './useEntityRollouts';
export { useRuns, useTimeline } from './useTimeline';
