import { isRunPhase } from '../model/canaryPhases';
import type { RolloutState } from './rolloutState';

/**
 * How long a run has taken and, from its plan, about how long it has left.
 *
 * @public
 */
export type RunClock = {
  /** Since the run started. */
  elapsedMs: number;
  /** Steps of the plan still to go (the promotion counts as one). */
  stepsLeft: number;
  /**
   * About how long the run has left without failures: the steps left times the analysis interval,
   * less the time already spent on the current step. Absent while it waits at a gate or is paused,
   * when no one can tell.
   */
  remainingMs?: number;
  /** Why there is no estimate. */
  noEstimate?: 'waiting-for-approval' | 'paused';
  intervalMs: number;
};

/**
 * The run clock of a canary in a run phase, from the run's start, its plan and its progress; none
 * when no run is in progress or its start is unknown.
 *
 * @public
 */
export function runClock(options: {
  state: Pick<RolloutState, 'phase' | 'plan' | 'progress' | 'suspended'>;
  startedAt?: string;
  /** The canary's last transition: the current step started then. */
  lastTransitionTime?: string;
  now: number;
}): RunClock | undefined {
  const { state, now } = options;
  if (!isRunPhase(state.phase) || !options.startedAt) return undefined;
  const started = Date.parse(options.startedAt);
  if (Number.isNaN(started)) return undefined;
  const intervalMs = state.plan.intervalMs;
  const total = state.progress?.totalSteps ?? state.plan.steps.length;
  const completed = state.progress?.completedSteps ?? 0;
  const stepsLeft = Math.max(0, total - completed);
  const clock: RunClock = {
    elapsedMs: Math.max(0, now - started),
    stepsLeft,
    intervalMs,
  };
  if (state.suspended) return { ...clock, noEstimate: 'paused' };
  if (state.phase === 'Waiting' || state.phase === 'WaitingPromotion') {
    return { ...clock, noEstimate: 'waiting-for-approval' };
  }
  const transition = options.lastTransitionTime
    ? Date.parse(options.lastTransitionTime)
    : NaN;
  const onStepMs = Number.isNaN(transition)
    ? 0
    : Math.min(Math.max(0, now - transition), intervalMs);
  return {
    ...clock,
    remainingMs: Math.max(0, stepsLeft * intervalMs - onStepMs),
  };
}
