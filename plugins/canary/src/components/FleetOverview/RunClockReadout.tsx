import Typography from '@material-ui/core/Typography';
import {
  type RolloutState,
  type RolloutSummary,
  runClock,
} from '@backstage-canary/plugin-canary-common';
import { formatDuration, timeSince } from './formatDuration';

/** Props of {@link RunClockReadout}. */
export type RunClockReadoutProps = {
  state: RolloutState;
  run?: RolloutSummary['run'];
  lastTransitionTime?: string;
  now: number;
};

/**
 * How long the run has taken and, from its plan, about how long it has left, with the time in the
 * current phase as secondary text; outside a run (or before its start is recorded), the time in
 * the phase.
 */
export const RunClockReadout = ({
  state,
  run,
  lastTransitionTime,
  now,
}: RunClockReadoutProps) => {
  const inPhase = timeSince(lastTransitionTime, now);
  const clock = runClock({
    state,
    startedAt: run?.startedAt,
    lastTransitionTime,
    now,
  });
  if (!clock) {
    return (
      <>
        <Typography variant="overline" color="textSecondary" component="div">
          In this phase for
        </Typography>
        <Typography variant="h6" component="div">
          {inPhase ?? 'unknown'}
        </Typography>
      </>
    );
  }
  let estimate: string;
  if (clock.noEstimate === 'waiting-for-approval') {
    estimate = 'waiting for approval: no estimate';
  } else if (clock.noEstimate === 'paused') {
    estimate = 'paused: no estimate';
  } else {
    estimate = `about ${formatDuration(clock.remainingMs ?? 0)} left (${
      clock.stepsLeft
    } ${clock.stepsLeft === 1 ? 'step' : 'steps'} of ${formatDuration(
      clock.intervalMs,
    )})`;
  }
  return (
    <>
      <Typography variant="overline" color="textSecondary" component="div">
        Run {run?.number ? `#${run.number} ` : ''}time
      </Typography>
      <Typography variant="h6" component="div">
        {formatDuration(clock.elapsedMs)}
      </Typography>
      <Typography variant="body2" color="textSecondary">
        {estimate}
      </Typography>
      {inPhase && (
        <Typography variant="caption" color="textSecondary" component="div">
          in this phase for {inPhase}
        </Typography>
      )}
    </>
  );
};
