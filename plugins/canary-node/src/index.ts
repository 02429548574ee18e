/**
 * Node.js contracts for other backend plugins to use the Canary backend.
 *
 * @packageDocumentation
 */

export { canaryServiceRef, type CanaryService } from './canaryService';
export {
  CANARY_PLUGIN_ID,
  canaryPermissions,
} from '@backstage-canary/plugin-canary-common';
