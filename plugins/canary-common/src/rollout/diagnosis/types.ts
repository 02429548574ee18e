import type { ClusterFreshness, TimelineItem } from '../../api/rolloutTypes';
import type { PendingRolloutChange } from '../../api/rolloutContextTypes';
import type { Canary } from '../../model/canary';

/**
 * Why a rollout does not move as its policy says it should.
 *
 * - `cluster-unreachable`: the backend cannot reach the canary's cluster; what is shown is old.
 * - `suspended`: `spec.suspend` is set; Flagger skips the canary.
 * - `gate-closed`: a confirm-rollout or confirm-promotion gate waits for an approval.
 * - `metric-no-data`: a metric's query returns no values, so Flagger halts each check.
 * - `metric-query-failed`: a metric's query or template cannot be run.
 * - `webhook-failing`: a pre-rollout or rollout webhook answers an error, so Flagger halts.
 * - `checks-failing`: metrics are out of range: the analysis is failing the canary.
 * - `workload-not-ready`: the canary (or primary) Deployment has not got its replicas ready.
 * - `kurator-not-rendered`: Kurator has not rendered a change of the Application to this member.
 * - `controller-silent`: no Flagger event or status change for several intervals: its controller
 *   may not be running.
 *
 * @public
 */
export type StuckCause =
  | 'cluster-unreachable'
  | 'suspended'
  | 'gate-closed'
  | 'metric-no-data'
  | 'metric-query-failed'
  | 'webhook-failing'
  | 'checks-failing'
  | 'workload-not-ready'
  | 'kurator-not-rendered'
  | 'controller-silent';

/**
 * Every {@link StuckCause}, most decisive first: the order causes are listed in.
 *
 * @public
 */
export const STUCK_CAUSES = [
  'cluster-unreachable',
  'suspended',
  'controller-silent',
  'kurator-not-rendered',
  'workload-not-ready',
  'webhook-failing',
  'metric-query-failed',
  'metric-no-data',
  'checks-failing',
  'gate-closed',
] as const satisfies readonly StuckCause[];

/**
 * One reason a rollout does not move, with what shows it and what to do.
 *
 * @public
 */
export type DiagnosedCause = {
  cause: StuckCause;
  /** One sentence, e.g. "request-success-rate returned no data for 3 checks". */
  title: string;
  /** What shows it: events, counts, times, as sentences. */
  evidence: string[];
  /** What to check or do, e.g. "Is traffic reaching backend-canary? Query: ...". */
  fix: string;
  /** Since when it holds, as far as the history tells (ISO 8601). */
  since?: string;
  /** The metric or webhook it is about. */
  subject?: string;
  /** The metric's query, for metric causes. */
  query?: string;
};

/**
 * Whether a rollout moves as its policy says it should and, when it does not, why: "why is it
 * stuck", computed from the canary, its recent history, the freshness of its cluster and what is
 * pending.
 *
 * @public
 */
export type RolloutDiagnosis = {
  /** False when the rollout does not move on its own: see `causes`. */
  moving: boolean;
  /** One sentence for the top of a lane, e.g. "Stuck: request-success-rate returns no data". */
  headline: string;
  /** The causes found, most decisive first; empty when it moves. */
  causes: DiagnosedCause[];
};

/**
 * What a diagnosis reads.
 *
 * @public
 */
export type DiagnosisInput = {
  canary: Canary;
  /** Recent history of the canary's current run (transitions, events, actions), any order. */
  items: TimelineItem[];
  /** How current the answer about the canary's cluster is. */
  freshness?: ClusterFreshness;
  /** A change asked or detected that has not taken effect yet. */
  pending?: PendingRolloutChange;
  /** When the current run started, if recorded (ISO 8601). */
  runStartedAt?: string;
  /** Now, in ms since the epoch (default `Date.now()`). */
  now?: number;
};
