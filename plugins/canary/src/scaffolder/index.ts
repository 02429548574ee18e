export { CanaryPolicyPickerFieldExtension } from './extensions';
export {
  CanaryPolicyPicker,
  validateCanaryPolicyField,
} from './CanaryPolicyPicker';
export type { CanaryPolicyPickerUiOptions } from './CanaryPolicyPicker';
