import {
  CANARY_PHASE,
  isApprovalPhase,
  type TimelineEntry,
  type TimelineItem,
} from '@backstage-canary/plugin-canary-common';

/**
 * Text that mixes the product's words with text others wrote (a reason, an actor, a message from a
 * cluster), marked `{ user }` so that it is shown isolated from the words around it. An actor (the
 * user or service that asked for an action, as recorded) is marked `{ actor }`: shown isolated too,
 * by its display name when it is a user or group of the catalog.
 */
export type TimelineText = Array<string | { user: string } | { actor: string }>;

/**
 * How an item reads: `warning` for what went wrong (a halt, a rollback, a failed action),
 * `info` for what waits (an approval gate, a rollback gate that asked nothing, an action waiting
 * for its cluster's answer), `normal` for the rest.
 */
export type TimelineTone = 'warning' | 'info' | 'normal';

/** How a timeline item reads in the list. */
export type TimelineItemText = {
  title: TimelineText;
  detail?: TimelineText;
  tone: TimelineTone;
};

/** Timeline text as one plain string, e.g. for a key or a label; actors as recorded. */
export function plainText(text: TimelineText): string {
  return text
    .map(part => {
      if (typeof part === 'string') return part;
      return 'user' in part ? part.user : part.actor;
    })
    .join('');
}

const WARNING_KINDS = new Set([
  'halted',
  'rollback',
  'failed',
  'promotion-failed',
  'webhook-failed',
  'metric-error',
  'error',
]);

/** Kinds that are waits, whatever type Flagger gave their events (it makes approval waits warnings). */
const WAITING_KINDS = new Set(['waiting-for-approval', 'rollback-hook-idle']);

/** What an action's outcome says, after "<action> by <actor>: ". */
const ACTION_OUTCOMES: Record<string, string> = {
  pending: "in progress, waiting for the cluster's answer",
};

const ROLLBACK_REASONS: Record<
  'failed-checks' | 'progress-deadline' | 'manual-webhook',
  (failedChecks?: number) => string
> = {
  'failed-checks': n => `failed checks${n !== undefined ? ` (${n})` : ''}`,
  'progress-deadline': () => 'progress deadline exceeded',
  'manual-webhook': () => 'rollback gate opened',
};

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

function describeEntry(entry: TimelineEntry): TimelineText {
  switch (entry.kind) {
    case 'weight-advanced':
      return [`Canary weight advanced to ${entry.weight}%`];
    case 'primary-weight-advanced':
      return [`Primary weight advanced to ${entry.weight}%`];
    case 'iteration-advanced':
      return [`Iteration ${entry.iteration} of ${entry.iterations}`];
    case 'halted': {
      if (entry.metric && entry.value !== undefined) {
        const bound =
          entry.threshold !== undefined
            ? ` ${entry.comparison ?? 'vs'} threshold ${formatNumber(
                entry.threshold,
              )}`
            : '';
        return [
          'Halted: ',
          { user: entry.metric },
          ` ${formatNumber(entry.value)}${bound}`,
        ];
      }
      return [`Halted: ${entry.reason.replace(/-/g, ' ')}`];
    }
    case 'rollback':
      return [
        `Rolled back: ${ROLLBACK_REASONS[entry.reason](entry.failedChecks)}`,
      ];
    case 'waiting-for-approval':
      return [`Waiting for approval at ${entry.gate}`];
    case 'rollback-hook-idle':
      return ['Rollback hook ', { user: entry.webhook }, ': no rollback asked'];
    case 'promotion-completed':
      return [
        entry.analysisSkipped
          ? 'Promotion completed (analysis skipped)'
          : 'Promotion completed',
      ];
    case 'promotion-started':
      return ['Promotion started'];
    case 'new-revision':
      return ['New revision detected'];
    case 'failed':
      return ['Canary failed'];
    default:
      return [{ user: entry.message }];
  }
}

/**
 * A timeline item in words, and its tone. What others wrote (reasons, actors, messages of clusters
 * and of the action log) is marked, to be shown isolated.
 */
export function describeTimelineItem(item: TimelineItem): TimelineItemText {
  if (item.type === 'transition') {
    const iterations = item.iterations ? `, iteration ${item.iterations}` : '';
    let tone: TimelineTone = 'normal';
    if (item.phase === CANARY_PHASE.Failed) tone = 'warning';
    else if (isApprovalPhase(item.phase)) tone = 'info';
    return {
      title: [`Phase ${item.phase}`],
      detail: [
        `canary weight ${item.canaryWeight}%, failed checks ${item.failedChecks}${iterations}`,
      ],
      tone,
    };
  }
  if (item.type === 'action') {
    let tone: TimelineTone = 'normal';
    if (item.outcome === 'failed') tone = 'warning';
    else if (item.outcome === 'pending') tone = 'info';
    return {
      title: [
        `${item.action} by `,
        { actor: item.actor },
        `: ${ACTION_OUTCOMES[item.outcome] ?? item.outcome}`,
      ],
      detail: ['Reason: ', { user: item.reason }, '. ', { user: item.message }],
      tone,
    };
  }
  const title = describeEntry(item.entry);
  let tone: TimelineTone = 'normal';
  if (WAITING_KINDS.has(item.entry.kind)) tone = 'info';
  else if (item.eventType === 'Warning' || WARNING_KINDS.has(item.entry.kind)) {
    tone = 'warning';
  }
  return {
    title,
    detail:
      item.entry.message !== plainText(title)
        ? [{ user: item.entry.message }]
        : undefined,
    tone,
  };
}
