export { ActionButtons } from './ActionButtons';
export type { ActionButtonsProps } from './ActionButtons';
export { ActionButton } from './ActionButton';
export type { ActionButtonProps } from './ActionButton';
export { ConfirmActionDialog } from './ConfirmActionDialog';
export type { ConfirmActionDialogProps } from './ConfirmActionDialog';
