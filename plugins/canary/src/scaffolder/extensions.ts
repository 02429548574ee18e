import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import { canaryPlugin } from '../plugin';
import {
  CanaryPolicyPicker,
  validateCanaryPolicyField,
  type CanaryPolicyPickerUiOptions,
} from './CanaryPolicyPicker';
import {
  CanaryReplicasPicker,
  validateCanaryReplicasField,
  type CanaryReplicasPickerUiOptions,
} from './CanaryReplicasPicker';
import type { RolloutPolicy } from '@backstage-canary/plugin-canary-common';

/**
 * The `CanaryPolicyPicker` scaffolder field for apps on the legacy frontend system: put it inside
 * `<ScaffolderFieldExtensions>` and use `ui:field: CanaryPolicyPicker` in a template.
 *
 * @public
 */
export const CanaryPolicyPickerFieldExtension = canaryPlugin.provide(
  createScaffolderFieldExtension<RolloutPolicy, CanaryPolicyPickerUiOptions>({
    name: 'CanaryPolicyPicker',
    component: CanaryPolicyPicker,
    validation: validateCanaryPolicyField,
  }),
);

/**
 * The `CanaryReplicasPicker` scaffolder field for apps on the legacy frontend system: put it inside
 * `<ScaffolderFieldExtensions>` and use `ui:field: CanaryReplicasPicker` on a template's maximum
 * replicas.
 *
 * @public
 */
export const CanaryReplicasPickerFieldExtension = canaryPlugin.provide(
  createScaffolderFieldExtension<number, CanaryReplicasPickerUiOptions>({
    name: 'CanaryReplicasPicker',
    component: CanaryReplicasPicker,
    validation: validateCanaryReplicasField,
  }),
);
