import {
  FormFieldBlueprint,
  createFormField,
  type FormFieldExtensionData,
} from '@backstage/plugin-scaffolder-react/alpha';
import {
  CanaryPolicyPicker,
  validateCanaryPolicyField,
} from './CanaryPolicyPicker';
import {
  CanaryReplicasPicker,
  validateCanaryReplicasField,
} from './CanaryReplicasPicker';

/**
 * The `CanaryPolicyPicker` scaffolder field (new frontend system).
 *
 * @alpha
 */
export const canaryPolicyFormField = FormFieldBlueprint.make({
  name: 'canary-policy',
  params: {
    field: async () =>
      createFormField({
        name: 'CanaryPolicyPicker',
        component: CanaryPolicyPicker as FormFieldExtensionData['component'],
        validation:
          validateCanaryPolicyField as FormFieldExtensionData['validation'],
      }),
  },
});

/**
 * The `CanaryReplicasPicker` scaffolder field (new frontend system): a service's maximum replicas,
 * checked against its minimum.
 *
 * @alpha
 */
export const canaryReplicasFormField = FormFieldBlueprint.make({
  name: 'canary-replicas',
  params: {
    field: async () =>
      createFormField({
        name: 'CanaryReplicasPicker',
        component: CanaryReplicasPicker as FormFieldExtensionData['component'],
        validation:
          validateCanaryReplicasField as FormFieldExtensionData['validation'],
      }),
  },
});
