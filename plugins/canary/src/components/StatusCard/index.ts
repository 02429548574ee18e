export { CanaryStatusCardView } from './CanaryStatusCardView';
export type { CanaryStatusCardViewProps } from './CanaryStatusCardView';
export { EntityCanaryStatusCard } from './EntityCanaryStatusCard';
export type { EntityCanaryStatusCardProps } from './EntityCanaryStatusCard';
