export { CanaryStatusPicker } from './CanaryStatusPicker';
export { CanaryStatusSelect } from './CanaryStatusSelect';
export type { CanaryStatusSelectProps } from './CanaryStatusSelect';
export { CanaryStatusFilter } from './CanaryStatusFilter';
export type { CanaryStatusFilterValue } from './CanaryStatusFilter';
