import type {
  MeasurementVerdict,
  RolloutTone,
} from '@backstage-canary/plugin-canary-common';
import { PhaseChip } from '../FleetOverview/PhaseChip';

const VERDICT: Record<
  MeasurementVerdict,
  { label: string; tone: RolloutTone }
> = {
  pass: { label: 'pass', tone: 'success' },
  fail: { label: 'fail', tone: 'failure' },
  'no-data': { label: 'no data', tone: 'waiting' },
};

/** Props of {@link VerdictChip}. */
export type VerdictChipProps = {
  verdict: MeasurementVerdict;
  /** Why, on hover: the bound crossed or Flagger's messages. */
  title?: string;
};

/** The verdict of one analysis interval, in the theme's status colours. */
export const VerdictChip = ({ verdict, title }: VerdictChipProps) => {
  const { label, tone } = VERDICT[verdict];
  return (
    <span title={title} data-verdict={verdict}>
      <PhaseChip label={label} tone={tone} />
    </span>
  );
};
