import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Typography from '@material-ui/core/Typography';
import { Alert, AlertTitle } from '@material-ui/lab';
import { formatMetricValue } from '../Metrics/formatMetricValue';
import { outOfRangeText } from '../Metrics/outOfRange';
import { isRisky, type PromoteRiskReading } from './usePromoteRisk';

/** Props of {@link PromoteRisk}. */
export type PromoteRiskProps = {
  risk: PromoteRiskReading;
  acknowledged: boolean;
  onAcknowledge: (acknowledged: boolean) => void;
  disabled?: boolean;
};

/**
 * What a promote would skip: the run's failed checks against the rollback threshold and each metric
 * whose latest canary value is out of range, with the explicit "Promote anyway" it needs.
 */
export const PromoteRisk = ({
  risk,
  acknowledged,
  onAcknowledge,
  disabled,
}: PromoteRiskProps) => {
  if (risk.loading) {
    return (
      <Typography variant="body2" color="textSecondary" role="status">
        Reading the canary's latest metric values…
      </Typography>
    );
  }
  const metricsProblem = risk.error && (
    <Typography variant="body2" color="textSecondary">
      Could not read the canary's metrics: {risk.error.message}
    </Typography>
  );
  if (!isRisky(risk)) return metricsProblem || null;
  return (
    <Alert severity="error" aria-label="The analysis is failing">
      <AlertTitle>The analysis is failing</AlertTitle>
      <ul style={{ margin: 0, paddingLeft: 20 }}>
        {risk.failedChecks && (
          <li>
            Failed checks: {risk.failedChecks.count} of{' '}
            {risk.failedChecks.threshold} (Flagger rolls back at{' '}
            {risk.failedChecks.threshold})
          </li>
        )}
        {risk.outOfRange.map(metric => (
          <li key={metric.name}>
            {metric.name}: {outOfRangeText(metric, metric.unit)} (latest canary
            value {formatMetricValue(metric.value, metric.unit)})
          </li>
        ))}
      </ul>
      {metricsProblem}
      <Typography variant="body2">
        Promoting skips the rest of the analysis and sends all traffic to this
        revision.
      </Typography>
      <FormControlLabel
        control={
          <Checkbox
            checked={acknowledged}
            onChange={event => onAcknowledge(event.target.checked)}
            disabled={disabled}
            color="secondary"
          />
        }
        label="Promote anyway: I accept the failing analysis"
      />
    </Alert>
  );
};
