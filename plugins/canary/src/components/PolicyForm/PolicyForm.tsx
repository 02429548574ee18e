import { useState } from 'react';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { WarningPanel } from '@backstage/core-components';
// Not `import type`: the API report records how the public props' types are imported.
import {
  type PolicyIssue,
  type RolloutPolicy,
} from '@backstage-canary/plugin-canary-common';
import { AnalysisSection } from './AnalysisSection';
import { fieldPaths, isShown, type StepMode } from './fieldSpec';
import { CUSTOM_METRIC_FIELDS, METRIC_FIELDS } from './metricFields';
import { PolicyFieldContext } from './PolicyField';
import { POLICY_FIELDS } from './policyFields';
import { StrategySection } from './StrategySection';
import { WebhooksSection } from './WebhooksSection';
import { WorkloadSection } from './WorkloadSection';

/**
 * Props of {@link PolicyForm}.
 *
 * @public
 */
export type PolicyFormProps = {
  value: RolloutPolicy;
  onChange: (policy: RolloutPolicy) => void;
  /** Validation findings (from `validateRolloutPolicy`), shown next to the fields they name. */
  errors?: PolicyIssue[];
  /** Prefix of the element ids (labels and helper texts are linked through them). */
  idPrefix?: string;
  /**
   * The Canary backend's gate URL for the target cluster (`<backend>/api/canary/gates/<cluster>`):
   * offered as a one-click choice next to the gate URL.
   */
  backendGatesUrl?: string;
};

/**
 * The issues no field on the form shows (their path is no shown field's path): the form lists
 * them above the fields so that no finding is lost. Worked out from the field tables rather than
 * from what the fields rendered, so that the panel can come first.
 */
function unplacedIssues(
  issues: PolicyIssue[],
  policy: RolloutPolicy,
  steps: StepMode,
): PolicyIssue[] {
  const placed = new Set<string>();
  for (const field of POLICY_FIELDS) {
    if (isShown(field, policy, steps)) {
      fieldPaths(field, policy).forEach(p => placed.add(p));
    }
  }
  policy.analysis.metrics.forEach((metric, i) => {
    for (const field of [...METRIC_FIELDS, ...CUSTOM_METRIC_FIELDS]) {
      if (isShown(field, metric, steps)) {
        fieldPaths(field, metric, i).forEach(p => placed.add(p));
      }
    }
  });
  return issues.filter(i => !placed.has(i.path));
}

/**
 * A rollout policy form: workload and service, strategy preset (canary with step weights, A/B by
 * header or cookie, Blue/Green, mirroring), steps, interval, threshold, builtin and custom metrics,
 * load test webhook and gates. Issues passed in `errors` appear next to their fields.
 *
 * The fields are rows of tables (`policyFields.ts`, `metricFields.ts`) drawn by one field
 * component (`PolicyField`) in one section component per heading; this component holds what spans
 * sections: the step mode and the panel of issues no field shows.
 *
 * @public
 */
export function PolicyForm(props: PolicyFormProps) {
  const { value, onChange } = props;
  const issues = props.errors ?? [];
  // Steps as a list of weights or as one weight up to a max: kept while a field is being retyped.
  const [steps, setSteps] = useState<StepMode>(
    value.traffic.stepWeight !== undefined ? 'fixed' : 'list',
  );
  const unplaced = unplacedIssues(issues, value, steps);
  const sectionProps = { policy: value, onChange };

  return (
    <PolicyFieldContext.Provider
      value={{ idPrefix: props.idPrefix ?? 'canary-policy', issues, steps }}
    >
      {unplaced.length > 0 && (
        <WarningPanel
          severity={
            unplaced.some(i => i.severity === 'error') ? 'error' : 'warning'
          }
          title="Rollout policy"
        >
          {unplaced.map(i => (
            <Typography key={`${i.path}:${i.message}`} variant="body2">
              {i.message}
            </Typography>
          ))}
        </WarningPanel>
      )}
      <Grid container spacing={2}>
        <WorkloadSection {...sectionProps} />
        <StrategySection
          {...sectionProps}
          steps={steps}
          onStepsChange={setSteps}
        />
        <AnalysisSection {...sectionProps} />
        <WebhooksSection
          {...sectionProps}
          backendGatesUrl={props.backendGatesUrl}
        />
      </Grid>
    </PolicyFieldContext.Provider>
  );
}
