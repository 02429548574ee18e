import type { GridSize } from '@material-ui/core/Grid';
import type { RolloutPolicy } from '@backstage-canary/plugin-canary-common';

/**
 * How the steps of a canary are entered: a list of weights, or one weight repeated up to a max
 * weight. Not part of the policy (both shapes are valid policies): it is the form's choice of which
 * fields to show, kept while a field is being retyped.
 */
export type StepMode = 'list' | 'fixed';

/** Props shared by the sections of the policy form: the policy and where its edits go. */
export type PolicySectionProps = {
  policy: RolloutPolicy;
  onChange: (policy: RolloutPolicy) => void;
};

/** The cell a field takes in the form's 12-column grid (Material UI `Grid` breakpoints). */
export type FieldGrid = { xs: GridSize; sm?: GridSize };

/** What every row of a field table has, whatever its kind. */
type FieldBase<T> = {
  /**
   * Suffix of the element id (`<idPrefix>-<id>`), `#` standing for the metric index. Tests and the
   * Playwright e2e tests find inputs and helper texts (`<id>-helper-text`) by it: do not rename.
   */
  id: string;
  /** The label; also what tests and e2e tests look fields up by. */
  label: string;
  /** Shown under the field while no validation issue is (none of the fields has one yet). */
  help?: string;
  placeholder?: string;
  multiline?: boolean;
  grid: FieldGrid;
  /**
   * Paths (in `RolloutPolicy`, as `validateRolloutPolicy` names them) of the issues shown under the
   * field, `#` standing for the metric index. A function for list fields, whose items have paths.
   * An issue no shown field names goes to the warning panel above the form.
   */
  paths: readonly string[] | ((target: T) => string[]);
  /** Whether the field is on the form at all (default: always). */
  shown?: (target: T, steps: StepMode) => boolean;
  /** Whether the field is greyed out (default: never). */
  disabled?: (target: T) => boolean;
};

/**
 * A number field: an empty or non-numeric input is read as `undefined`, which validation then
 * reports ("... is required"), rather than as 0.
 */
export type NumberFieldSpec<T> = FieldBase<T> & {
  kind: 'number';
  get: (target: T) => number | undefined;
  set: (target: T, value: number | undefined) => T;
};

/**
 * A text field or a select (`options`). `get`/`set` are left out by the few fields whose value is
 * not a plain property (the strategy preset, the text of a list): their section binds them.
 */
export type TextFieldSpec<T> = FieldBase<T> & {
  kind: 'text' | 'select';
  options?: readonly { value: string; label: string }[];
  get?: (target: T) => string | undefined;
  set?: (target: T, value: string) => T;
};

/**
 * One row of a field table: where the field's value lives in the object `T` it edits (the policy,
 * or one metric), how it is labelled and which validation issues it shows. `set` returns the
 * object unchanged when the edit does not apply (e.g. a load test field while there is no load
 * test); the form then does not call `onChange`.
 */
export type FieldSpec<T> = NumberFieldSpec<T> | TextFieldSpec<T>;

/** Reads an input as a number: `undefined` when empty or not a number. */
export const toNumber = (text: string): number | undefined =>
  text.trim() === '' || Number.isNaN(Number(text)) ? undefined : Number(text);

/** Puts the metric index in place of `#` (in an id or a path). */
export const withIndex = (text: string, index?: number) =>
  index === undefined ? text : text.replace(/#/g, String(index));

/** The issue paths of a field, for the object it edits and (metric fields) the metric index. */
export function fieldPaths<T>(
  field: FieldSpec<T>,
  target: T,
  index?: number,
): string[] {
  const paths =
    typeof field.paths === 'function' ? field.paths(target) : field.paths;
  return paths.map(p => withIndex(p, index));
}

/** Whether a field is on the form for this object and step mode. */
export const isShown = <T>(field: FieldSpec<T>, target: T, steps: StepMode) =>
  field.shown ? field.shown(target, steps) : true;
