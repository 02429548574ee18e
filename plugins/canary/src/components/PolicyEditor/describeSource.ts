import type { CurrentPolicy } from '@backstage-canary/plugin-canary-common';
import type { KuratorPlacement } from './policyYaml';

/**
 * Where a current policy lives, in words: "Kurator Application default/app, policy 0 (host)" or
 * "Flagger Canary test/podinfo on cluster-a".
 */
export function describePolicySource(item: CurrentPolicy): string {
  const s = item.source;
  if (s.target === 'kurator') {
    return `Kurator Application ${s.application.namespace}/${s.application.name}, policy ${s.policyIndex} (${s.policyName})`;
  }
  return `Flagger Canary ${s.namespace}/${s.name} on ${s.cluster}`;
}

/** Where a Kurator rollout block goes, from a current policy's source. */
export function kuratorPlacement(
  item: CurrentPolicy | undefined,
): KuratorPlacement {
  if (!item || item.source.target !== 'kurator') return {};
  const { application, policyIndex } = item.source;
  return {
    application: `${application.namespace}/${application.name}`,
    policyIndex,
  };
}

/** The clusters a current policy reaches: the Kurator members, or the Canary's cluster. */
export function sourceClusters(item: CurrentPolicy | undefined): string[] {
  if (!item) return [];
  return item.source.target === 'kurator'
    ? item.source.clusters
    : [item.source.cluster];
}
