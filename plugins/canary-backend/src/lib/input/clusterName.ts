import { type InputField, refusal } from './InputField';

/** The longest cluster name taken. */
export const MAX_CLUSTER_NAME_LENGTH = 253;

/** What a cluster name may be, in words. */
export const CLUSTER_NAME_RULE = `the Backstage name of a cluster: a text of 1 to ${MAX_CLUSTER_NAME_LENGTH} characters without control characters`;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Reads a cluster's name as the Kubernetes plugin's cluster locators name it. Any text a cluster
 * could be named: whether such a cluster exists is for the caller to find out.
 */
export function readClusterName(value: unknown, field: InputField): string {
  if (
    typeof value !== 'string' ||
    !value ||
    value.length > MAX_CLUSTER_NAME_LENGTH ||
    CONTROL.test(value)
  ) {
    throw refusal(field, CLUSTER_NAME_RULE, value);
  }
  return value;
}
