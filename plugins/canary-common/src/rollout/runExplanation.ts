import type {
  ActionRecord,
  EventRecord,
  TimelineItem,
  TransitionRecord,
} from '../api/rolloutTypes';
import type { TimelineEntry } from '../events/timelineEntry';
import type { MetricUnit } from '../metrics/metricUnits';
import type { Canary } from '../model/canary';
import { getCanaryAnalysis } from '../model/canary';
import { planCanaryRollout } from './plan';
import type { RolloutProgress, RolloutState } from './rolloutState';

/**
 * What a run's explanation is about: a rollback after failed checks (or a deadline, or a manual
 * rollback), a halt of a running analysis, a promotion whose primary never became ready (Flagger
 * 1.44 and later), or a promotion that skipped the analysis.
 *
 * @public
 */
export type RunExplanationKind =
  | 'rolled-back'
  | 'halted'
  | 'promotion-failed'
  | 'promoted-manually';

/**
 * One failed check of a run, as Flagger recorded it: a metric out of its range, a metric without
 * values, or a failed webhook.
 *
 * @public
 */
export type ExplainedCheck = {
  /** The metric's name, or the webhook's. */
  name: string;
  /** The measured value, in `unit`. */
  value?: number;
  /** The bound that was crossed, in `unit`. */
  threshold?: number;
  /** `<`: below its minimum; `>`: above its maximum. */
  comparison?: '<' | '>';
  unit: MetricUnit;
  /** In words, e.g. "request-success-rate 18% is below the minimum 99%". */
  text: string;
  /** When Flagger recorded it (ISO 8601). */
  at?: string;
};

/**
 * Why a run failed, halts or skipped its analysis, from the run's recorded transitions, events and
 * actions and the canary's status: what a lane, an inbox item and a notification say first.
 *
 * @public
 */
export type RunExplanation = {
  kind: RunExplanationKind;
  /** One short sentence, e.g. "Rolled back after 2 of 2 failed checks". */
  headline: string;
  /** Every part in sentences, for the inbox and notifications. */
  summary: string;
  /** Why the run ended, where known. */
  cause?:
    | 'failed-checks'
    | 'progress-deadline'
    | 'manual-rollback'
    | 'primary-not-ready'
    | 'unknown';
  /** The latest failed check of each metric or webhook, the deciding one first. */
  checks: ExplainedCheck[];
  /** Where the run stopped within its plan. */
  stoppedAt?: {
    /** Steps of the plan completed (1-based step reached), when known. */
    step?: number;
    totalSteps: number;
    /** Percent of traffic on the canary when it stopped (weighted canaries). */
    weight?: number;
    /** The iteration reached (A/B, Blue/Green). */
    iteration?: number;
  };
  /** Failed checks at the time of failure (Flagger resets its counter on rollback). */
  failedChecks?: { count: number; threshold: number };
  /** When the run was rolled back, failed or promoted (ISO 8601). */
  at?: string;
  /** The revision serving after a rollback: the primary's images and Flagger's spec hash. */
  rolledBackTo?: { images: string[]; spec?: string };
  /** Where the traffic is now, in words. */
  traffic?: string;
  /** Who promoted or rolled back through the plugin (entity or service ref). */
  actor?: string;
  /** Flagger's error text (a deadline, a primary that never became ready). */
  error?: string;
};

/**
 * What {@link explainRun} reads.
 *
 * @public
 */
export type RunExplanationInput = {
  canary: Canary;
  /** The run's recorded transitions, events and actions, in any order. */
  items: TimelineItem[];
  /** The images of the primary workload (`<target>-primary`), when known. */
  primaryImages?: string[];
};

type Halt = Extract<TimelineEntry, { kind: 'halted' }>;

function byTime(a: TimelineItem, b: TimelineItem): number {
  return a.at.localeCompare(b.at) || a.id - b.id;
}

function trimNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(+value.toFixed(2));
}

function formatValue(value: number, unit: MetricUnit): string {
  if (unit === 'percent') return `${trimNumber(value)}%`;
  if (unit === 'milliseconds') return `${trimNumber(value)} ms`;
  return trimNumber(value);
}

