import type { ClusterProblem } from './RolloutTarget';

/** Describes an error raised while talking to a cluster, for a per-cluster answer. */
export function toClusterProblem(
  cluster: string,
  error: unknown,
): ClusterProblem {
  const err = error instanceof Error ? error : new Error(String(error));
  return { cluster, name: err.name, message: err.message };
}
