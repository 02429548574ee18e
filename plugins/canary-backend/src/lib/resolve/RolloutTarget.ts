import type {
  Application,
  Canary,
  ClusterProblem,
  KuratorOrigin,
  RolloutBinding,
  RolloutSource,
} from '@backstage-canary/plugin-canary-common';

export type { ClusterProblem, KuratorOrigin, RolloutSource };

/** One canary of an entity on one cluster. */
export type RolloutTarget = {
  /** Backstage cluster name. */
  cluster: string;
  namespace: string;
  name: string;
  source: RolloutSource;
  kurator?: KuratorOrigin;
};

/** A canary found for an entity, or the reason it could not be read on its cluster. */
export type FoundRollout = RolloutTarget & {
  /** Absent when the canary does not exist (yet) on the cluster, or could not be read. */
  canary?: Canary;
  /** Why the canary could not be read on this cluster. */
  error?: ClusterProblem;
  /**
   * The canary as last recorded, for a lane whose cluster cannot be read now: it binds the lane
   * (read-only) and says where it was; its state comes from the history.
   */
  recordedCanary?: Canary;
  /** The Kurator Application that renders the canary, for Kurator-managed ones. */
  application?: Application;
  /** Whether the cluster side binds the rollout to the entity (set by the finder). */
  binding?: RolloutBinding;
};

/** Every rollout of an entity across the clusters, with the clusters that failed. */
export type EntityRollouts = {
  rollouts: FoundRollout[];
  /** Failures that are not tied to one canary (a host cluster or a member that cannot be listed). */
  errors: ClusterProblem[];
};
