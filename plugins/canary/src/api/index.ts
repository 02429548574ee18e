export {
  canaryApiRef,
  canaryApiDefinition,
  canaryApiFactory,
} from './canaryApiRef';
export { useCanaryApi } from './useCanaryApi';
