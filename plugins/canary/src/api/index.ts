export {
  canaryApiRef,
  canaryApiDefinition,
  canaryApiFactory,
} from './canaryApiRef';
