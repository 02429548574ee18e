import { useEffect, useMemo } from 'react';
import FormControl from '@material-ui/core/FormControl';
import FormHelperText from '@material-ui/core/FormHelperText';
import Typography from '@material-ui/core/Typography';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import {
  validateRolloutPolicy,
  type PolicyTarget,
  type RolloutPolicy,
} from '@backstage-canary/plugin-canary-common';
import { PolicyForm, defaultPolicy } from '../components/PolicyForm';

/**
 * `ui:options` of the CanaryPolicyPicker field.
 *
 * @public
 */
export type CanaryPolicyPickerUiOptions = {
  /** Which rules apply: a Kurator Application rollout (`kurator`) or a native Canary (`flagger`, default). */
  target?: PolicyTarget;
};

/** True when the value has the sections the form edits (workload, service, traffic, analysis). */
function isPolicyShaped(value: unknown): value is RolloutPolicy {
  if (!value || typeof value !== 'object') return false;
  const policy = value as Record<string, unknown>;
  return ['workload', 'service', 'traffic', 'analysis'].every(
    key => policy[key] !== null && typeof policy[key] === 'object',
  );
}

const targetOf = (options?: CanaryPolicyPickerUiOptions): PolicyTarget =>
  options?.target === 'kurator' ? 'kurator' : 'flagger';

/**
 * Scaffolder field that edits a rollout policy with the same validation as the
 * `canary:policy:validate` action; its value is the policy object the actions take.
 *
 * @public
 */
export function CanaryPolicyPicker(
  props: FieldExtensionComponentProps<
    RolloutPolicy,
    CanaryPolicyPickerUiOptions
  >,
) {
  const { formData, onChange, uiSchema, schema, rawErrors } = props;
  const target = targetOf(uiSchema?.['ui:options']);
  // The form hands an `object` field `{}` (its JSON-schema default) before the user touches it:
  // anything without the policy's sections starts from the default policy.
  const started = isPolicyShaped(formData);
  const value = useMemo(
    () => (started ? formData! : defaultPolicy()),
    [started, formData],
  );
  useEffect(() => {
    if (!started) onChange(value);
  }, [started, value, onChange]);
  const issues = useMemo(
    () => validateRolloutPolicy(value, target),
    [value, target],
  );
  return (
    <FormControl fullWidth error={(rawErrors?.length ?? 0) > 0}>
      {schema.title && <Typography variant="h5">{schema.title}</Typography>}
      {schema.description && (
        <Typography variant="body2" color="textSecondary">
          {schema.description}
        </Typography>
      )}
      <PolicyForm value={value} onChange={onChange} errors={issues} />
      {rawErrors?.map(error => (
        <FormHelperText key={error}>{error}</FormHelperText>
      ))}
    </FormControl>
  );
}

/**
 * Blocks the step while the policy has errors (warnings pass).
 *
 * @public
 */
export function validateCanaryPolicyField(
  value: RolloutPolicy,
  validation: { addError(message: string): void },
  context: { uiSchema?: { 'ui:options'?: CanaryPolicyPickerUiOptions } },
): void {
  const target = targetOf(context.uiSchema?.['ui:options']);
  for (const issue of validateRolloutPolicy(value, target)) {
    if (issue.severity === 'error') validation.addError(issue.message);
  }
}
