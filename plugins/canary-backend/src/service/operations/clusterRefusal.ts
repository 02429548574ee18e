import { AuthenticationError, NotAllowedError } from '@backstage/errors';
import type { CanaryRef } from '@backstage-canary/plugin-canary-common';
import type { EntityRollouts } from '../../lib/resolve/RolloutTarget';

/**
 * The cluster's own refusal of the caller for a canary, if the entity's read met one: a cluster
 * with client-side auth answers the user's token with 401 or 403 under its own RBAC. Returned as
 * the same error (naming the cluster and whom it refused), so an action on a canary the user may
 * not touch there is refused as such rather than reported as not found.
 */
export function clusterRefusal(
  rollouts: EntityRollouts,
  canary: CanaryRef,
): Error | undefined {
  const problems = [
    ...rollouts.errors,
    ...rollouts.rollouts
      .filter(
        r =>
          r.cluster === canary.cluster &&
          r.namespace === canary.namespace &&
          r.name === canary.name,
      )
      .flatMap(r => (r.error ? [r.error] : [])),
  ].filter(p => p.cluster === canary.cluster);
  for (const problem of problems) {
    if (problem.name === NotAllowedError.name) {
      return new NotAllowedError(problem.message);
    }
    if (problem.name === AuthenticationError.name) {
      return new AuthenticationError(problem.message);
    }
  }
  return undefined;
}
