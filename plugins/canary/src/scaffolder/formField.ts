import {
  FormFieldBlueprint,
  createFormField,
  type FormFieldExtensionData,
} from '@backstage/plugin-scaffolder-react/alpha';
import {
  CanaryPolicyPicker,
  validateCanaryPolicyField,
} from './CanaryPolicyPicker';

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
