import type {
  RolloutActionAvailability,
  RolloutState,
  StrategyReading,
} from '@backstage-canary/plugin-canary-common';
import type {
  ClusterProblem,
  KuratorOrigin,
  RolloutSource,
} from '../resolve/RolloutTarget';

/** The revision a canary is rolling out: the target workload's images. */
export type RolloutRevision = {
  images: string[];
  /** Hash of the canary's last applied spec (Flagger's revision identity). */
  lastAppliedSpec?: string;
  lastPromotedSpec?: string;
};

/** One rollout of an entity on one cluster, in domain terms. */
export type RolloutSummary = {
  cluster: string;
  namespace: string;
  name: string;
  source: RolloutSource;
  kurator?: KuratorOrigin;
  /** False when the canary does not exist (yet) on the cluster, e.g. Kurator has not rendered it. */
  found: boolean;
  /** Why this cluster could not be read; the other clusters still answer. */
  error?: ClusterProblem;
  state?: RolloutState;
  strategy?: StrategyReading;
  revision?: RolloutRevision;
  lastTransitionTime?: string;
  /** Failed checks of the current run against the rollback threshold. */
  failedChecks?: { count: number; threshold: number };
  actions?: RolloutActionAvailability[];
};

/** The rollouts of an entity across the fleet. */
export type EntityRolloutsResponse = {
  entityRef: string;
  items: RolloutSummary[];
  /** Failures not tied to one canary (a host cluster or a cluster that could not be listed). */
  errors: ClusterProblem[];
  /** A one-line summary, e.g. "2 of 3 clusters promoted, 1 waiting for approval". */
  summary: string;
};
