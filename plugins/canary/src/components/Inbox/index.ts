export { CanaryInboxCard } from './CanaryInboxCard';
export type { CanaryInboxCardProps } from './CanaryInboxCard';
export { CanaryInboxList } from './CanaryInboxList';
export type { CanaryInboxListProps } from './CanaryInboxList';
export { CanaryInboxPage } from './CanaryInboxPage';
export { InboxItemRow, attentionText } from './InboxItemRow';
export type { InboxItemRowProps } from './InboxItemRow';
