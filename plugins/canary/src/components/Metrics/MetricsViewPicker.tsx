import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';

/** The views of the metrics panel: a chart per metric, or every metric's checks in one table. */
export type MetricsView = 'chart' | 'checks';

/** Props of {@link MetricsViewPicker}. */
export type MetricsViewPickerProps = {
  value: MetricsView;
  onChange: (view: MetricsView) => void;
};

/** Picks the view of the metrics: charts or checks. */
export const MetricsViewPicker = ({
  value,
  onChange,
}: MetricsViewPickerProps) => (
  <ToggleButtonGroup
    size="small"
    exclusive
    value={value}
    aria-label="Metrics view"
    onChange={(_event, next: MetricsView | null) => {
      if (next) onChange(next);
    }}
  >
    <ToggleButton value="chart">Chart</ToggleButton>
    <ToggleButton value="checks">Checks</ToggleButton>
  </ToggleButtonGroup>
);
