import {
  type CurrentPolicy,
  type KuratorRolloutConfig,
  parseFlaggerCanary,
  parseKuratorRollout,
  type PolicyIssue,
  validateRolloutPolicy,
} from '@backstage-canary/plugin-canary-common';
import type { FoundPolicies } from './PolicyFinder';

const warning = (path: string, message: string): PolicyIssue => ({
  path,
  message,
  severity: 'warning',
});

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
    const warnings: PolicyIssue[] = [
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
      policy: parsed.policy,
      warnings,
      issues: validateRolloutPolicy(parsed.policy, 'flagger'),
    });
  }
  return items;
}
