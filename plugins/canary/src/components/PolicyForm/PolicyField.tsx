import { createContext, useContext, type ReactNode } from 'react';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import type { PolicyIssue } from '@backstage-canary/plugin-canary-common';
import {
  fieldPaths,
  isShown,
  toNumber,
  withIndex,
  type FieldSpec,
  type StepMode,
} from './fieldSpec';

/**
 * What every field of one form shares: the id prefix, the validation issues and the step mode.
 * A context rather than props so that a section passes a field only what differs per field.
 */
export type PolicyFieldContextValue = {
  idPrefix: string;
  issues: PolicyIssue[];
  steps: StepMode;
};

export const PolicyFieldContext = createContext<PolicyFieldContextValue>({
  idPrefix: 'canary-policy',
  issues: [],
  steps: 'list',
});

/**
 * The error state and helper text of a field: its issues, errors first (warnings only show while
 * there is no error), else the field's help.
 */
export function fieldFeedback(
  issues: PolicyIssue[],
  paths: string[],
  help?: string,
): { error: boolean; helperText: string | undefined } {
  const found = issues.filter(i => paths.includes(i.path));
  const errors = found.filter(i => i.severity === 'error');
  const shown = errors.length ? errors : found;
  return {
    error: errors.length > 0,
    helperText: shown.length ? shown.map(i => i.message).join(' ') : help,
  };
}

/** Props of {@link PolicyField}. */
export type PolicyFieldProps<T> = {
  /** The table row: id, label, kind, issue paths, where the value lives. */
  field: FieldSpec<T>;
  /** The object the row reads and writes: the policy, or one metric. */
  target: T;
  /** Called with the edited object (not called when the row's `set` changes nothing). */
  onChange: (target: T) => void;
  /** The metric index, for the `#` in a metric row's id and paths. */
  index?: number;
  /** The value, for rows without `get`/`set` (bound by their section). */
  value?: string;
  /** Called with the typed text, for rows without `set`. */
  onText?: (text: string) => void;
  /** Shown below the input, in the same grid cell (e.g. a shortcut button). */
  children?: ReactNode;
};

/**
 * One field of the policy form, in its grid cell: a Material UI text field (number, text or
 * select) labelled from its table row, with the validation issues at its paths as helper text.
 * Renders nothing when the row's `shown` says the field is not on the form.
 */
export function PolicyField<T>(props: PolicyFieldProps<T>) {
  const { field, target, index } = props;
  const { idPrefix, issues, steps } = useContext(PolicyFieldContext);
  if (!isShown(field, target, steps)) return null;

  const feedback = fieldFeedback(
    issues,
    fieldPaths(field, target, index),
    field.help,
  );
  const emit = (next: T) => {
    if (next !== target) props.onChange(next);
  };
  const onInput = (text: string) => {
    if (field.kind === 'number') emit(field.set(target, toNumber(text)));
    else if (field.set) emit(field.set(target, text));
    else props.onText?.(text);
  };

  return (
    <Grid item xs={field.grid.xs} sm={field.grid.sm}>
      <TextField
        fullWidth
        select={field.kind === 'select'}
        type={field.kind === 'number' ? 'number' : undefined}
        multiline={field.multiline}
        id={`${idPrefix}-${withIndex(field.id, index)}`}
        label={field.label}
        placeholder={field.placeholder}
        value={props.value ?? field.get?.(target) ?? ''}
        disabled={field.disabled?.(target)}
        onChange={e => onInput(e.target.value)}
        {...feedback}
      >
        {field.kind === 'select'
          ? field.options?.map(o => (
              <MenuItem key={o.value} value={o.value}>
                {o.label}
              </MenuItem>
            ))
          : undefined}
      </TextField>
      {props.children}
    </Grid>
  );
}
