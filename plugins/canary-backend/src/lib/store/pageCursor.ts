import { InputError } from '@backstage/errors';

/** Where the next page of the timeline starts: after this entry in (at desc, type, id desc) order. */
export type TimelineCursor = {
  at: string;
  type: 'transition' | 'event' | 'action';
  id: number;
};

/** Where the next page of runs starts: below this run id. */
export type RunsCursor = { before: number };

type Cursors = { timeline: TimelineCursor; runs: RunsCursor };
type ListName = keyof Cursors;

/** The lists the plugin pages itself, each with its own cursors. */
export type PageCursorList = ListName;

const TIMELINE_TYPES = ['transition', 'event', 'action'];

const isId = (value: unknown): value is number =>
  Number.isSafeInteger(value) && (value as number) > 0;

const VALID: { [L in ListName]: (value: any) => boolean } = {
  timeline: value =>
    typeof value.at === 'string' &&
    !Number.isNaN(Date.parse(value.at)) &&
    TIMELINE_TYPES.includes(value.type) &&
    isId(value.id),
  runs: value => isId(value.before),
};

/**
 * A page cursor as the API hands it out: opaque (base64url JSON naming its list), so that a
 * client passes `nextCursor` back unchanged.
 */
export function encodePageCursor<L extends ListName>(
  list: L,
  cursor: Cursors[L],
): string {
  return Buffer.from(JSON.stringify({ list, ...cursor })).toString('base64url');
}

/** The cursor of a list from what a client sent, or undefined when it is not one of that list's. */
export function parsePageCursor<L extends ListName>(
  list: L,
  value: string,
): Cursors[L] | undefined {
  let decoded: any;
  try {
    decoded = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (
    typeof decoded !== 'object' ||
    decoded === null ||
    decoded.list !== list ||
    !VALID[list](decoded)
  ) {
    return undefined;
  }
  const { list: _list, ...cursor } = decoded;
  return cursor as Cursors[L];
}

/**
 * The cursor of a list from what a client sent. The routes and actions check cursors with
 * `readPageCursor` (lib/input) first, naming the field as the caller sent it; anything else
 * (garbage, another list's cursor, a tampered one) is still an input error here.
 */
export function decodePageCursor<L extends ListName>(
  list: L,
  value: string,
): Cursors[L] {
  const cursor = parsePageCursor(list, value);
  if (!cursor) {
    throw new InputError(
      `cursor is not a cursor of this ${list} list: pass the nextCursor of the previous page unchanged, or leave it out for the first page`,
    );
  }
  return cursor;
}

/**
 * The size of a page the plugin reads: 50 when the caller gives none, and between 1 and 500, so
 * that no request reads a canary's whole history in one query.
 */
export function clampPageLimit(limit: number | undefined): number {
  if (limit === undefined) return 50;
  return Math.max(1, Math.min(500, Math.floor(limit)));
}
