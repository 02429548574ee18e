import {
  type CurrentPolicy,
  type KuratorRolloutConfig,
  parseFlaggerCanary,
  parseKuratorRollout,
  type PolicyIssue,
  type RolloutPolicy,
  validateRolloutPolicy,
} from '@backstage-canary/plugin-canary-common';
import type { FoundPolicies } from './PolicyFinder';

const warning = (path: string, message: string): PolicyIssue => ({
  path,
  message,
  severity: 'warning',
});

/** A policy without `gates.token`: reads never return a gate secret. */
function withoutGateSecret(policy: RolloutPolicy): RolloutPolicy {
  if (!policy.gates || policy.gates.token === undefined) return policy;
  const { token: _secret, ...gates } = policy.gates;
  return { ...policy, gates };
}

/**
 * Reads each place that holds a rollout policy of the entity into the provider-neutral model,
 * with what reading lost or converted and what validation says about the policy as it is now.
 */
export function readCurrentPolicies(found: FoundPolicies): CurrentPolicy[] {
  const items: CurrentPolicy[] = [];
  for (const { source } of found.kurator?.policies ?? []) {
    const rollout = found.kurator!.application.spec.syncPolicies[
      source.policyIndex
    ].rollout as KuratorRolloutConfig;
    const policy = parseKuratorRollout(rollout);
    items.push({
      source,
      policy,
      warnings: [],
      issues: validateRolloutPolicy(policy, 'kurator'),
    });
  }
  for (const native of found.native) {
    const parsed = parseFlaggerCanary(native.canary, native.metricTemplates);
    // Validated as the cluster holds it; returned without the gate secret, which stays there.
    const issues = validateRolloutPolicy(parsed.policy, 'flagger');
    const secretSet = parsed.policy.gates?.token !== undefined;
    const policy = withoutGateSecret(parsed.policy);
    const warnings: PolicyIssue[] = [
      ...(secretSet
        ? [
            warning(
              'gates.token',
              'The gate secret is not shown. A policy applied from here needs gates.token again: the current secret, or a new one from POST .../gates/rotate-secret.',
            ),
          ]
        : []),
      ...parsed.dropped.map(path =>
        warning(
          path,
          `${path} is not carried by the rollout policy model: a policy applied from here drops it.`,
        ),
      ),
      ...parsed.notes.map(note => warning(note.split(':')[0], note)),
      ...native.missingTemplates.map(ref =>
        warning(
          'analysis.metrics',
          `MetricTemplate ${ref} could not be read on ${native.source.cluster}: its metric has no query here.`,
        ),
      ),
    ];
    items.push({
      source: native.source,
      policy,
      warnings,
      issues,
    });
  }
  return items;
}
