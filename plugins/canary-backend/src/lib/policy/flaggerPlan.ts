import {
  ANNOTATION_ENTITY_REF,
  type PolicyIssue,
  type PolicyObject,
  renderFlaggerCanary,
  type RolloutPolicy,
  writeManifestsYaml,
} from '@backstage-canary/plugin-canary-common';
import type { PolicyPlan } from './PolicyPlan';

/**
 * What a native policy changes: the Canary and its MetricTemplates on each target cluster
 * (templates first, so the Canary's references resolve).
 */
export function planFlaggerPolicy(options: {
  policy: RolloutPolicy;
  warnings: PolicyIssue[];
  clusters: string[];
  /** The entity the objects are written for: named on them, so they stay bound to it. */
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
  const templates = rendering.metricTemplates.map(template => ({
    ...template,
    metadata: {
      ...template.metadata,
      annotations: {
        ...template.metadata.annotations,
        [ANNOTATION_ENTITY_REF]: options.entityRef,
      },
    },
  }));
  const objects = [...templates, canary] as PolicyObject[];
  const yaml = writeManifestsYaml(objects);
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
