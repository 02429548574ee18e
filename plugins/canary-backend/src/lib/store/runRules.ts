import {
  CANARY_PHASE,
  isInitializingPhase,
  isRunPhase,
  type RunOutcome,
  runOutcomeOf,
} from '@backstage-canary/plugin-canary-common';

/**
 * Which run of a canary an observation belongs to, and what it does to the runs: a run is one
 * revision's journey, from the first active phase seen for it until the phase that ends it.
 * Pure rules; `trackRun` (runTracking.ts) reads the recorded runs and applies the plan.
 */

/** What decides the run of an observed canary status. */
export type RunSight = {
  phase: string;
  /** `status.lastAppliedSpec`. */
  revision: string;
  /** `status.lastPromotedSpec`. */
  promoted?: string;
  /** `status.lastTransitionTime`, else when it was observed. */
  at: Date;
};

/** A recorded run. */
export type KnownRun = {
  id: number;
  revision: string;
  startedAt: Date;
  endedAt?: Date;
};

/** The recorded runs of the canary that decide where a sight belongs. */
export type KnownRuns = {
  /** The newest run. */
  latest?: KnownRun;
  /** The newest run is open and has only been Waiting (held at the confirm-rollout gate). */
  latestOnlyWaited: boolean;
  /** The newest run of the sight's revision whose span holds the sight's time. */
  own?: KnownRun;
  /** A run that ended exactly at the sight's time. */
  endedThen?: KnownRun;
  /** The newest run whose span holds the sight's time, whatever its revision. */
  spanning?: KnownRun;
};

/** What a sight does to the runs. Every change happens at the sight's time. */
export type RunPlan = {
  /** The recorded run the sight belongs to. */
  run?: number;
  /** The run takes the sight's revision. */
  adopt?: boolean;
  /** The run ends with this outcome. */
  end?: RunOutcome;
  /** This open run ends without an outcome (superseded, or its canary was created again). */
  supersede?: number;
  /** A run of the sight's revision opens (and ends at once when it has an outcome). */
  open?: { outcome?: RunOutcome };
};

/**
 * The plan for one sight of a canary:
 * - an active phase of a revision without a run opens one, ending the open run of another
 *   revision as superseded;
 * - Succeeded or Failed ends the run of its revision; seen for another revision than the previous
 *   run's, at a time no run ended at, it is a run the recorder missed entirely (started and ended
 *   then);
 * - Failed is sticky: Flagger re-syncs `lastAppliedSpec` of a failed canary to its target and keeps
 *   the failure's time, so Failed at the time a run ended (or while a run is open) belongs to that
 *   run, and a target reverted to the promoted spec opens nothing;
 * - Initializing/Initialized opens nothing (the canary was created again: its open run is over);
 * - Waiting held at the confirm-rollout gate still names the promoted revision: the run that only
 *   waited takes the revision it then rolls out;
 * - a sight older than the newest run (a replay) changes nothing and belongs to the run of its time.
 */
export function planRun(sight: RunSight, known: KnownRuns): RunPlan {
  const { phase, revision, at } = sight;
  const { latest, own } = known;
  const open = latest && !latest.endedAt ? latest : undefined;
  const byTime: RunPlan = { run: known.spanning?.id };
  const outcome = runOutcomeOf(phase);
  const active = isRunPhase(phase);
  // Not before the open run started, or the newest run ended: a new state, not a replay.
  const newer =
    !latest || at.getTime() >= (latest.endedAt ?? latest.startedAt).getTime();

  if (isInitializingPhase(phase)) {
    return open && at > open.startedAt ? { supersede: open.id } : byTime;
  }
  if (!revision || (!active && !outcome)) return byTime;
  if (
    open &&
    known.latestOnlyWaited &&
    open.revision !== revision &&
    at >= open.startedAt
  ) {
    return { run: open.id, adopt: true, end: outcome };
  }
  if (own) {
    return { run: own.id, end: own.endedAt ? undefined : outcome };
  }
  if (active) return newer ? { supersede: open?.id, open: {} } : byTime;

  if (known.endedThen) return { run: known.endedThen.id };
  if (outcome === CANARY_PHASE.Failed && open && at >= open.startedAt) {
    return { run: open.id, end: CANARY_PHASE.Failed };
  }
  const reverted =
    outcome === CANARY_PHASE.Failed && revision === sight.promoted;
  if (reverted || revision === latest?.revision || !newer) return byTime;
  return { supersede: open?.id, open: { outcome } };
}
