import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { TimelineItem } from '@backstage-canary/plugin-canary-common';
import { describeTimelineItem } from './describeTimelineItem';
import { IsolatedText } from './IsolatedText';

const useStyles = makeStyles(theme => ({
  item: {
    borderLeft: `3px solid ${theme.palette.divider}`,
    marginBottom: theme.spacing(0.5),
  },
  warning: {
    borderLeft: `3px solid ${theme.palette.error.main}`,
    backgroundColor: theme.palette.action.hover,
  },
  warningTitle: {
    color: theme.palette.error.main,
    fontWeight: theme.typography.fontWeightBold as number,
  },
}));

/** Props of {@link EventList}. */
export type EventListProps = {
  items: TimelineItem[];
  hasMore?: boolean;
  loadingMore?: boolean;
  onLoadMore?: () => void;
};

/** Transitions and events of a run, newest first, warnings highlighted. */
export const EventList = ({
  items,
  hasMore,
  loadingMore,
  onLoadMore,
}: EventListProps) => {
  const classes = useStyles();
  const sorted = [...items].sort(
    (a, b) => Date.parse(b.at) - Date.parse(a.at) || b.id - a.id,
  );
  if (!sorted.length) {
    return (
      <Typography variant="body2" color="textSecondary">
        Nothing recorded for this run yet.
      </Typography>
    );
  }
  return (
    <Box>
      <List dense aria-label="Timeline, newest first">
        {sorted.map(item => {
          const text = describeTimelineItem(item);
          return (
            <ListItem
              key={`${item.type}-${item.id}`}
              className={`${classes.item} ${
                text.warning ? classes.warning : ''
              }`}
            >
              <ListItemText
                primary={
                  <>
                    <Typography
                      component="span"
                      variant="caption"
                      color="textSecondary"
                    >
                      {new Date(item.at).toLocaleString()}
                      {' · '}
                    </Typography>
                    <Typography
                      component="span"
                      variant="body2"
                      className={
                        text.warning ? classes.warningTitle : undefined
                      }
                    >
                      {text.warning && 'Warning: '}
                      <IsolatedText text={text.title} />
                    </Typography>
                  </>
                }
                secondary={text.detail && <IsolatedText text={text.detail} />}
              />
            </ListItem>
          );
        })}
      </List>
      {hasMore && (
        <Button onClick={onLoadMore} disabled={loadingMore} size="small">
          {loadingMore ? 'Loading…' : 'Load more'}
        </Button>
      )}
    </Box>
  );
};
