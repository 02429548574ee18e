import { InputError } from '@backstage/errors';
import type { InputField } from './InputField';
import { readWholeNumber } from './wholeNumber';

/** A time range's bounds, unix seconds: from 1970 to 2100. */
export const TIMESTAMP = { min: 0, max: 4102444800 };

/** A step's bounds, seconds: from one second to a day. */
export const STEP_SECONDS = { min: 1, max: 86400 };

/** Reads one bound of a time range: unix seconds from 0 to 4102444800 (2100), or left out. */
export function readTimestamp(
  value: unknown,
  field: InputField,
): number | undefined {
  return readWholeNumber(value, field, TIMESTAMP);
}

/**
 * Reads a time range (`start`, `end`, unix seconds, each optional); when both are given, start
 * must come before end.
 */
export function readTimeRange(
  values: { start: unknown; end: unknown },
  fields: { start: InputField; end: InputField },
): { start?: number; end?: number } {
  const start = readTimestamp(values.start, fields.start);
  const end = readTimestamp(values.end, fields.end);
  if (start !== undefined && end !== undefined && start >= end) {
    throw new InputError(
      `${fields.start.label} must be before ${fields.end.name}, got ${fields.start.name}=${start} and ${fields.end.name}=${end}`,
    );
  }
  return { start, end };
}

/** Reads a step (the resolution of a series): whole seconds from 1 to 86400, or left out. */
export function readStepSeconds(
  value: unknown,
  field: InputField,
): number | undefined {
  return readWholeNumber(value, field, STEP_SECONDS);
}
