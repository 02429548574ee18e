import { inputField, queryParameter } from './InputField';
import { readWholeNumber } from './wholeNumber';

describe('readWholeNumber', () => {
  const limit = queryParameter('limit');
  const range = { min: 1, max: 500 };

  it('takes digits (a query parameter) and whole JSON numbers (an action input)', () => {
    expect(readWholeNumber('20', limit, range)).toBe(20);
    expect(readWholeNumber(20, inputField('limit'), range)).toBe(20);
    expect(readWholeNumber(undefined, limit, range)).toBeUndefined();
  });

  it.each(['0', '501', '0x10', '1e3', ' 5', '2.5', '', '-1', 'soon'])(
    'refuses %j naming the field and the range',
    value => {
      expect(() => readWholeNumber(value, limit, range)).toThrow(
        `Query parameter limit must be a whole number from 1 to 500, got ${JSON.stringify(
          value,
        )}`,
      );
    },
  );

  it.each([0, 2.5, NaN, true, null, [1], { n: 1 }])(
    'refuses the action input %j, quoting it',
    value => {
      expect(() => readWholeNumber(value, inputField('limit'), range)).toThrow(
        /^Field limit must be a whole number from 1 to 500, got /,
      );
    },
  );

  it('says "of at least" without a maximum, and keeps to safe integers', () => {
    const run = queryParameter('run');
    expect(() => readWholeNumber('0', run, { min: 1 })).toThrow(
      'Query parameter run must be a whole number of at least 1, got "0"',
    );
    expect(() => readWholeNumber('9007199254740993', run, { min: 1 })).toThrow(
      /of at least 1/,
    );
  });
});
