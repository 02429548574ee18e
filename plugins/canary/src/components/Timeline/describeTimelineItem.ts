import type {
  TimelineEntry,
  TimelineItem,
} from '@backstage-canary/plugin-canary-common';

/**
 * Text that mixes the product's words with text others wrote (a reason, an actor, a message from a
 * cluster), marked `{ user }` so that it is shown isolated from the words around it.
 */
export type TimelineText = Array<string | { user: string }>;

/** How a timeline item reads in the list. */
export type TimelineItemText = {
  title: TimelineText;
  detail?: TimelineText;
  warning: boolean;
};

/** Timeline text as one plain string, e.g. for a key or a label. */
export function plainText(text: TimelineText): string {
  return text
    .map(part => (typeof part === 'string' ? part : part.user))
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
 * A timeline item in words, and whether it is a warning. What others wrote (reasons, actors,
 * messages of clusters and of the action log) is marked, to be shown isolated.
 */
export function describeTimelineItem(item: TimelineItem): TimelineItemText {
  if (item.type === 'transition') {
    const iterations = item.iterations ? `, iteration ${item.iterations}` : '';
    return {
      title: [`Phase ${item.phase}`],
      detail: [
        `canary weight ${item.canaryWeight}%, failed checks ${item.failedChecks}${iterations}`,
      ],
      warning: item.phase === 'Failed',
    };
  }
  if (item.type === 'action') {
    return {
      title: [`${item.action} by `, { user: item.actor }, `: ${item.outcome}`],
      detail: ['Reason: ', { user: item.reason }, '. ', { user: item.message }],
      warning: item.outcome === 'failed',
    };
  }
  const title = describeEntry(item.entry);
  return {
    title,
    detail:
      item.entry.message !== plainText(title)
        ? [{ user: item.entry.message }]
        : undefined,
    warning: item.eventType === 'Warning' || WARNING_KINDS.has(item.entry.kind),
  };
}
