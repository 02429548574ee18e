import {
  type Application,
  type PolicyIssue,
  type PolicyManifest,
  type PolicyObject,
  renderKuratorSyncPolicy,
  replaceKuratorRollout,
  type RolloutPolicy,
  writeManifestsYaml,
} from '@backstage-canary/plugin-canary-common';
import {
  backstageClusterName,
  type ClusterNaming,
} from '../config/CanaryConfig';
import type { FoundKuratorApplication } from './PolicyFinder';
import { PolicyInputError, requestIssue } from './PolicyInputError';
import { stripServerFields } from './objectDiff';
import type { PlannedClusterChange, PolicyPlan } from './PolicyPlan';

/**
 * The sync policy a Kurator policy replaces: the one named by `policyIndex`, else the rollout of
 * the same workload, else the only rollout (or the only sync policy).
 */
export function selectSyncPolicy(
  application: Application,
  policy: RolloutPolicy,
  policyIndex: number | undefined,
): number {
  const syncPolicies = application.spec.syncPolicies;
  const name = `${application.metadata.namespace}/${application.metadata.name}`;
  if (policyIndex !== undefined) {
    if (policyIndex >= syncPolicies.length) {
      throw new PolicyInputError(
        `Field policyIndex ${policyIndex} is out of range: Application ${name} has ${
          syncPolicies.length
        } sync policies (0-${syncPolicies.length - 1})`,
        [
          requestIssue(
            'policyIndex',
            `policyIndex must be between 0 and ${syncPolicies.length - 1}`,
          ),
        ],
      );
    }
    return policyIndex;
  }
  const withRollout = syncPolicies
    .map((p, index) => ({ rollout: p.rollout, index }))
    .filter(p => p.rollout);
  const sameWorkload = withRollout.find(
    p =>
      p.rollout!.workload.name === policy.workload.name &&
      (p.rollout!.workload.namespace ??
        application.metadata.namespace ??
        'default') === policy.workload.namespace,
  );
  if (sameWorkload) return sameWorkload.index;
  if (withRollout.length === 1) return withRollout[0].index;
  if (withRollout.length === 0 && syncPolicies.length === 1) return 0;
  const allowed = (
    withRollout.length
      ? withRollout
      : syncPolicies.map((_, index) => ({ index }))
  )
    .map(p => p.index)
    .join(', ');
  throw new PolicyInputError(
    `Application ${name} has several sync policies and none rolls out ${policy.workload.namespace}/${policy.workload.name}: set policyIndex (one of ${allowed})`,
    [requestIssue('policyIndex', `policyIndex is required: one of ${allowed}`)],
  );
}

/**
 * What a Kurator policy changes: the entity's Application in the host cluster with the policy in
 * the matching sync policy, and what Kurator will render from it in each member of the fleet
 * (changes marked `rendered`: compared with what each member holds, never written by the backend).
 */
export function planKuratorPolicy(options: {
  found: FoundKuratorApplication;
  policy: RolloutPolicy;
  warnings: PolicyIssue[];
  policyIndex?: number;
  naming: ClusterNaming;
}): PolicyPlan {
  const { found, policy, naming } = options;
  const index = selectSyncPolicy(
    found.application,
    policy,
    options.policyIndex,
  );
  const desired = replaceKuratorRollout(found.application, index, policy);
  const hostObject = stripServerFields(desired as unknown as PolicyObject);
  const members =
    found.policies.find(p => p.source.policyIndex === index)?.members ?? [];
  const issues: PolicyIssue[] = [...options.warnings];
  const seen = new Set(issues.map(i => `${i.path} ${i.message}`));
  const changes: PlannedClusterChange[] = [
    {
      cluster: found.hostCluster,
      role: 'host',
      objects: [desired as unknown as PolicyObject],
    },
  ];
  const manifests: PolicyManifest[] = [
    {
      cluster: found.hostCluster,
      role: 'host',
      objects: [hostObject],
      yaml: writeManifestsYaml([hostObject]),
    },
  ];
  for (const rendering of renderKuratorSyncPolicy(desired, index, members)) {
    for (const issue of rendering.issues) {
      const key = `${issue.path} ${issue.message}`;
      if (!seen.has(key)) {
        seen.add(key);
        issues.push(issue);
      }
    }
    const objects = [
      ...rendering.metricTemplates,
      ...(rendering.canary ? [rendering.canary] : []),
    ] as PolicyObject[];
    const cluster = backstageClusterName(naming, rendering.cluster.name);
    manifests.push({
      cluster,
      role: 'member',
      objects,
      yaml: writeManifestsYaml(objects),
    });
    // Kurator, not the backend, writes there: a dry run compares, read-only.
    changes.push({ cluster, role: 'member', objects, rendered: true });
  }
  if (members.length === 0) {
    issues.push({
      path: `spec.syncPolicies[${index}].destination.fleet`,
      message: `The fleet of sync policy ${index} could not be read or has no members: Kurator renders this policy nowhere.`,
      severity: 'warning',
    });
  }
  return {
    target: 'kurator',
    issues,
    manifests,
    changes,
  };
}
