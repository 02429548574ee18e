import { inputField, queryParameter } from './InputField';
import { TIMELINE_KINDS } from '@backstage-canary/plugin-canary-common';
import { readTimelineKinds } from './timelineKinds';

describe('readTimelineKinds', () => {
  it('takes a comma-separated text or a list of known kinds', () => {
    expect(
      readTimelineKinds('transition,halted,rollback', queryParameter('kind')),
    ).toEqual(['transition', 'halted', 'rollback']);
    expect(readTimelineKinds(['action'], inputField('kinds'))).toEqual([
      'action',
    ]);
    expect(readTimelineKinds(undefined, inputField('kinds'))).toBeUndefined();
  });

  it('names the unknown kinds and the allowed ones', () => {
    expect(() =>
      readTimelineKinds('action,paused', queryParameter('kind')),
    ).toThrow(
      `Query parameter kind must be a comma-separated list of ${TIMELINE_KINDS.join(
        ', ',
      )}, got "action,paused" (unknown: "paused")`,
    );
    expect(() =>
      readTimelineKinds(['action', 'paused'], inputField('kinds')),
    ).toThrow(
      `Field kinds must be a list of ${TIMELINE_KINDS.join(
        ', ',
      )}, got ["action","paused"] (unknown: "paused")`,
    );
  });

  it('refuses an empty list and what is not a list', () => {
    expect(() => readTimelineKinds([], inputField('kinds'))).toThrow(
      /\(no kind\)$/,
    );
    expect(() => readTimelineKinds(3, inputField('kinds'))).toThrow(
      /, got 3 \(not a list\)$/,
    );
    expect(() => readTimelineKinds('', queryParameter('kind'))).toThrow(
      /\(unknown: ""\)$/,
    );
  });
});
