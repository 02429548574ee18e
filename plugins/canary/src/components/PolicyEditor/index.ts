export { PolicyEditor } from './PolicyEditor';
export type { PolicyEditorProps } from './PolicyEditor';
export { EditPolicyButton } from './PolicyEditorDialog';
export type { EditPolicyButtonProps } from './PolicyEditorDialog';
