import type {
  TimelineItem,
  TransitionRecord,
} from '@backstage-canary/plugin-canary-common';
import {
  describeTimelineItem,
  type TimelineItemText,
  type TimelineTone,
} from './describeTimelineItem';

/** One entry of the timeline list: an item, a step (its transition and Flagger's event), or repeats. */
export type TimelineRow = {
  key: string;
  /** When it happened: the newest time of its items. */
  at: string;
  /** The oldest time of its items: earlier than `at` for repeats. */
  firstAt: string;
  /** How many times the event was recorded: more than 1 for repeats. */
  count: number;
  text: TimelineItemText;
  items: TimelineItem[];
};

/**
 * How far apart a transition and Flagger's event of the same step may be recorded: the status the
 * recorder watches and the event are written in the same reconcile of Flagger, a second or two
 * apart, but the watch may see the status later.
 */
const STEP_WINDOW_MS = 60_000;

const TONE_RANK: Record<TimelineTone, number> = {
  normal: 0,
  info: 1,
  warning: 2,
};

const time = (item: TimelineItem) => Date.parse(item.at);

const newestFirst = (a: TimelineItem, b: TimelineItem) =>
  time(b) - time(a) || b.id - a.id;

/**
 * The transitions that changed the weight, or the iteration, from the transition before them (the
 * first transition recorded may have: the one before it is unknown).
 */
function stepTransitions(items: TimelineItem[]) {
  const transitions = items
    .filter((i): i is TransitionRecord => i.type === 'transition')
    .sort((a, b) => time(a) - time(b) || a.id - b.id);
  return transitions.map((transition, index) => {
    const previous = transitions[index - 1];
    return {
      transition,
      weightChanged:
        !previous || previous.canaryWeight !== transition.canaryWeight,
      iterationChanged:
        transition.iterations !== undefined &&
        (!previous || previous.iterations !== transition.iterations),
    };
  });
}

/**
 * Flagger's "Advance … canary weight N" (or "… iteration N/M") events paired with the transition
 * of the same step: the closest in time that changed the weight (or iteration) to that value.
 * Keyed by the event's id, the transition's id.
 */
function pairSteps(items: TimelineItem[]): Map<number, TransitionRecord> {
  const steps = stepTransitions(items);
  const used = new Set<number>();
  const pairs = new Map<number, TransitionRecord>();
  for (const item of [...items].sort((a, b) => time(a) - time(b))) {
    if (item.type !== 'event') continue;
    const { entry } = item;
    if (
      entry.kind !== 'weight-advanced' &&
      entry.kind !== 'iteration-advanced'
    ) {
      continue;
    }
    let best: TransitionRecord | undefined;
    for (const step of steps) {
      const t = step.transition;
      if (used.has(t.id)) continue;
      if (
        item.runId !== undefined &&
        t.runId !== undefined &&
        item.runId !== t.runId
      ) {
        continue;
      }
      const matches =
        entry.kind === 'weight-advanced'
          ? step.weightChanged && t.canaryWeight === entry.weight
          : step.iterationChanged && t.iterations === entry.iteration;
      const distance = Math.abs(time(t) - time(item));
      if (!matches || distance > STEP_WINDOW_MS) continue;
      if (!best || distance < Math.abs(time(best) - time(item))) best = t;
    }
    if (best) {
      used.add(best.id);
      pairs.set(item.id, best);
    }
  }
  return pairs;
}

function stepRow(
  transition: TransitionRecord,
  event: TimelineItem,
): TimelineRow {
  const eventText = describeTimelineItem(event);
  const transitionText = describeTimelineItem(transition);
  const iterations = transition.iterations
    ? `, iteration ${transition.iterations}`
    : '';
  return {
    key: `step-${transition.id}-${event.id}`,
    at: transition.at,
    firstAt: transition.at,
    count: 1,
    text: {
      title: eventText.title,
      detail: [
        `phase ${transition.phase}, failed checks ${transition.failedChecks}${iterations}`,
      ],
      tone:
        TONE_RANK[eventText.tone] > TONE_RANK[transitionText.tone]
          ? eventText.tone
          : transitionText.tone,
    },
    items: [transition, event],
  };
}

/**
 * The timeline's items as the list shows them, newest first:
 * - a step's transition and Flagger's event for it ("Advance … canary weight 20") are one row;
 * - an event recorded again with the same reason and message, with no transition or action in
 *   between, is one row with its count and first time (Flagger repeats its waits every interval,
 *   and alternates them: "Rollback hook … not signaling a rollback", "Halt … waiting for approval").
 */
export function timelineRows(items: TimelineItem[]): TimelineRow[] {
  const pairs = pairSteps(items);
  // The step event of each paired transition, by the transition's id.
  const stepEvents = new Map<number, TimelineItem>();
  for (const item of items) {
    const transition = item.type === 'event' ? pairs.get(item.id) : undefined;
    if (transition) stepEvents.set(transition.id, item);
  }

  const rows: TimelineRow[] = [];
  // The repeatable events since the last transition or action (newer), by reason and message.
  let repeats = new Map<string, TimelineRow>();
  for (const item of [...items].sort(newestFirst)) {
    if (item.type === 'event' && pairs.has(item.id)) continue;
    const stepEvent =
      item.type === 'transition' ? stepEvents.get(item.id) : undefined;
    if (stepEvent && item.type === 'transition') {
      repeats = new Map();
      rows.push(stepRow(item, stepEvent));
      continue;
    }
    if (item.type !== 'event') {
      repeats = new Map();
    } else {
      const key = `${item.reason}\n${item.entry.message}`;
      const repeated = repeats.get(key);
      if (repeated) {
        repeated.count += 1;
        repeated.firstAt = item.at;
        repeated.items.push(item);
        continue;
      }
    }
    const row: TimelineRow = {
      key: `${item.type}-${item.id}`,
      at: item.at,
      firstAt: item.at,
      count: 1,
      text: describeTimelineItem(item),
      items: [item],
    };
    if (item.type === 'event') {
      repeats.set(`${item.reason}\n${item.entry.message}`, row);
    }
    rows.push(row);
  }
  return rows;
}
