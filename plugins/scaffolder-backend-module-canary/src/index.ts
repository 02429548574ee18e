/**
 * Scaffolder actions that create and validate canary rollout policies.
 *
 * @packageDocumentation
 */

export { scaffolderModuleCanary as default } from './module';
export { createPolicyAction } from './actions/createPolicyAction';
export { createValidatePolicyAction } from './actions/validatePolicyAction';
