import { InputError } from '@backstage/errors';
import { describeValue, type InputField } from './InputField';

/** Timeline kinds a client may filter on: transitions, actions and every parsed event kind. */
export const TIMELINE_KINDS = [
  'transition',
  'action',
  'suspended',
  'metric-providers',
  'initialized',
  'new-revision',
  'waiting-for-approval',
  'gate-passed',
  'analysis-started',
  'halted',
  'weight-advanced',
  'iteration-advanced',
  'primary-weight-advanced',
  'traffic-routed',
  'promotion-started',
  'promotion-completed',
  'promotion-failed',
  'rollback',
  'rollback-hook-idle',
  'failed',
  'webhook-failed',
  'metric-error',
  'readiness-warning',
  'provider-warning',
  'terminating',
  'terminated',
  'error',
  'unknown',
];

/**
 * Reads the timeline's kind filter: a comma-separated text (a query parameter, commas as they are
 * or encoded) or a list (an action's input) of at least one kind of {@link TIMELINE_KINDS}, or left
 * out. An unknown kind is an InputError naming the field, the unknown kinds and the allowed ones.
 */
export function readTimelineKinds(
  value: unknown,
  field: InputField,
): string[] | undefined {
  if (value === undefined) return undefined;
  const list = typeof value === 'string' ? value.split(',') : value;
  const allowed = `${
    typeof value === 'string' ? 'a comma-separated list' : 'a list'
  } of ${TIMELINE_KINDS.join(', ')}`;
  const refuse = (problem: string) =>
    new InputError(
      `${field.label} must be ${allowed}, got ${describeValue(
        value,
      )} (${problem})`,
    );
  if (!Array.isArray(list)) throw refuse('not a list');
  if (!list.length) throw refuse('no kind');
  const unknown = list.filter(
    kind => typeof kind !== 'string' || !TIMELINE_KINDS.includes(kind),
  );
  if (unknown.length) {
    throw refuse(
      `unknown: ${unknown.map(kind => describeValue(kind)).join(', ')}`,
    );
  }
  return list as string[];
}
