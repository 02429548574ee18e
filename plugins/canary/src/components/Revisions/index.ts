export { RevisionsList } from './RevisionsList';
export type { RevisionsListProps } from './RevisionsList';
export { RevisionsPanel } from './RevisionsPanel';
export type { RevisionsPanelProps } from './RevisionsPanel';
export { RollbackDialog } from './RollbackDialog';
export type { RollbackDialogProps } from './RollbackDialog';
