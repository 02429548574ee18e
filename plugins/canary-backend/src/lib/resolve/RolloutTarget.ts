import type {
  Application,
  Canary,
} from '@backstage-canary/plugin-canary-common';

/** How a rollout was found for an entity. */
export type RolloutSource = 'kurator' | 'annotation' | 'label';

/** Where a Kurator-managed canary comes from. */
export type KuratorOrigin = {
  /** Backstage name of the fleet's host cluster. */
  hostCluster: string;
  application: { namespace: string; name: string };
  fleet: string;
  policyName: string;
  policyIndex: number;
  /** The member's name in the fleet (its Kurator cluster name). */
  kuratorCluster: string;
};

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
  /** The Kurator Application that renders the canary, for Kurator-managed ones. */
  application?: Application;
};

/** A per-cluster failure: the rest of the fleet still answers. */
export type ClusterProblem = {
  cluster: string;
  /** The `@backstage/errors` name, e.g. `NotAllowedError`, `ServiceUnavailableError`. */
  name: string;
  message: string;
};

/** Every rollout of an entity across the clusters, with the clusters that failed. */
export type EntityRollouts = {
  rollouts: FoundRollout[];
  /** Failures that are not tied to one canary (a host cluster or a member that cannot be listed). */
  errors: ClusterProblem[];
};
