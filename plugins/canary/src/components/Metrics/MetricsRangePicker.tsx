import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import type { MetricsRangeChoice } from '../../hooks';

/** Props of {@link MetricsRangePicker}. */
export type MetricsRangePickerProps = {
  value: MetricsRangeChoice;
  onChange: (choice: MetricsRangeChoice) => void;
  /** The run the "run range" choice stands for, e.g. "#7"; without one it is disabled. */
  runLabel?: string;
};

/** Picks the time range of the metrics: the selected run, the last hour or six hours. */
export const MetricsRangePicker = ({
  value,
  onChange,
  runLabel,
}: MetricsRangePickerProps) => (
  <ToggleButtonGroup
    size="small"
    exclusive
    value={value}
    aria-label="Metrics time range"
    onChange={(_event, next: MetricsRangeChoice | null) => {
      if (next) onChange(next);
    }}
  >
    <ToggleButton value="run" disabled={!runLabel}>
      {runLabel ? `Run ${runLabel}` : 'Run range'}
    </ToggleButton>
    <ToggleButton value="last-hour">Last hour</ToggleButton>
    <ToggleButton value="last-6-hours">Last 6 hours</ToggleButton>
  </ToggleButtonGroup>
);
