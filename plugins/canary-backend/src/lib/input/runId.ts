import type { InputField } from './InputField';
import { readWholeNumber } from './wholeNumber';

/** A run's id (not its number within its canary): a whole number of at least 1. */
export const RUN_ID = { min: 1 };

/** Reads a run id, as the timeline and the metrics take it, or left out. */
export function readRunId(
  value: unknown,
  field: InputField,
): number | undefined {
  return readWholeNumber(value, field, RUN_ID);
}
