import { InputError } from '@backstage/errors';
import { quoteForMessage } from '../cluster/kubeNames';

/**
 * A piece of input as the caller named it: the error a parser throws for a bad value starts with
 * `label`, so it names the field the way the caller sent it (a query or path parameter over HTTP,
 * an input field of a registered action).
 */
export type InputField = {
  /** The parameter or field name, e.g. `limit`. */
  name: string;
  /** How a message names it, e.g. `Query parameter limit`. */
  label: string;
};

/** A query parameter of an HTTP route. */
export function queryParameter(name: string): InputField {
  return { name, label: `Query parameter ${name}` };
}

/** A path parameter of an HTTP route. */
export function pathParameter(name: string): InputField {
  return { name, label: `Path parameter ${name}` };
}

/** A field of a JSON body or of a registered action's input. */
export function inputField(name: string): InputField {
  return { name, label: `Field ${name}` };
}

/** A value as a message quotes it: strings JSON-quoted and cut when long, numbers as they are. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return quoteForMessage(value);
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  if (value === null) return 'null';
  const json = JSON.stringify(value) ?? typeof value;
  return json.length > 80 ? `${json.slice(0, 80)}…` : json;
}

/** The error for a bad value: `<label> must be <allowed>, got <value>`. */
export function refusal(
  field: InputField,
  allowed: string,
  value: unknown,
): InputError {
  return new InputError(
    `${field.label} must be ${allowed}, got ${describeValue(value)}`,
  );
}
