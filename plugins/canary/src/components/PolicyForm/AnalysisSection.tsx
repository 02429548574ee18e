import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import type {
  PolicyMetric,
  RolloutPolicy,
} from '@backstage-canary/plugin-canary-common';
import { MetricCard } from './MetricCard';
import type { PolicySectionProps } from './fieldSpec';
import { PolicyField } from './PolicyField';
import { ANALYSIS_FIELDS } from './policyFields';

/** The metric "Add builtin metric" adds: Flagger's success rate, checked like the analysis. */
const builtinMetric = (policy: RolloutPolicy): PolicyMetric => ({
  name: 'request-success-rate',
  intervalSeconds: policy.analysis.intervalSeconds || 60,
  thresholdRange: { min: 99 },
});

/** The metric "Add custom metric" adds: a Prometheus query, left empty for the user to write. */
const customMetric = (policy: RolloutPolicy): PolicyMetric => ({
  name: `custom-metric-${policy.analysis.metrics.length + 1}`,
  intervalSeconds: policy.analysis.intervalSeconds || 60,
  thresholdRange: { max: 1 },
  custom: { provider: { type: 'prometheus' }, query: '' },
});

/**
 * Section "Analysis" of the policy form: interval and threshold, then one card per metric and the
 * buttons adding a builtin or a custom metric.
 */
export function AnalysisSection(props: PolicySectionProps) {
  const { policy } = props;
  const metrics = policy.analysis.metrics;
  const setMetrics = (next: PolicyMetric[]) =>
    props.onChange({
      ...policy,
      analysis: { ...policy.analysis, metrics: next },
    });

  return (
    <>
      <Grid item xs={12}>
        <Typography variant="h6">Analysis</Typography>
      </Grid>
      {ANALYSIS_FIELDS.map(field => (
        <PolicyField
          key={field.label}
          field={field}
          target={policy}
          onChange={props.onChange}
        />
      ))}
      {metrics.map((metric, i) => (
        <MetricCard
          key={i}
          metric={metric}
          index={i}
          onChange={m =>
            setMetrics(metrics.map((old, j) => (j === i ? m : old)))
          }
          onRemove={() => setMetrics(metrics.filter((_, j) => j !== i))}
        />
      ))}
      <Grid item xs={12}>
        <Button onClick={() => setMetrics([...metrics, builtinMetric(policy)])}>
          Add builtin metric
        </Button>
        <Button onClick={() => setMetrics([...metrics, customMetric(policy)])}>
          Add custom metric
        </Button>
      </Grid>
    </>
  );
}
