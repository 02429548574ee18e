import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import Typography from '@material-ui/core/Typography';
import type { InboxItem } from '@backstage-canary/plugin-canary-common';
import { InboxItemRow } from './InboxItemRow';

/** Props of {@link InboxSection}. */
export type InboxSectionProps = {
  /** The section's heading, also the list's accessible name. */
  title: string;
  /** One line under the heading: who acts on these. */
  description: string;
  items: InboxItem[];
  /** Shown instead of the list when there is no item; without it, an empty section is hidden. */
  emptyText?: string;
  /** Whether the rows offer approve and abort (only where the user may act). */
  actionable: boolean;
  now: number;
  onActionDone?: () => void;
};

/** One group of the inbox ("Needs you", "You can watch"): a heading and its rollouts. */
export const InboxSection = ({
  title,
  description,
  items,
  emptyText,
  actionable,
  now,
  onActionDone,
}: InboxSectionProps) => {
  if (!items.length && !emptyText) return null;
  return (
    <Box component="section" mt={2} aria-label={title}>
      <Typography variant="h6" component="h3">
        {title} ({items.length})
      </Typography>
      <Typography variant="body2" color="textSecondary">
        {description}
      </Typography>
      {items.length ? (
        <List dense aria-label={title}>
          {items.map(item => (
            <InboxItemRow
              key={`${item.entityRef}/${item.rollout.cluster}/${item.rollout.namespace}/${item.rollout.name}`}
              item={item}
              now={now}
              onActionDone={actionable ? onActionDone : undefined}
              actionable={actionable}
            />
          ))}
        </List>
      ) : (
        <Box py={1}>
          <Typography variant="body1">{emptyText}</Typography>
        </Box>
      )}
    </Box>
  );
};
