import { type InputField, refusal } from './InputField';

/** The range a whole number may take; without `max`, any safe integer from `min`. */
export type WholeNumberRange = { min: number; max?: number };

/** What a range allows, in words: `a whole number from 1 to 500`, `... of at least 1`. */
export function describeWholeNumber({ min, max }: WholeNumberRange): string {
  return max === undefined
    ? `a whole number of at least ${min}`
    : `a whole number from ${min} to ${max}`;
}

/**
 * Reads a whole number: a JSON number (the actions registry) or the digits of a query parameter.
 * `undefined` stays `undefined` (the parameter was left out). Anything else, "0x10", "1e3", " 5",
 * "2.5" and "" included, is an InputError naming the field and the range.
 */
export function readWholeNumber(
  value: unknown,
  field: InputField,
  range: WholeNumberRange,
): number | undefined {
  if (value === undefined) return undefined;
  let parsed = NaN;
  if (typeof value === 'number') parsed = value;
  // Digits only: Number() would also take "0x10", "1e3", " 5" and "".
  else if (typeof value === 'string' && /^\d{1,16}$/.test(value)) {
    parsed = Number(value);
  }
  const max = range.max ?? Number.MAX_SAFE_INTEGER;
  if (!Number.isSafeInteger(parsed) || parsed < range.min || parsed > max) {
    throw refusal(field, describeWholeNumber(range), value);
  }
  return parsed;
}