/**
 * A time as "2026-12-07 11:50 UTC": the same text wherever it is read.
 *
 * @public
 */
export function formatUtcTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function haltUnit(halt: Halt): MetricUnit {
  if (halt.reason === 'success-rate') return 'percent';
  if (halt.reason === 'request-duration') return 'milliseconds';
  return 'value';
}

function explainHalt(halt: Halt, at: string): ExplainedCheck | undefined {
  const unit = haltUnit(halt);
  if (halt.metric && halt.value !== undefined && halt.threshold !== undefined) {
    const bound = halt.comparison === '<' ? 'minimum' : 'maximum';
    const side = halt.comparison === '<' ? 'below' : 'above';
    return {
      name: halt.metric,
      value: halt.value,
      threshold: halt.threshold,
      comparison: halt.comparison,
      unit,
      text: `${halt.metric} ${formatValue(
        halt.value,
        unit,
      )} is ${side} the ${bound} ${formatValue(halt.threshold, unit)}`,
      at,
    };
  }
  if (halt.reason === 'no-metric-values' && halt.metric) {
    return {
      name: halt.metric,
      unit,
      text: `${halt.metric} returned no values (is the canary receiving traffic?)`,
      at,
    };
  }
  if (halt.webhook) {
    const hook =
      halt.reason === 'pre-rollout-failed' ? 'pre-rollout' : 'rollout';
    return {
      name: halt.webhook,
      unit: 'value',
      text: `${hook} webhook ${halt.webhook} failed${
        halt.error ? `: ${halt.error}` : ''
      }`,
      at,
    };
  }
  if (halt.reason === 'primary-scaled-to-zero') {
    return {
      name: 'primary',
      unit: 'value',
      text: 'the primary deployment is scaled to zero',
      at,
    };
  }
  return undefined;
}

/** The latest failed check per metric or webhook, the latest (deciding) one first. */
function failedChecksOf(events: EventRecord[]): ExplainedCheck[] {
  const latest = new Map<string, ExplainedCheck>();
  for (const event of events) {
    if (event.entry.kind !== 'halted') continue;
    const check = explainHalt(event.entry, event.at);
    if (check) {
      latest.delete(check.name);
      latest.set(check.name, check);
    }
  }
  return [...latest.values()].reverse();
}

function stepOf(
  canary: Canary,
  reached: TransitionRecord | undefined,
): RunExplanation['stoppedAt'] {
  const plan = planCanaryRollout(canary);
  const totalSteps = plan.steps.length;
  if (!reached) return undefined;
  if (plan.strategy === 'canary') {
    const step = plan.steps.filter(
      s => s.kind === 'weight' && s.weight <= reached.canaryWeight,
    ).length;
    return { step, totalSteps, weight: reached.canaryWeight };
  }
  return {
    step: reached.iterations,
    totalSteps,
    iteration: reached.iterations,
  };
}

function stepText(stoppedAt: RunExplanation['stoppedAt']): string {
  if (!stoppedAt) return '';
  if (stoppedAt.weight !== undefined) {
    return stoppedAt.step
      ? `at step ${stoppedAt.step} of ${stoppedAt.totalSteps} (${stoppedAt.weight}% of traffic on the canary)`
      : `before the first step (${stoppedAt.weight}% of traffic on the canary)`;
  }
  return stoppedAt.iteration !== undefined
    ? `at iteration ${stoppedAt.iteration} of ${stoppedAt.totalSteps}`
    : '';
}

/** Joins the parts that are set with spaces, the clauses after ": " when given, ending with a period. */
function sentence(
  parts: Array<string | undefined | false>,
  clause?: string,
): string {
  const text = parts.filter(Boolean).join(' ').trim();
  const full = clause ? `${text}: ${clause}` : text;
  return full ? `${full.replace(/[.\s]+$/, '')}.` : '';
}

