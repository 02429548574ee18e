import Chip from '@material-ui/core/Chip';
import { makeStyles, type Theme } from '@material-ui/core/styles';
import type { RolloutTone } from '@backstage-canary/plugin-canary-common';

/** The theme colour of a rollout tone; `undefined` for the neutral default. */
export function toneColor(theme: Theme, tone: RolloutTone): string | undefined {
  switch (tone) {
    case 'success':
      return theme.palette.success.main;
    case 'failure':
      return theme.palette.error.main;
    case 'waiting':
      return theme.palette.warning.main;
    case 'progress':
      return theme.palette.info.main;
    case 'paused':
      return theme.palette.grey[600];
    default:
      return undefined;
  }
}

const useStyles = makeStyles<Theme, { tone: RolloutTone }>(theme => ({
  chip: ({ tone }) => {
    const color = toneColor(theme, tone);
    return color
      ? {
          backgroundColor: color,
          color: theme.palette.getContrastText(color),
          fontWeight: theme.typography.fontWeightBold as number,
        }
      : { fontWeight: theme.typography.fontWeightBold as number };
  },
}));

/** Props of {@link PhaseChip}. */
export type PhaseChipProps = {
  label: string;
  tone: RolloutTone;
  /** The raw Flagger phase, for the tooltip and assistive technology. */
  phase?: string;
};

/** A rollout's state label, coloured by its tone. */
export const PhaseChip = ({ label, tone, phase }: PhaseChipProps) => {
  const classes = useStyles({ tone });
  return (
    <Chip
      size="small"
      className={classes.chip}
      label={label}
      title={phase ? `Flagger phase: ${phase}` : undefined}
      data-tone={tone}
    />
  );
};
