import {
  buildKuratorSyncPolicy,
  renderFlaggerCanary,
  type PolicyTarget,
  type RolloutPolicy,
  writeManifestsYaml,
} from '@backstage-canary/plugin-canary-common';

/** Where a Kurator rollout block goes, for the comment above the YAML. */
export type KuratorPlacement = {
  application?: string;
  policyIndex?: number;
};

/**
 * The YAML the editor applies or hands over for a GitOps commit: the `rollout` block of a Kurator
 * Application sync policy, or a native Flagger Canary plus its MetricTemplates.
 */
export function renderPolicyYaml(
  policy: RolloutPolicy,
  target: PolicyTarget,
  placement: KuratorPlacement = {},
): string {
  if (target === 'kurator') {
    const where = placement.application
      ? `# Kurator Application ${placement.application}, spec.syncPolicies[${
          placement.policyIndex ?? 0
        }]\n`
      : '# Goes under spec.syncPolicies[] of a Kurator Application\n';
    return `${where}${writeManifestsYaml([
      buildKuratorSyncPolicy({ policy }),
    ])}`;
  }
  const { canary, metricTemplates } = renderFlaggerCanary(policy);
  return writeManifestsYaml([canary, ...metricTemplates]);
}

/** The file name the YAML downloads as. */
export function policyFileName(
  policy: RolloutPolicy,
  target: PolicyTarget,
): string {
  const name = policy.workload?.name || 'rollout';
  return `${name}-${target === 'kurator' ? 'kurator-rollout' : 'canary'}.yaml`;
}