/**
 * Explains a run from its recorded history and the canary's status: why it was rolled back (the
 * metrics out of range with their values and bounds, the step and weight it reached, the failed
 * checks at the time, when, and the revision that serves since), why a running analysis halts,
 * where the traffic is after a failed promotion, or who promoted it with the analysis skipped.
 * Nothing to explain (a healthy or finished run): `undefined`.
 *
 * @public
 */
export function explainRun(
  input: RunExplanationInput,
): RunExplanation | undefined {
  const { canary } = input;
  const status = canary.status ?? {};
  const phase = status.phase ?? '';
  const analysis = getCanaryAnalysis(canary);
  const threshold =
    analysis?.threshold && analysis.threshold > 0 ? analysis.threshold : 1;
  const items = [...input.items].sort(byTime);
  const transitions = items.filter(
    (i): i is TransitionRecord => i.type === 'transition',
  );
  const events = items.filter((i): i is EventRecord => i.type === 'event');
  const actions = items.filter((i): i is ActionRecord => i.type === 'action');
  const running = transitions.filter(
    t => t.phase === 'Progressing' || t.phase === 'WaitingPromotion',
  );
  const lastRunning = running[running.length - 1];
  const checks = failedChecksOf(events);
  const checksText = checks.map(c => c.text).join('; ');
  const target = canary.spec.targetRef.name;

  const promotionFailed = events.find(e => e.entry.kind === 'promotion-failed');
  if (phase === 'Failed' && (promotionFailed || status.canaryWeight === 100)) {
    const error =
      promotionFailed?.entry.kind === 'promotion-failed'
        ? promotionFailed.entry.error
        : undefined;
    const traffic = `All traffic is on the new revision (${target}), not on ${target}-primary: the primary never became ready after the promotion.`;
    return {
      kind: 'promotion-failed',
      headline: `Promotion failed: ${target}-primary did not become ready`,
      summary: `${sentence(
        [
          'The analysis passed but the promotion failed',
          promotionFailed && `at ${formatUtcTime(promotionFailed.at)}`,
        ],
        `${target}-primary did not become ready${error ? ` (${error})` : ''}`,
      )} ${traffic}`,
      cause: 'primary-not-ready',
      checks,
      at: promotionFailed?.at,
      traffic,
      error,
    };
  }

  if (phase === 'Failed') {
    const rollback = [...events]
      .reverse()
      .find(e => e.entry.kind === 'rollback');
    const rollbackEntry =
      rollback?.entry.kind === 'rollback' ? rollback.entry : undefined;
    const failedTransition = transitions.find(t => t.phase === 'Failed');
    const at = rollback?.at ?? failedTransition?.at;
    const recordedChecks = Math.max(0, ...transitions.map(t => t.failedChecks));
    const count = rollbackEntry?.failedChecks ?? recordedChecks;
    const abort = [...actions]
      .reverse()
      .find(a => a.action === 'abort' && a.outcome !== 'failed');
    let cause: RunExplanation['cause'] = 'unknown';
    if (rollbackEntry?.reason === 'failed-checks') cause = 'failed-checks';
    else if (rollbackEntry?.reason === 'progress-deadline')
      cause = 'progress-deadline';
    else if (rollbackEntry?.reason === 'manual-webhook' || abort)
      cause = 'manual-rollback';
    else if (count >= threshold) cause = 'failed-checks';
    const stoppedAt = stepOf(canary, lastRunning);
    const images = input.primaryImages ?? [];
    const spec = status.lastPromotedSpec;
    const rolledBackTo = images.length || spec ? { images, spec } : undefined;
    let headline: string;
    if (cause === 'failed-checks') {
      headline = `Rolled back after ${count} of ${threshold} failed checks`;
    } else if (cause === 'progress-deadline') {
      headline = 'Rolled back: the progress deadline was exceeded';
    } else if (cause === 'manual-rollback') {
      headline = abort
        ? `Rolled back by ${abort.actor}`
        : 'Rolled back by a rollback webhook';
    } else {
      headline = 'Canary analysis failed and was rolled back';
    }
    const why =
      cause === 'unknown' && !checks.length
        ? 'No recorded event of this run says why.'
        : '';
    const revisionText = rolledBackTo
      ? `${target}-primary serves the previous revision${
          images.length ? ` ${images.join(', ')}` : ''
        }${spec ? ` (spec ${spec})` : ''}; the canary is scaled to zero.`
      : '';
    return {
      kind: 'rolled-back',
      headline,
      summary: [
        sentence(
          [
            headline,
            at && `at ${formatUtcTime(at)}`,
            stepText(stoppedAt) && `, ${stepText(stoppedAt)}`,
          ],
          checksText,
        ).replace(' ,', ','),
        rollbackEntry?.error ? sentence([rollbackEntry.error]) : '',
        why,
        revisionText,
      ]
        .filter(Boolean)
        .join(' '),
      cause,
      checks,
      stoppedAt,
      failedChecks: { count, threshold },
      at,
      rolledBackTo,
      traffic: `All traffic is on ${target}-primary.`,
      actor: abort?.actor,
      error: rollbackEntry?.error,
    };
  }

  if (
    (phase === 'Progressing' || phase === 'WaitingPromotion') &&
    (status.failedChecks ?? 0) > 0
  ) {
    const count = status.failedChecks ?? 0;
    const stoppedAt = stepOf(canary, lastRunning);
    const headline = `Halted: ${count} of ${threshold} failed checks`;
    return {
      kind: 'halted',
      headline,
      summary: `${sentence(
        [headline, stepText(stoppedAt)],
        checksText,
      )} Flagger rolls back at ${threshold} failed checks.`,
      checks,
      stoppedAt,
      failedChecks: { count, threshold },
    };
  }

  const skipped = events.find(
    e => e.entry.kind === 'promotion-completed' && e.entry.analysisSkipped,
  );
  const promote = [...actions]
    .reverse()
    .find(a => a.action === 'promote' && a.outcome !== 'failed');
  if (
    (phase === 'Succeeded' && (skipped || promote)) ||
    ((phase === 'Promoting' || phase === 'Finalising') && promote)
  ) {
    const before = promote ? running.filter(t => t.at <= promote.at) : running;
    const stoppedAt = stepOf(canary, before[before.length - 1]);
    const headline = promote
      ? `Promoted manually by ${promote.actor}, analysis skipped`
      : 'Promoted with the analysis skipped';
    return {
      kind: 'promoted-manually',
      headline,
      summary: `${sentence([
        headline,
        promote && `at ${formatUtcTime(promote.at)}`,
        stepText(stoppedAt),
      ])} The remaining steps were not analysed.`,
      checks,
      stoppedAt,
      at: promote?.at ?? skipped?.at,
      actor: promote?.actor,
    };
  }
  return undefined;
}

