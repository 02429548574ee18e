/**
 * Scaffolder actions that create and validate canary rollout policies.
 *
 * @packageDocumentation
 */

export { scaffolderModuleCanary as default } from './module';
