import { type PageCursorList, parsePageCursor } from '../store/pageCursor';
import { type InputField, refusal } from './InputField';
import { InputError } from '@backstage/errors';
import { readWholeNumber } from './wholeNumber';

/** How many items a page may hold. */
export const PAGE_LIMIT = { min: 1, max: 500 };

/** Reads a page size: a whole number from 1 to 500, or left out. */
export function readPageLimit(
  value: unknown,
  field: InputField,
): number | undefined {
  return readWholeNumber(value, field, PAGE_LIMIT);
}

/**
 * Reads a page cursor: the `nextCursor` of the previous page, passed back unchanged, or left out.
 * With `list`, the cursor must be one the plugin handed out for that list (runs or timeline); a
 * list the catalog pages (the inbox) takes the catalog's cursor, which only the catalog can judge.
 */
export function readPageCursor(
  value: unknown,
  field: InputField,
  list?: PageCursorList,
): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !value) {
    throw refusal(field, 'the nextCursor of the previous page', value);
  }
  if (list && !parsePageCursor(list, value)) {
    throw new InputError(
      `${field.label} is not a cursor of this ${list} list: pass the nextCursor of the previous page unchanged, or leave it out for the first page`,
    );
  }
  return value;
}
