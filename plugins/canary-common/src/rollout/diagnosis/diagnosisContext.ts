import type { EventRecord, TimelineItem } from '../../api/rolloutTypes';
import type { TimelineEntry } from '../../events/timelineEntry';
import { getCanaryAnalysis } from '../../model/canary';
import { getAnalysisIntervalMs } from '../plan';
import type { DiagnosisInput } from './types';

/** How many analysis intervals back the recent events reach. */
export const RECENT_INTERVALS = 5;

/** What every rule reads: the input, the clock, the analysis interval and the recent events. */
export type DiagnosisContext = {
  input: DiagnosisInput;
  now: number;
  intervalMs: number;
  /** The canary's target workload (`spec.targetRef.name`). */
  target: string;
  /** Events of the current run within the last {@link RECENT_INTERVALS} intervals, newest first. */
  recentEvents: EventRecord[];
  /** The newest sign of life from Flagger: an event, a transition or the status' last transition. */
  lastActivityAt?: number;
};

const time = (iso: string | undefined) => {
  const ms = iso ? Date.parse(iso) : NaN;
  return Number.isFinite(ms) ? ms : undefined;
};

function newest(items: TimelineItem[]): number | undefined {
  let found: number | undefined;
  for (const item of items) {
    if (item.type === 'action') continue;
    const at = time(item.at);
    if (at !== undefined && (found === undefined || at > found)) found = at;
  }
  return found;
}

export function diagnosisContext(input: DiagnosisInput): DiagnosisContext {
  const now = input.now ?? Date.now();
  const intervalMs = getAnalysisIntervalMs(getCanaryAnalysis(input.canary));
  const runStart = time(input.runStartedAt);
  const from = Math.max(now - RECENT_INTERVALS * intervalMs, runStart ?? 0);
  const recentEvents = input.items
    .filter((item): item is EventRecord => item.type === 'event')
    .filter(item => (time(item.at) ?? 0) >= from)
    .sort((a, b) => (time(b.at) ?? 0) - (time(a.at) ?? 0));
  const activity = [
    newest(input.items),
    time(input.canary.status?.lastTransitionTime),
  ].filter((at): at is number => at !== undefined);
  return {
    input,
    now,
    intervalMs,
    target: input.canary.spec.targetRef.name,
    recentEvents,
    lastActivityAt: activity.length ? Math.max(...activity) : undefined,
  };
}

/** The recent events of one kind, newest first, with their parsed entries. */
export function recentEntries<K extends TimelineEntry['kind']>(
  context: DiagnosisContext,
  kind: K,
): Array<{ at: string; entry: Extract<TimelineEntry, { kind: K }> }> {
  return context.recentEvents
    .filter(event => event.entry.kind === kind)
    .map(event => ({
      at: event.at,
      entry: event.entry as Extract<TimelineEntry, { kind: K }>,
    }));
}

/** "3 checks" / "1 check". */
export function checks(count: number): string {
  return `${count} check${count === 1 ? '' : 's'}`;
}

/** A duration in words: "45s", "3m", "2h 5m". */
export function spoken(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 ? `${hours}h ${minutes % 60}m` : `${hours}h`;
}
