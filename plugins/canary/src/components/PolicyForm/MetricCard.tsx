import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import type { PolicyMetric } from '@backstage-canary/plugin-canary-common';
import { PolicyField } from './PolicyField';
import { CUSTOM_METRIC_FIELDS, METRIC_FIELDS } from './metricFields';

/** Props of {@link MetricCard}. */
export type MetricCardProps = {
  metric: PolicyMetric;
  /** Position in `analysis.metrics`: the `#` of the ids and issue paths. */
  index: number;
  onChange: (metric: PolicyMetric) => void;
  onRemove: () => void;
};

/**
 * One metric of the analysis, boxed: name, interval and threshold range, a Remove button, and for
 * a custom metric its provider and query. The box carries `data-testid="metric-<index>"` so that
 * tests can tell the metrics' identically labelled fields apart.
 */
export function MetricCard(props: MetricCardProps) {
  const { metric, index } = props;
  const field = (spec: (typeof METRIC_FIELDS)[number]) => (
    <PolicyField
      key={spec.label}
      field={spec}
      target={metric}
      index={index}
      onChange={props.onChange}
    />
  );
  return (
    <Grid item xs={12}>
      <Box
        border={1}
        borderColor="divider"
        borderRadius={4}
        p={1}
        data-testid={`metric-${index}`}
      >
        <Grid container spacing={1}>
          {METRIC_FIELDS.map(field)}
          <Grid item xs={4} sm={2}>
            <Button onClick={props.onRemove}>Remove</Button>
          </Grid>
          {CUSTOM_METRIC_FIELDS.map(field)}
        </Grid>
      </Box>
    </Grid>
  );
}
