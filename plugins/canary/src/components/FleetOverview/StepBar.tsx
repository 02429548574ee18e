import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles, type Theme } from '@material-ui/core/styles';
import type {
  RolloutProgress,
  RolloutStep,
  RolloutTone,
} from '@backstage-canary/plugin-canary-common';
import { toneColor } from './PhaseChip';

/** A step of a plan in words: "10%", "Iteration 2/5", "All traffic", "Promote". */
export function stepLabel(step: RolloutStep): string {
  switch (step.kind) {
    case 'weight':
      return `${step.weight}%`;
    case 'iteration':
      return `Iteration ${step.iteration}/${step.iterations}`;
    case 'route-all-to-canary':
      return 'All traffic';
    default:
      return 'Promote';
  }
}

const useStyles = makeStyles<Theme, { tone: RolloutTone }>(theme => ({
  bar: {
    display: 'flex',
    gap: theme.spacing(0.5),
    listStyle: 'none',
    margin: 0,
    padding: 0,
  },
  step: {
    flex: 1,
    minWidth: 0,
    textAlign: 'center',
    padding: theme.spacing(0.5, 0.25),
    borderRadius: theme.shape.borderRadius,
    border: `1px solid ${theme.palette.divider}`,
    color: theme.palette.text.secondary,
    fontSize: theme.typography.caption.fontSize,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  },
  done: ({ tone }) => {
    const color = toneColor(theme, tone) ?? theme.palette.primary.main;
    return {
      backgroundColor: color,
      borderColor: color,
      color: theme.palette.getContrastText(color),
    };
  },
  skipped: {
    borderStyle: 'dashed',
    textDecoration: 'line-through',
  },
  current: ({ tone }) => ({
    borderWidth: 2,
    borderColor: toneColor(theme, tone) ?? theme.palette.primary.main,
    color: theme.palette.text.primary,
    fontWeight: theme.typography.fontWeightBold as number,
  }),
}));

/** Props of {@link StepBar}. */
export type StepBarProps = {
  steps: RolloutStep[];
  progress?: RolloutProgress;
  tone: RolloutTone;
  /** Whether a run is in progress, so the next step is the current one. */
  running: boolean;
};

/** What the bar says of the run's progress. */
function progressCaption(
  progress: RolloutProgress | undefined,
  total: number,
): string {
  if (!progress) return `${total} planned steps; no run in progress`;
  const completed = progress.completedSteps;
  if (progress.ended === 'analysis-skipped') {
    return completed < total
      ? `Promoted manually after step ${completed} of ${total}; steps ${
          completed + 1
        } to ${total} skipped, not analysed`
      : `Promoted manually; analysis skipped`;
  }
  if (progress.ended === 'rolled-back') {
    return `Rolled back after step ${completed} of ${total}`;
  }
  return `Step ${completed} of ${total} done`;
}

/**
 * The planned steps of a run, with the ones done filled and the current one outlined; after a
 * manual promotion the skipped steps are struck through, not done.
 */
export const StepBar = ({ steps, progress, tone, running }: StepBarProps) => {
  const classes = useStyles({ tone });
  if (!steps.length) return null;
  const completed = progress?.completedSteps ?? 0;
  const current =
    running && progress && completed < steps.length ? completed : undefined;
  const caption = progressCaption(progress, steps.length);
  return (
    <Box>
      <ol className={classes.bar} aria-label={caption}>
        {steps.map((step, index) => {
          const done = progress !== undefined && index < completed;
          const skipped =
            progress?.ended === 'analysis-skipped' && index >= completed;
          const isCurrent = index === current;
          const label = stepLabel(step);
          return (
            <li
              key={index}
              className={[
                classes.step,
                done ? classes.done : '',
                skipped ? classes.skipped : '',
                isCurrent ? classes.current : '',
              ].join(' ')}
              aria-current={isCurrent ? 'step' : undefined}
              title={`${label}${done ? ' (done)' : ''}${
                skipped ? ' (skipped, not analysed)' : ''
              }${isCurrent ? ' (current)' : ''}`}
            >
              {label}
            </li>
          );
        })}
      </ol>
      <Typography variant="caption" color="textSecondary">
        {caption}
      </Typography>
    </Box>
  );
};
