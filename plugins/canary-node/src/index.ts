/**
 * Node.js contracts for other backend plugins to use the Canary backend.
 *
 * The service reference for the backend's rollout API is added together with that API; until then
 * this package re-exports the shared contract (plugin id, annotations, permissions) so backend
 * modules can depend on one package.
 *
 * @packageDocumentation
 */

export {
  CANARY_PLUGIN_ID,
  canaryPermissions,
} from '@backstage-canary/plugin-canary-common';
