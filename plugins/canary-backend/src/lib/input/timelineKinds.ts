import { InputError } from '@backstage/errors';
import {
  isTimelineKind,
  TIMELINE_KINDS,
  type TimelineKind,
} from '@backstage-canary/plugin-canary-common';
import { describeValue, type InputField } from './InputField';

/**
 * Reads the timeline's kind filter: a comma-separated text (a query parameter, commas as they are
 * or encoded) or a list (an action's input) of at least one kind of common's `TIMELINE_KINDS`, or left
 * out. An unknown kind is an InputError naming the field, the unknown kinds and the allowed ones.
 */
export function readTimelineKinds(
  value: unknown,
  field: InputField,
): TimelineKind[] | undefined {
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
  const unknown = list.filter(kind => !isTimelineKind(kind));
  if (unknown.length) {
    throw refuse(
      `unknown: ${unknown.map(kind => describeValue(kind)).join(', ')}`,
    );
  }
  return list as TimelineKind[];
}
