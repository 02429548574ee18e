import type { RolloutRevision } from './rolloutTypes';
import type { RolloutState } from '../rollout/rolloutState';

/**
 * A promote asked through the plugin that Flagger has not acted on yet.
 *
 * @public
 */
export type PendingPromote = {
  kind: 'promote';
  /** Who asked, as an entity or service ref. */
  actor: string;
  requestedAt: string;
  /** Flagger's analysis interval: it acts at its next check. */
  intervalMs: number;
  /** A Kurator-managed canary: Kurator re-renders it first (up to ~30 s). */
  kurator: boolean;
  /** When it takes effect at the latest: the request plus an interval (and Kurator's re-render). */
  takesEffectBy: string;
};

/**
 * A new revision of the target workload that Flagger has not started a run for yet: the
 * workload's images differ from those of the canary's last applied revision.
 *
 * @public
 */
export type PendingNewRevision = {
  kind: 'new-revision';
  /** The images of the workload now. */
  images: string[];
  /** The images of the last run. */
  previousImages: string[];
  /** Flagger's analysis interval: the run starts at its next check. */
  intervalMs: number;
};

/**
 * Something asked or detected that takes effect at Flagger's next check.
 *
 * @public
 */
export type PendingRolloutChange = PendingPromote | PendingNewRevision;

/**
 * The canary's current (or last) run, as recorded: for the run's elapsed time.
 *
 * @public
 */
export type RolloutRunInfo = {
  /** The run's number within its canary (`#3`). */
  number: number;
  startedAt: string;
  endedAt?: string;
};

/**
 * The last state recorded of a canary whose cluster cannot be read now.
 *
 * @public
 */
export type RecordedRolloutState = {
  state: RolloutState;
  revision?: RolloutRevision;
  lastTransitionTime?: string;
  /** When the recorder last stored a change of the canary. */
  recordedAt: string;
  /** When the backend last heard from the cluster, when it watches it. */
  unreachableSince?: string;
};
