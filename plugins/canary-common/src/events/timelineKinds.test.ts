import type { TimelineEntryDetails } from './timelineEntry';
import {
  isTimelineKind,
  TIMELINE_ENTRY_KINDS,
  TIMELINE_KINDS,
  type TimelineEntryKind,
} from './timelineKinds';

/** True only when A and B are the same set of literals. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/**
 * Checked by the type checker: the typed entry union and the list name the same kinds, or `tsc`
 * fails on this line.
 */
const entryKindsMatchTheDetails: Same<
  TimelineEntryDetails['kind'],
  TimelineEntryKind
> = true;

describe('TIMELINE_KINDS', () => {
  it('lists transitions, actions and every parsed event kind, once each', () => {
    expect(entryKindsMatchTheDetails).toBe(true);
    expect(TIMELINE_KINDS).toEqual([
      'transition',
      'action',
      ...TIMELINE_ENTRY_KINDS,
    ]);
    expect(new Set(TIMELINE_KINDS).size).toBe(TIMELINE_KINDS.length);
  });

  it('tells a timeline kind from anything else', () => {
    expect(isTimelineKind('halted')).toBe(true);
    expect(isTimelineKind('transition')).toBe(true);
    expect(isTimelineKind('paused')).toBe(false);
    expect(isTimelineKind(3)).toBe(false);
  });
});
