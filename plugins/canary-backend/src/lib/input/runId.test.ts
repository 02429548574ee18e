import { inputField, queryParameter } from './InputField';
import { readRunId } from './runId';

describe('readRunId', () => {
  it('takes a run id of at least 1', () => {
    expect(readRunId('7', queryParameter('run'))).toBe(7);
    expect(readRunId(7, inputField('runId'))).toBe(7);
    expect(readRunId(undefined, inputField('runId'))).toBeUndefined();
  });

  it.each(['latest', '0', '2.5'])('refuses %j naming the field', run => {
    expect(() => readRunId(run, queryParameter('run'))).toThrow(
      `Query parameter run must be a whole number of at least 1, got "${run}"`,
    );
  });
});
