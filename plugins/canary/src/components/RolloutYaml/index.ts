export { RolloutYamlButton } from './RolloutYamlButton';
export type { RolloutYamlButtonProps } from './RolloutYamlButton';
export { RolloutYamlDialog } from './RolloutYamlDialog';
export type { RolloutYamlDialogProps } from './RolloutYamlDialog';
