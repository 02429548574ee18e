import {
  ANNOTATION_ENTITY_REF,
  type PolicyIssue,
  type PolicyObject,
  renderFlaggerCanary,
  type RolloutPolicy,
} from '@backstage-canary/plugin-canary-common';
import { toYaml } from './objectDiff';
import type { PolicyPlan } from './PolicyPlan';

/**
 * What a native policy changes: the Canary and its MetricTemplates on each target cluster
 * (templates first, so the Canary's references resolve).
 */
export function planFlaggerPolicy(options: {
  policy: RolloutPolicy;
  warnings: PolicyIssue[];
  clusters: string[];
  /** The entity the Canary is written for: named on it, so it stays bound to the entity. */
  entityRef: string;
}): PolicyPlan {
  const rendering = renderFlaggerCanary(options.policy);
  const canary = {
    ...rendering.canary,
    metadata: {
      ...rendering.canary.metadata,
      annotations: {
        ...rendering.canary.metadata.annotations,
        [ANNOTATION_ENTITY_REF]: options.entityRef,
      },
    },
  };
  const objects = [...rendering.metricTemplates, canary] as PolicyObject[];
  const yaml = toYaml(objects);
  return {
    target: 'flagger',
    issues: options.warnings,
    manifests: options.clusters.map(cluster => ({
      cluster,
      role: 'member' as const,
      objects,
      yaml,
    })),
    changes: options.clusters.map(cluster => ({
      cluster,
      role: 'member' as const,
      objects,
    })),
  };
}
