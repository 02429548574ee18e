/**
 * The Canary tab: Flagger rollouts across a Kurator fleet, in Backstage.
 *
 * This entry point serves apps on the legacy frontend system; apps on the new frontend system
 * install `@backstage-canary/plugin-canary/alpha`.
 *
 * @packageDocumentation
 */

export { canaryPlugin, EntityCanaryContent, CanaryInboxCard } from './plugin';
export type {
  CanaryInboxCardProps,
  CanaryInboxListProps,
} from './components/Inbox';
export { canaryApiRef } from './api';
export { isCanaryAvailable } from '@backstage-canary/plugin-canary-common';
export {
  CanaryPolicyPickerFieldExtension,
  CanaryPolicyPicker,
  validateCanaryPolicyField,
} from './scaffolder';
export type { CanaryPolicyPickerUiOptions } from './scaffolder';
export { PolicyForm } from './components/PolicyForm';
export type { PolicyFormProps } from './components/PolicyForm';
