/**
 * The Canary tab: Flagger rollouts across a Kurator fleet, in Backstage.
 *
 * The default export is the plugin for apps on the new frontend system; the named exports serve
 * apps on the legacy frontend system (`canaryPlugin`, `EntityCanaryContent`, `EntityCanaryStatusCard`,
 * `CanaryInboxPage`, `CanaryInboxSidebarItem`, `CanaryInboxCard`, `CanaryStatusPicker`,
 * `isCanaryTabShown`).
 *
 * @packageDocumentation
 */

export { default } from './frontendPlugin';
export {
  canaryPlugin,
  EntityCanaryContent,
  CanaryInboxCard,
  CanaryInboxPage,
  CanaryInboxSidebarItem,
  EntityCanaryStatusCard,
} from './plugin';
export { isCanaryTabShown } from './entityFilters';
export { CanaryStatusPicker } from './components/CatalogFilter';
export type { EntityCanaryStatusCardProps } from './components/StatusCard';
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
  CanaryReplicasPickerFieldExtension,
  CanaryReplicasPicker,
  validateCanaryReplicasField,
} from './scaffolder';
export type {
  CanaryPolicyPickerUiOptions,
  CanaryReplicasPickerUiOptions,
} from './scaffolder';
export { PolicyForm } from './components/PolicyForm';
export type { PolicyFormProps } from './components/PolicyForm';
