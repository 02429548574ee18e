import { inputField, queryParameter } from './InputField';
import { readStepSeconds, readTimeRange, readTimestamp } from './timeRange';

const fields = { start: queryParameter('start'), end: queryParameter('end') };

describe('readTimeRange', () => {
  it('takes unix seconds from 1970 to 2100, either bound left out', () => {
    expect(readTimeRange({ start: '10', end: '20' }, fields)).toEqual({
      start: 10,
      end: 20,
    });
    expect(readTimeRange({ start: undefined, end: 20 }, fields)).toEqual({
      start: undefined,
      end: 20,
    });
  });

  it('refuses a bound out of range, naming it', () => {
    expect(() => readTimestamp('4102444801', fields.end)).toThrow(
      'Query parameter end must be a whole number from 0 to 4102444800, got "4102444801"',
    );
    expect(() => readTimeRange({ start: -1, end: undefined }, fields)).toThrow(
      'Query parameter start must be a whole number from 0 to 4102444800, got -1',
    );
  });

  it('refuses a start that is not before the end', () => {
    expect(() =>
      readTimeRange(
        { start: 20, end: 20 },
        { start: inputField('start'), end: inputField('end') },
      ),
    ).toThrow('Field start must be before end, got start=20 and end=20');
  });
});

describe('readStepSeconds', () => {
  it('takes 1 to 86400 seconds', () => {
    expect(readStepSeconds('60', queryParameter('step'))).toBe(60);
    expect(() => readStepSeconds(0, inputField('stepSeconds'))).toThrow(
      'Field stepSeconds must be a whole number from 1 to 86400, got 0',
    );
    expect(() => readStepSeconds('soon', queryParameter('step'))).toThrow(
      'Query parameter step must be a whole number from 1 to 86400, got "soon"',
    );
  });
});
