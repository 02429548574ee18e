import { CANARY_PHASE, isRunPhase } from '../../model/canaryPhases';
import type { PendingRolloutChange } from '../../api/rolloutContextTypes';
import { diagnosisContext } from './diagnosisContext';
import {
  checksFailing,
  metricNoData,
  metricQueryFailed,
  webhookFailing,
  workloadNotReady,
} from './eventCauses';
import {
  clusterUnreachable,
  controllerSilent,
  gateClosed,
  kuratorNotRendered,
  suspended,
} from './stateCauses';
import {
  type DiagnosedCause,
  type DiagnosisInput,
  type RolloutDiagnosis,
  STUCK_CAUSES,
} from './types';

const RULES = [
  clusterUnreachable,
  suspended,
  controllerSilent,
  kuratorNotRendered,
  workloadNotReady,
  webhookFailing,
  metricQueryFailed,
  metricNoData,
  checksFailing,
  gateClosed,
];

/**
 * Whether a canary is meant to move: a run in progress, Flagger initializing it, or a change asked
 * or detected that has not taken effect. Only such a canary can be stuck.
 *
 * @public
 */
export function expectsMovement(
  phase: string | undefined,
  pending?: PendingRolloutChange,
): boolean {
  return (
    isRunPhase(phase) ||
    phase === CANARY_PHASE.Initializing ||
    pending !== undefined
  );
}

function headline(causes: DiagnosedCause[]): string {
  if (!causes.length) return 'Moving as its policy says';
  const [first] = causes;
  if (first.cause === 'gate-closed') return first.title;
  const more = causes.length > 1 ? ` (and ${causes.length - 1} more)` : '';
  return `Stuck: ${first.title}${more}`;
}

/**
 * "Why is it stuck": for a canary meant to move (a run in progress, or a change asked and not yet
 * taken), whether it moves as its policy says and, when not, each cause with its evidence and the
 * fix, most decisive first. Reads what Flagger reports (its events of the last few analysis
 * intervals, the canary's status), the cluster's freshness and what is pending; nothing is asked
 * of a cluster. Undefined for a canary at rest (nothing to roll out).
 *
 * @public
 */
export function diagnoseRollout(
  input: DiagnosisInput,
): RolloutDiagnosis | undefined {
  if (!expectsMovement(input.canary.status?.phase, input.pending)) {
    return undefined;
  }
  const context = diagnosisContext(input);
  const causes = RULES.flatMap(rule => rule(context) ?? [])
    .filter((cause): cause is DiagnosedCause => cause !== undefined)
    .sort(
      (a, b) => STUCK_CAUSES.indexOf(a.cause) - STUCK_CAUSES.indexOf(b.cause),
    );
  return {
    moving: causes.length === 0,
    headline: headline(causes),
    causes,
  };
}
