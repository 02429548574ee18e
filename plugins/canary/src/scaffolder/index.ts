export {
  CanaryPolicyPickerFieldExtension,
  CanaryReplicasPickerFieldExtension,
} from './extensions';
export {
  CanaryPolicyPicker,
  validateCanaryPolicyField,
} from './CanaryPolicyPicker';
export type { CanaryPolicyPickerUiOptions } from './CanaryPolicyPicker';
export {
  CanaryReplicasPicker,
  validateCanaryReplicasField,
} from './CanaryReplicasPicker';
export type { CanaryReplicasPickerUiOptions } from './CanaryReplicasPicker';
