import { useEffect, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useInbox } from '../../hooks';
import { InboxErrors } from './InboxErrors';
import { InboxSection } from './InboxSection';

/**
 * Props of the inbox list: of {@link CanaryInboxCard} and the inbox page.
 *
 * @public
 */
export type CanaryInboxListProps = {
  /** Entities per page; "Load more" fetches the next page. */
  pageSize?: number;
};

/**
 * The rollouts that wait for approval or failed, across the entities the user may read: first
 * those that need the user (an approval they may give, a failed run they may retry), then those
 * they can only watch; with approve and abort where possible. The content of the inbox card, page
 * and home widget.
 */
export const CanaryInboxList = ({ pageSize = 20 }: CanaryInboxListProps) => {
  const inbox = useInbox(pageSize);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (inbox.items) setNow(Date.now());
  }, [inbox.items]);

  if (inbox.loading) return <Progress />;
  if (inbox.error) return <ResponseErrorPanel error={inbox.error} />;
  const items = inbox.items ?? [];
  const needsYou = items.filter(item => item.group === 'needs-you');
  const canWatch = items.filter(item => item.group !== 'needs-you');
  return (
    <Box>
      <InboxErrors errors={inbox.errors} />
      {!items.length && !inbox.hasMore && (
        <Box py={2}>
          <Typography variant="body1" color="textSecondary">
            Nothing waits for you: no rollout is waiting for approval or failed
          </Typography>
        </Box>
      )}
      {!items.length && inbox.hasMore && (
        <Box py={2}>
          <Typography variant="body2" color="textSecondary">
            No rollout needs attention in the entities read so far.
          </Typography>
        </Box>
      )}
      {items.length > 0 && (
        <>
          <InboxSection
            title="Needs you"
            description="Waiting for an approval you may give, or failed on an entity you may retry."
            items={needsYou}
            actionable
            emptyText="Nothing waits for you: the rollouts below are for others to approve or fix."
            now={now}
            onActionDone={inbox.reload}
          />
          <InboxSection
            title="You can watch"
            description="Waiting for approval or failed on entities you may read; their owners act on them."
            items={canWatch}
            actionable={false}
            now={now}
            onActionDone={inbox.reload}
          />
        </>
      )}
      {inbox.moreError && (
        <Typography color="error" variant="body2">
          Loading more failed: {inbox.moreError.message}
        </Typography>
      )}
      {inbox.hasMore && (
        <Button
          size="small"
          onClick={inbox.loadMore}
          disabled={inbox.loadingMore}
        >
          {inbox.loadingMore ? 'Loading…' : 'Load more'}
        </Button>
      )}
    </Box>
  );
};
