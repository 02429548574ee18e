/**
 * A `<name>.<namespace>` pair as Flagger prints it in event messages.
 *
 * @public
 */
export type EventObjectName = { name: string; namespace: string };

/**
 * The approval gates a canary can wait at (webhook types).
 *
 * @public
 */
export type GateType =
  | 'confirm-rollout'
  | 'confirm-traffic-increase'
  | 'confirm-promotion';

/**
 * Why an analysis step was halted.
 *
 * @public
 */
export type HaltReason =
  | 'pre-rollout-failed'
  | 'external-check-failed'
  | 'success-rate'
  | 'request-duration'
  | 'metric-out-of-range'
  | 'no-metric-values'
  | 'primary-scaled-to-zero';

/**
 * The typed content of one timeline entry, by kind.
 *
 * @public
 */
export type TimelineEntryDetails =
  | { kind: 'suspended' }
  | { kind: 'metric-providers'; available: boolean; error?: string }
  | { kind: 'initialized'; canary: EventObjectName }
  | { kind: 'new-revision'; target: EventObjectName; restarted: boolean }
  | {
      kind: 'waiting-for-approval';
      gate: GateType;
      canary: EventObjectName;
      webhook: string;
    }
  | {
      kind: 'gate-passed';
      gate: GateType | 'pre-rollout' | 'post-rollout' | 'rollback';
      webhook: string;
    }
  | { kind: 'analysis-started'; target: EventObjectName }
  | {
      kind: 'halted';
      reason: HaltReason;
      canary?: EventObjectName;
      target?: EventObjectName;
      /** Metric name (builtin or custom) for metric halts. */
      metric?: string;
      /** Measured value: a number (percent, raw) or, for request duration, milliseconds. */
      value?: number;
      /** The bound that was crossed, in the same unit as `value`. */
      threshold?: number;
      /** `<`: the value is below a minimum; `>`: above a maximum. */
      comparison?: '<' | '>';
      /** The metrics provider (builtin "no values" halts). */
      provider?: string;
      webhook?: string;
      error?: string;
    }
  | { kind: 'weight-advanced'; canary: EventObjectName; weight: number }
  | {
      kind: 'iteration-advanced';
      canary: EventObjectName;
      iteration: number;
      iterations: number;
    }
  | { kind: 'primary-weight-advanced'; canary: EventObjectName; weight: number }
  | {
      kind: 'traffic-routed';
      to: 'canary' | 'primary';
      mirroringStopped: boolean;
    }
  | {
      kind: 'promotion-started';
      target: EventObjectName;
      primary: EventObjectName;
    }
  | {
      kind: 'promotion-completed';
      target: EventObjectName;
      analysisSkipped: boolean;
    }
  | { kind: 'promotion-failed'; target: EventObjectName; error: string }
  | {
      kind: 'rollback';
      canary: EventObjectName;
      reason: 'failed-checks' | 'progress-deadline' | 'manual-webhook';
      failedChecks?: number;
      error?: string;
    }
  | { kind: 'rollback-hook-idle'; webhook: string }
  | { kind: 'failed'; canary: EventObjectName }
  | {
      kind: 'webhook-failed';
      hook: 'post-rollout';
      webhook: string;
      error: string;
    }
  | {
      kind: 'metric-error';
      reason:
        | 'template'
        | 'template-secret'
        | 'template-provider'
        | 'template-render'
        | 'query-failed'
        | 'no-usable-metric'
        | 'prometheus-client'
        | 'knative-service';
      template?: EventObjectName;
      metric?: string;
      detail?: string;
      error?: string;
    }
  | {
      kind: 'readiness-warning';
      workload: 'canary' | 'primary' | 'deployment';
      name: string;
      namespace?: string;
      detail: string;
      updatedReplicas?: number;
      desiredReplicas?: number;
      pendingTermination?: number;
      availableReplicas?: number;
      readyThreshold?: number;
    }
  | {
      kind: 'provider-warning';
      warning:
        | 'ab-testing-not-supported'
        | 'progressive-not-supported'
        | 'iterations-forced';
    }
  | { kind: 'terminating' | 'terminated'; canary: EventObjectName }
  | {
      kind: 'error';
      error: string;
      workloadKind?: string;
      target?: EventObjectName;
    }
  | { kind: 'unknown' };

/**
 * One entry of a canary timeline, parsed from a Flagger event message.
 *
 * @public
 */
export type TimelineEntry = TimelineEntryDetails & {
  /** Id of the Flagger template the message matched, or `unknown`. */
  template: string;
  /** The message without the event correlator's `(combined from similar events): ` prefix. */
  message: string;
  /** Whether the Kubernetes event correlator combined similar events into this one. */
  combined: boolean;
  /** `Warning` or `Normal`, from the event when known, else from the template. */
  eventType?: 'Normal' | 'Warning';
  /** When the event happened, when known (ISO 8601). */
  timestamp?: string;
};