/**
 * A canary's state read with its run's explanation: a manually promoted run says so instead of
 * "analysis completed" and its skipped steps are not done; a rolled-back run shows the step it
 * stopped at; a failed promotion drops Flagger's condition text, which says "scaled to zero" while
 * all traffic is on the new revision.
 *
 * @public
 */
export function explainedState(
  state: RolloutState,
  explanation: RunExplanation | undefined,
): RolloutState {
  if (!explanation) return state;
  const stopped = explanation.stoppedAt;
  const progressAt = (
    ended: RolloutProgress['ended'],
  ): RolloutProgress | undefined =>
    stopped?.step !== undefined
      ? {
          completedSteps: stopped.step,
          totalSteps: stopped.totalSteps,
          fraction: stopped.totalSteps ? stopped.step / stopped.totalSteps : 0,
          ended,
        }
      : state.progress;
  const { conditionMessage: _, ...withoutCondition } = state;
  switch (explanation.kind) {
    case 'promoted-manually':
      return {
        ...withoutCondition,
        description: `${explanation.headline}: the remaining steps were not analysed. The primary serves all traffic.`,
        progress: progressAt('analysis-skipped'),
      };
    case 'rolled-back':
      return { ...state, progress: progressAt('rolled-back') };
    case 'promotion-failed':
      return {
        ...withoutCondition,
        description: explanation.traffic ?? state.description,
      };
    default:
      return state;
  }
}
