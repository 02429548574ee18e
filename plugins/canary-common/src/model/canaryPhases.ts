/**
 * What Flagger's phases mean for a run, in one place: every package asks these predicates instead
 * of keeping its own phase lists. A run is one revision's journey: it is in progress from the
 * revision's detection (Waiting at a confirm-rollout gate, or Progressing) until Flagger finalises
 * its promotion, and ends Succeeded or Failed.
 */

import type { CanaryPhase } from './canary';

/**
 * The name of each Flagger phase, to compare a phase with one of them (`CANARY_PHASE.Failed`)
 * instead of spelling it: outside this package a phase name is never a string literal.
 *
 * @public
 */
export const CANARY_PHASE = {
  Initializing: 'Initializing',
  Initialized: 'Initialized',
  Waiting: 'Waiting',
  Progressing: 'Progressing',
  WaitingPromotion: 'WaitingPromotion',
  Promoting: 'Promoting',
  Finalising: 'Finalising',
  Succeeded: 'Succeeded',
  Failed: 'Failed',
  Terminating: 'Terminating',
  Terminated: 'Terminated',
} as const satisfies { [P in Exclude<CanaryPhase, ''>]: P };

/**
 * The phases of a canary (re)created: Flagger initializes its primary and rolls nothing out, so
 * they are not a run.
 *
 * @public
 */
export const INITIALIZING_PHASES = ['Initializing', 'Initialized'] as const;

/**
 * The phases of a run in progress.
 *
 * @public
 */
export const RUN_PHASES = [
  'Waiting',
  'Progressing',
  'WaitingPromotion',
  'Promoting',
  'Finalising',
] as const;

/**
 * How a run ends.
 *
 * @public
 */
export type RunOutcome = 'Succeeded' | 'Failed';

/**
 * The phases in which Flagger analyses the canary (metrics and webhooks run, the weight moves):
 * the only phases a promote, abort or gate approval can act on.
 *
 * @public
 */
export const ANALYSIS_PHASES = ['Progressing', 'WaitingPromotion'] as const;

/**
 * The phases in which a run waits for someone's approval at a gate.
 *
 * @public
 */
export const APPROVAL_PHASES = ['Waiting', 'WaitingPromotion'] as const;

const includes = (phases: readonly string[], phase: string | undefined) =>
  phase !== undefined && phases.includes(phase);

/**
 * Whether a run is in progress in this phase.
 *
 * @public
 */
export function isRunPhase(phase: string | undefined): boolean {
  return includes(RUN_PHASES, phase);
}

/**
 * The outcome a phase ends a run with, if it ends one.
 *
 * @public
 */
export function runOutcomeOf(
  phase: string | undefined,
): RunOutcome | undefined {
  return phase === 'Succeeded' || phase === 'Failed' ? phase : undefined;
}

/**
 * Whether Flagger initializes the canary in this phase (no run: the canary was created again).
 *
 * @public
 */
export function isInitializingPhase(phase: string | undefined): boolean {
  return includes(INITIALIZING_PHASES, phase);
}

/**
 * Whether Flagger analyses the canary in this phase.
 *
 * @public
 */
export function isAnalysisPhase(phase: string | undefined): boolean {
  return includes(ANALYSIS_PHASES, phase);
}

/**
 * Whether a run waits for an approval in this phase.
 *
 * @public
 */
export function isApprovalPhase(phase: string | undefined): boolean {
  return includes(APPROVAL_PHASES, phase);
}
