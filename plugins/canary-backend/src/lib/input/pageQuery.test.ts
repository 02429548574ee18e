import { encodePageCursor } from '../store/pageCursor';
import { inputField, queryParameter } from './InputField';
import { readPageCursor, readPageLimit } from './pageQuery';

describe('readPageLimit', () => {
  it('takes 1 to 500', () => {
    expect(readPageLimit('1', queryParameter('limit'))).toBe(1);
    expect(readPageLimit(500, inputField('limit'))).toBe(500);
    expect(() => readPageLimit(501, inputField('limit'))).toThrow(
      'Field limit must be a whole number from 1 to 500, got 501',
    );
  });
});

describe('readPageCursor', () => {
  const runs = encodePageCursor('runs', { before: 3 });

  it("takes a cursor of the list, or any text for the catalog's lists", () => {
    expect(readPageCursor(runs, queryParameter('cursor'), 'runs')).toBe(runs);
    expect(readPageCursor('opaque', queryParameter('cursor'))).toBe('opaque');
    expect(readPageCursor(undefined, queryParameter('cursor'))).toBeUndefined();
  });

  it.each(['garbage', 'MQ'])(
    'refuses %j for a list of the plugin, naming the field',
    value => {
      expect(() => readPageCursor(value, inputField('cursor'), 'runs')).toThrow(
        'Field cursor is not a cursor of this runs list: pass the nextCursor of the previous page unchanged, or leave it out for the first page',
      );
    },
  );

  it("refuses another list's cursor and anything not a text", () => {
    expect(() =>
      readPageCursor(runs, queryParameter('cursor'), 'timeline'),
    ).toThrow(/^Query parameter cursor is not a cursor of this timeline list/);
    expect(() => readPageCursor(3, inputField('cursor'))).toThrow(
      'Field cursor must be the nextCursor of the previous page, got 3',
    );
    expect(() => readPageCursor('', inputField('cursor'))).toThrow(
      'Field cursor must be the nextCursor of the previous page, got ""',
    );
  });
});
