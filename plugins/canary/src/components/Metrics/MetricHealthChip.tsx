import type {
  MetricHealth,
  MetricHealthState,
  RolloutTone,
} from '@backstage-canary/plugin-canary-common';
import { PhaseChip } from '../FleetOverview/PhaseChip';

const HEALTH_LABEL: Record<
  MetricHealthState,
  { label: string; tone: RolloutTone }
> = {
  receiving: { label: 'Receiving data', tone: 'success' },
  'no-data': { label: 'No data', tone: 'failure' },
  gaps: { label: 'Gaps', tone: 'waiting' },
  'query-failed': { label: 'Query failed', tone: 'failure' },
};

/** Props of {@link MetricHealthChip}. */
export type MetricHealthChipProps = { health: MetricHealth };

/** Whether a metric gets data, as a chip in the theme's status colours; the note on hover. */
export const MetricHealthChip = ({ health }: MetricHealthChipProps) => {
  const { label, tone } = HEALTH_LABEL[health.state];
  return (
    <span title={health.note} data-health={health.state}>
      <PhaseChip label={label} tone={tone} />
    </span>
  );
};
