import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { Alert } from '@material-ui/lab';
import type {
  ClusterProblem,
  RecordedRolloutState,
} from '@backstage-canary/plugin-canary-common';
import { PhaseChip } from './PhaseChip';
import { WeightReadout } from './WeightReadout';
import { clockTime } from './clockTime';
import { timeSince } from './formatDuration';

const useStyles = makeStyles(theme => ({
  recorded: {
    opacity: 0.6,
    filter: 'grayscale(1)',
    border: `1px dashed ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    padding: theme.spacing(1.5),
    marginTop: theme.spacing(1),
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(3),
  },
  mono: { fontFamily: 'monospace', wordBreak: 'break-all' },
}));

/** Props of {@link UnreachableNote}. */
export type UnreachableNoteProps = {
  cluster: string;
  error: ClusterProblem;
  /** The canary's last recorded state, when the history has it. */
  recorded?: RecordedRolloutState;
  now: number;
};

/**
 * A cluster that cannot be read: since when, and the canary's last recorded state greyed out and
 * labelled as such; without a recorded state, the error.
 */
export const UnreachableNote = ({
  cluster,
  error,
  recorded,
  now,
}: UnreachableNoteProps) => {
  const classes = useStyles();
  if (!recorded) {
    return (
      <Alert severity="error" title={error.name}>
        Could not read {cluster}: {error.message}
      </Alert>
    );
  }
  const { state } = recorded;
  const since = recorded.unreachableSince
    ? ` since ${clockTime(recorded.unreachableSince)}`
    : '';
  const checks = `${state.failedChecks} of ${state.failedChecksThreshold}`;
  return (
    <>
      <Alert severity="warning" title={error.name}>
        {cluster} is unreachable{since}; showing the last recorded state (
        {clockTime(recorded.recordedAt)}). {error.message}
      </Alert>
      <Box
        className={classes.recorded}
        role="group"
        aria-label={`Last recorded state on ${cluster}`}
      >
        <Box>
          <Typography variant="overline" color="textSecondary" component="div">
            Last recorded
          </Typography>
          <PhaseChip
            label={state.label}
            tone={state.tone}
            phase={state.phase}
          />
          {recorded.lastTransitionTime && (
            <Typography variant="body2" color="textSecondary">
              {timeSince(recorded.lastTransitionTime, now)} ago
            </Typography>
          )}
        </Box>
        <WeightReadout weight={state.weight} />
        <Box>
          <Typography variant="overline" color="textSecondary" component="div">
            Failed checks
          </Typography>
          <Typography variant="h6" component="div">
            {checks}
          </Typography>
        </Box>
        {recorded.revision?.images.length ? (
          <Box>
            <Typography
              variant="overline"
              color="textSecondary"
              component="div"
            >
              Revision
            </Typography>
            {recorded.revision.images.map(image => (
              <Typography key={image} variant="body2" className={classes.mono}>
                {image}
              </Typography>
            ))}
          </Box>
        ) : null}
      </Box>
    </>
  );
};
