import TextField from '@material-ui/core/TextField';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';

/**
 * `ui:options` of the CanaryReplicasPicker field.
 *
 * @public
 */
export type CanaryReplicasPickerUiOptions = {
  /** The form field with the minimum replicas this maximum must not be below (default `minReplicas`). */
  minReplicasField?: string;
};

const minFieldOf = (options?: CanaryReplicasPickerUiOptions) =>
  options?.minReplicasField ?? 'minReplicas';

/**
 * Scaffolder field for the maximum replicas of a service's autoscaler: a whole number that the
 * step's validation checks against the minimum replicas field, so "min 5, max 2" is refused before
 * the template runs.
 *
 * @public
 */
export function CanaryReplicasPicker(
  props: FieldExtensionComponentProps<number, CanaryReplicasPickerUiOptions>,
) {
  const { formData, onChange, schema, rawErrors, required, idSchema } = props;
  const errors = rawErrors ?? [];
  const help = errors.length ? errors.join(' ') : schema.description;
  return (
    <TextField
      id={idSchema?.$id ?? 'root_maxReplicas'}
      type="number"
      fullWidth
      margin="normal"
      label={schema.title ?? 'Maximum replicas'}
      required={required}
      value={formData ?? ''}
      inputProps={{
        min: typeof schema.minimum === 'number' ? schema.minimum : 1,
        step: 1,
      }}
      onChange={e =>
        onChange(
          e.target.value === ''
            ? (undefined as unknown as number)
            : Number(e.target.value),
        )
      }
      error={errors.length > 0}
      helperText={help}
    />
  );
}

/**
 * Refuses a maximum below the minimum replicas (and one that is not a whole number of at least 1),
 * naming both fields and what is allowed.
 *
 * @public
 */
export function validateCanaryReplicasField(
  value: number,
  validation: { addError(message: string): void },
  context: {
    formData?: Record<string, unknown>;
    uiSchema?: { 'ui:options'?: CanaryReplicasPickerUiOptions };
  },
): void {
  if (value === undefined || value === null) return;
  if (!Number.isInteger(value) || value < 1) {
    validation.addError(
      `Maximum replicas must be a whole number of at least 1, got ${value}.`,
    );
    return;
  }
  const min = context.formData?.[minFieldOf(context.uiSchema?.['ui:options'])];
  if (typeof min === 'number' && value < min) {
    validation.addError(
      `Maximum replicas (${value}) must be at least the minimum replicas (${min}): the autoscaler cannot scale to fewer pods than its minimum. Raise the maximum or lower the minimum.`,
    );
  }
}
