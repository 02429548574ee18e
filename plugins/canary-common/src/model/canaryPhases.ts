/**
 * What Flagger's phases mean for a run, in one place: every package asks these predicates instead
 * of keeping its own phase lists. A run is one revision's journey: it is in progress from the
 * revision's detection (Waiting at a confirm-rollout gate, or Progressing) until Flagger finalises
 * its promotion, and ends Succeeded or Failed.
 */

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
