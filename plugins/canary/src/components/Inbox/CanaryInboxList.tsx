import { useEffect, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import List from '@material-ui/core/List';
import Typography from '@material-ui/core/Typography';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useInbox } from '../../hooks';
import { InboxErrors } from './InboxErrors';
import { InboxItemRow } from './InboxItemRow';

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
 * The rollouts that wait for approval or failed, across the entities the user may read, with
 * approve and abort where possible. The content of the inbox card, page and home widget.
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
        <List dense aria-label="Rollouts that need attention">
          {items.map(item => (
            <InboxItemRow
              key={`${item.entityRef}/${item.rollout.cluster}/${item.rollout.namespace}/${item.rollout.name}`}
              item={item}
              now={now}
              onActionDone={inbox.reload}
            />
          ))}
        </List>
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
