import type {
  TimelineEntry,
  TimelineItem,
} from '@backstage-canary/plugin-canary-common';

/** How a timeline item reads in the list. */
export type TimelineItemText = {
  title: string;
  detail?: string;
  warning: boolean;
};

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

function describeEntry(entry: TimelineEntry): string {
  switch (entry.kind) {
    case 'weight-advanced':
      return `Canary weight advanced to ${entry.weight}%`;
    case 'primary-weight-advanced':
      return `Primary weight advanced to ${entry.weight}%`;
    case 'iteration-advanced':
      return `Iteration ${entry.iteration} of ${entry.iterations}`;
    case 'halted': {
      if (entry.metric && entry.value !== undefined) {
        const bound =
          entry.threshold !== undefined
            ? ` ${entry.comparison ?? 'vs'} threshold ${formatNumber(
                entry.threshold,
              )}`
            : '';
        return `Halted: ${entry.metric} ${formatNumber(entry.value)}${bound}`;
      }
      return `Halted: ${entry.reason.replace(/-/g, ' ')}`;
    }
    case 'rollback':
      return `Rolled back: ${ROLLBACK_REASONS[entry.reason](
        entry.failedChecks,
      )}`;
    case 'waiting-for-approval':
      return `Waiting for approval at ${entry.gate}`;
    case 'promotion-completed':
      return entry.analysisSkipped
        ? 'Promotion completed (analysis skipped)'
        : 'Promotion completed';
    case 'promotion-started':
      return 'Promotion started';
    case 'new-revision':
      return 'New revision detected';
    case 'failed':
      return 'Canary failed';
    default:
      return entry.message;
  }
}

/** A timeline item in words, and whether it is a warning. */
export function describeTimelineItem(item: TimelineItem): TimelineItemText {
  if (item.type === 'transition') {
    const iterations = item.iterations ? `, iteration ${item.iterations}` : '';
    return {
      title: `Phase ${item.phase}`,
      detail: `canary weight ${item.canaryWeight}%, failed checks ${item.failedChecks}${iterations}`,
      warning: item.phase === 'Failed',
    };
  }
  if (item.type === 'action') {
    return {
      title: `${item.action} by ${item.actor}: ${item.outcome}`,
      detail: `Reason: ${item.reason}. ${item.message}`,
      warning: item.outcome === 'failed',
    };
  }
  const title = describeEntry(item.entry);
  return {
    title,
    detail: item.entry.message !== title ? item.entry.message : undefined,
    warning: item.eventType === 'Warning' || WARNING_KINDS.has(item.entry.kind),
  };
}
