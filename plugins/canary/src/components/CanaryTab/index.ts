export { CanaryTab } from './CanaryTab';
