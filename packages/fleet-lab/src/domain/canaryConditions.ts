/*
 * The `Promoted` condition Flagger writes per phase (pkg/canary/status.go MakeStatusConditions).
 * Local to the lab; a candidate for plugin-canary-common.
 */
import type { CanaryPhase } from '@backstage-canary/plugin-canary-common';

export type PromotedCondition = {
  type: 'Promoted';
  status: 'True' | 'False' | 'Unknown';
  lastUpdateTime: string;
  lastTransitionTime: string;
  reason: string;
  message: string;
};

/** Status and message of the `Promoted` condition for a phase; `kind` is targetRef.kind. */
export function promotedConditionFor(
  phase: CanaryPhase,
  kind: string,
): { status: PromotedCondition['status']; message: string } {
  switch (phase) {
    case 'Initializing':
      return {
        status: 'Unknown',
        message: `New ${kind} detected, starting initialization.`,
      };
    case 'Initialized':
      return { status: 'True', message: `${kind} initialization completed.` };
    case 'Waiting':
    case 'WaitingPromotion':
      return { status: 'Unknown', message: 'Waiting for approval.' };
    case 'Progressing':
      return {
        status: 'Unknown',
        message: 'New revision detected, progressing canary analysis.',
      };
    case 'Promoting':
      return {
        status: 'Unknown',
        message: 'Canary analysis completed, starting primary rolling update.',
      };
    case 'Finalising':
      return {
        status: 'Unknown',
        message: 'Canary analysis completed, routing all traffic to primary.',
      };
    case 'Succeeded':
      return {
        status: 'True',
        message: 'Canary analysis completed successfully, promotion finished.',
      };
    case 'Failed':
      return {
        status: 'False',
        message: `Canary analysis failed, ${kind} scaled to zero.`,
      };
    default:
      return { status: 'Unknown', message: '' };
  }
}

/**
 * The conditions to write for a phase, or undefined when the current condition already has the same
 * status and reason (Flagger then leaves the conditions alone). The transition time is kept when
 * only the reason changes.
 */
export function makeStatusConditions(
  current: PromotedCondition[] | undefined,
  phase: CanaryPhase,
  kind: string,
  now: string,
): PromotedCondition[] | undefined {
  const { status, message } = promotedConditionFor(phase, kind);
  const existing = current?.find(c => c.type === 'Promoted');
  if (existing && existing.status === status && existing.reason === phase) {
    return undefined;
  }
  return [
    {
      type: 'Promoted',
      status,
      lastUpdateTime: now,
      lastTransitionTime:
        existing && existing.status === status
          ? existing.lastTransitionTime
          : now,
      reason: phase,
      message,
    },
  ];
}

/** `metav1.Now()` as the API serialises it (RFC 3339, whole seconds). */
export function kubeNow(date: Date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
