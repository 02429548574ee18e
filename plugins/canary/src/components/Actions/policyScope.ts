import type {
  RolloutActionAvailability,
  RolloutSummary,
} from '@backstage-canary/plugin-canary-common';

/** The lanes of one Kurator sync policy: an action on one acts on them all. */
export type PolicyGroup = {
  key: string;
  /** `webapp/backend`: the Application's namespace and name. */
  application: string;
  policyIndex: number;
  policyName: string;
  lanes: RolloutSummary[];
};

/** The key of a lane's Kurator sync policy; undefined for a native canary. */
export function policyKeyOf(rollout: RolloutSummary): string | undefined {
  const k = rollout.kurator;
  return k
    ? `${k.hostCluster}/${k.application.namespace}/${k.application.name}/${k.policyIndex}`
    : undefined;
}

/** Groups the Kurator lanes by sync policy, in the order the lanes come. */
export function policyGroups(items: RolloutSummary[]): PolicyGroup[] {
  const groups = new Map<string, PolicyGroup>();
  for (const rollout of items) {
    const key = policyKeyOf(rollout);
    if (!key || !rollout.kurator) continue;
    const group = groups.get(key) ?? {
      key,
      application: `${rollout.kurator.application.namespace}/${rollout.kurator.application.name}`,
      policyIndex: rollout.kurator.policyIndex,
      policyName: rollout.kurator.policyName,
      lanes: [],
    };
    group.lanes.push(rollout);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** Members of the policy whose lane cannot be read right now. */
export function unreachableMembers(group: PolicyGroup): string[] {
  return group.lanes.filter(l => !l.found || l.error).map(l => l.cluster);
}

/** The lane an action of the policy is sent through: the first one that can be read. */
export function actingLane(group: PolicyGroup): RolloutSummary | undefined {
  return group.lanes.find(l => l.found && !l.error);
}

/** The scope of a policy's actions, in the words of the callout and the confirmation. */
export function policyScopeText(group: PolicyGroup): {
  scope: string;
  unreachable?: string;
} {
  const members = group.lanes.map(l => l.cluster);
  const down = unreachableMembers(group);
  return {
    scope: `Acts on Application ${group.application}, policy ${
      group.policyIndex
    }: ${members.join(', ')}`,
    unreachable: down.length
      ? `${down.join(', ')} ${
          down.length === 1 ? 'is' : 'are'
        } unreachable right now: the policy change reaches ${
          down.length === 1 ? 'it' : 'them'
        } when ${down.length === 1 ? 'it comes' : 'they come'} back.`
      : undefined,
  };
}

/**
 * The actions worth showing: one that can never apply to the rollout's route is hidden rather than
 * greyed. A Kurator-managed canary cannot express confirm gates, so Approve never applies to it;
 * an action that applies but not now stays, disabled with its reason.
 */
export function visibleActions(
  rollout: RolloutSummary,
): RolloutActionAvailability[] {
  const actions = rollout.actions ?? [];
  if (!rollout.kurator) return actions;
  return actions.filter(a => a.action !== 'approve' || a.possible);
}
