import { useEffect, useMemo, useRef } from 'react';
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
  /**
   * Fields of earlier form steps the policy follows: the workload name (also the service name),
   * its namespace, the service port, and the output kind (`kurator` or `flagger`, over `target`).
   * For example `{ name: name, namespace: namespace, port: port, target: outputKind }`.
   */
  bindTo?: {
    name?: string;
    namespace?: string;
    port?: string;
    target?: string;
  };
};

/** True when the value has the sections the form edits (workload, service, traffic, analysis). */
function isPolicyShaped(value: unknown): value is RolloutPolicy {
  if (!value || typeof value !== 'object') return false;
  const policy = value as Record<string, unknown>;
  return ['workload', 'service', 'traffic', 'analysis'].every(
    key => policy[key] !== null && typeof policy[key] === 'object',
  );
}

type FormValues = Record<string, unknown> | undefined;

function targetOf(
  options: CanaryPolicyPickerUiOptions | undefined,
  formData: FormValues,
): PolicyTarget {
  const bound = options?.bindTo?.target
    ? formData?.[options.bindTo.target]
    : undefined;
  if (bound === 'kurator' || bound === 'flagger') return bound;
  return options?.target === 'kurator' ? 'kurator' : 'flagger';
}

/** The values of the bound fields that are set (a name, a namespace, a port). */
function boundValues(
  options: CanaryPolicyPickerUiOptions | undefined,
  formData: FormValues,
) {
  const read = (key?: string) => (key ? formData?.[key] : undefined);
  const name = read(options?.bindTo?.name);
  const namespace = read(options?.bindTo?.namespace);
  const port = read(options?.bindTo?.port);
  return {
    name: typeof name === 'string' && name ? name : undefined,
    namespace:
      typeof namespace === 'string' && namespace ? namespace : undefined,
    port: typeof port === 'number' ? port : undefined,
  };
}

/** The policy for the workload, namespace and port of the bound fields. */
function bindPolicy(
  policy: RolloutPolicy,
  bound: ReturnType<typeof boundValues>,
): RolloutPolicy {
  return {
    ...policy,
    workload: {
      ...policy.workload,
      ...(bound.name ? { name: bound.name } : {}),
      ...(bound.namespace ? { namespace: bound.namespace } : {}),
    },
    service: {
      ...policy.service,
      ...(bound.name ? { name: bound.name } : {}),
      ...(bound.port !== undefined ? { port: bound.port } : {}),
    },
  };
}

/** The form's values, which the scaffolder hands every field in `formContext.formData`. */
const formValuesOf = (formContext: unknown): FormValues =>
  (formContext as { formData?: Record<string, unknown> } | undefined)?.formData;

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
  const { formData, onChange, uiSchema, schema, rawErrors, formContext } =
    props;
  const options = uiSchema?.['ui:options'];
  const values = formValuesOf(formContext);
  const target = targetOf(options, values);
  const bound = boundValues(options, values);
  const boundKey = JSON.stringify(bound);
  // The form hands an `object` field `{}` (its JSON-schema default) before the user touches it:
  // anything without the policy's sections starts from the default policy, bound to the service
  // of the earlier steps (its name, namespace and port).
  const started = isPolicyShaped(formData);
  const value = useMemo(
    () =>
      started ? formData! : bindPolicy(defaultPolicy(), JSON.parse(boundKey)),
    [started, formData, boundKey],
  );
  useEffect(() => {
    if (!started) onChange(value);
  }, [started, value, onChange]);
  // A name, namespace or port changed on an earlier step (the user went back): the policy follows.
  const lastBound = useRef(boundKey);
  useEffect(() => {
    if (lastBound.current === boundKey) return;
    lastBound.current = boundKey;
    if (started) onChange(bindPolicy(formData!, JSON.parse(boundKey)));
  }, [boundKey, started, formData, onChange]);
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
  context: {
    formData?: Record<string, unknown>;
    uiSchema?: { 'ui:options'?: CanaryPolicyPickerUiOptions };
  },
): void {
  const target = targetOf(context.uiSchema?.['ui:options'], context.formData);
  for (const issue of validateRolloutPolicy(value, target)) {
    if (issue.severity === 'error') validation.addError(issue.message);
  }
}
