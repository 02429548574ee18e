import { useMemo } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { TimelineItem } from '@backstage-canary/plugin-canary-common';
import { plainText } from './describeTimelineItem';
import { ClampedText } from './ClampedText';
import { IsolatedText } from './IsolatedText';
import { timelineRows, type TimelineRow } from './timelineRows';

const useStyles = makeStyles(theme => ({
  normal: {
    borderLeft: `3px solid ${theme.palette.divider}`,
    marginBottom: theme.spacing(0.5),
  },
  info: {
    borderLeft: `3px solid ${theme.palette.info.main}`,
    marginBottom: theme.spacing(0.5),
  },
  warning: {
    borderLeft: `3px solid ${theme.palette.error.main}`,
    backgroundColor: theme.palette.action.hover,
    marginBottom: theme.spacing(0.5),
  },
  warningTitle: {
    color: theme.palette.error.main,
    fontWeight: theme.typography.fontWeightBold as number,
  },
  count: {
    marginLeft: theme.spacing(1),
    padding: theme.spacing(0, 0.75),
    borderRadius: theme.shape.borderRadius,
    backgroundColor: theme.palette.action.selected,
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

/** When a row happened: its time, or the first and last times of repeats. */
function rowTime(row: TimelineRow): string {
  const last = new Date(row.at);
  if (row.count === 1) return last.toLocaleString();
  const first = new Date(row.firstAt);
  const lastText =
    first.toDateString() === last.toDateString()
      ? last.toLocaleTimeString()
      : last.toLocaleString();
  return `${first.toLocaleString()} – ${lastText}`;
}

/**
 * Transitions, events and actions of a run, newest first: warnings highlighted, waits marked as
 * information, a step's transition and event as one entry, repeated events once with their count,
 * long details on one line with "more".
 */
export const EventList = ({
  items,
  hasMore,
  loadingMore,
  onLoadMore,
}: EventListProps) => {
  const classes = useStyles();
  const rows = useMemo(() => timelineRows(items), [items]);
  if (!rows.length) {
    return (
      <Typography variant="body2" color="textSecondary">
        Nothing recorded for this run yet.
      </Typography>
    );
  }
  return (
    <Box>
      <List dense aria-label="Timeline, newest first">
        {rows.map(row => {
          const { text } = row;
          const warning = text.tone === 'warning';
          return (
            <ListItem key={row.key} className={classes[text.tone]}>
              <ListItemText
                primary={
                  <>
                    <Typography
                      component="span"
                      variant="caption"
                      color="textSecondary"
                    >
                      {rowTime(row)}
                      {' · '}
                    </Typography>
                    <Typography
                      component="span"
                      variant="body2"
                      className={warning ? classes.warningTitle : undefined}
                    >
                      {warning && 'Warning: '}
                      <IsolatedText text={text.title} />
                    </Typography>
                    {row.count > 1 && (
                      <Typography
                        component="span"
                        variant="caption"
                        className={classes.count}
                        title={`Recorded ${row.count} times`}
                      >
                        ×{row.count}
                      </Typography>
                    )}
                  </>
                }
                secondaryTypographyProps={{ component: 'div' }}
                secondary={
                  text.detail && (
                    <ClampedText text={plainText(text.detail)}>
                      <IsolatedText text={text.detail} />
                    </ClampedText>
                  )
                }
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
