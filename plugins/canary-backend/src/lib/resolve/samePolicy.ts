import type { FoundRollout } from './RolloutTarget';

/** The rollouts a Kurator policy change affects: every cluster of the same policy. */
export function samePolicy(
  rollouts: FoundRollout[],
  rollout: FoundRollout,
): FoundRollout[] {
  if (!rollout.kurator) return [rollout];
  const { application, policyIndex } = rollout.kurator;
  return rollouts.filter(
    r =>
      r.kurator &&
      r.kurator.application.namespace === application.namespace &&
      r.kurator.application.name === application.name &&
      r.kurator.policyIndex === policyIndex,
  );
}
