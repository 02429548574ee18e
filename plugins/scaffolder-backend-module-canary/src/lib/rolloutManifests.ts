import { InputError } from '@backstage/errors';
import {
  ANNOTATION_CANARY,
  ANNOTATION_ENTITY_REF,
  ANNOTATION_HOST_CLUSTER,
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KURATOR_APPLICATION,
  buildKuratorApplication,
  isValidLabelName,
  isValidObjectName,
  renderFlaggerCanary,
  validateApplicationManifest,
  validateCanaryManifest,
  type PolicyIssue,
  type PolicyTarget,
  type RolloutPolicy,
} from '@backstage-canary/plugin-canary-common';

/** Where the Kurator Application syncs from and to (target `kurator`). */
export type ApplicationOptions = {
  name?: string;
  namespace?: string;
  fleet: string;
  clusterSelector?: Record<string, string>;
  syncPolicyName?: string;
  source: {
    gitRepository?: Record<string, unknown>;
    helmRepository?: Record<string, unknown>;
    ociRepository?: Record<string, unknown>;
  };
  kustomization?: Record<string, unknown>;
};

export type RolloutManifestOptions = {
  target: PolicyTarget;
  policy: RolloutPolicy;
  /** Required for target `kurator`. */
  application?: ApplicationOptions;
  /** Backstage name of the cluster hosting the fleet; required for target `kurator`. */
  hostCluster?: string;
  /** Value of `backstage.io/kubernetes-id`; defaults to the workload name. */
  kubernetesId?: string;
  /**
   * The catalog entity the manifests belong to, written into the Canary's or Application's
   * `backstage-canary.io/entity-ref` annotation: the cluster side's proof that binds them.
   */
  entityRef?: string;
};

export type RolloutManifests = {
  /** The manifests to write, in order (Application, or Canary then MetricTemplates). */
  documents: Record<string, unknown>[];
  /** Catalog annotations that point the entity's Canary tab at them. */
  annotations: Record<string, string>;
  /** Findings of the domain validators on the rendered manifests (errors are thrown). */
  issues: PolicyIssue[];
};

const LABEL_VALUE = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

const DEFAULT_KUSTOMIZATION = {
  path: './kubernetes',
  interval: '5m0s',
  prune: true,
  timeout: '2m0s',
};

/**
 * Renders the rollout manifests of a validated policy and the catalog annotations for them, and
 * checks the result with the domain's manifest validators.
 */
export function buildRolloutManifests(
  options: RolloutManifestOptions,
): RolloutManifests {
  const { policy } = options;
  const kubernetesId = options.kubernetesId ?? policy.workload.name;
  if (!LABEL_VALUE.test(kubernetesId) || kubernetesId.length > 63) {
    throw new InputError(
      `kubernetesId "${kubernetesId}" must be a Kubernetes label value (letters, digits, "-", "_", "." between alphanumerics, at most 63 characters): objects are labelled with it.`,
    );
  }
  const labels = { [ANNOTATION_KUBERNETES_ID]: kubernetesId };
  const proof = options.entityRef
    ? { [ANNOTATION_ENTITY_REF]: options.entityRef }
    : undefined;

  if (options.target === 'flagger') {
    const { canary, metricTemplates } = renderFlaggerCanary(policy);
    canary.metadata.labels = { ...canary.metadata.labels, ...labels };
    if (proof) {
      canary.metadata.annotations = {
        ...canary.metadata.annotations,
        ...proof,
      };
    }
    for (const template of metricTemplates)
      template.metadata.labels = { ...template.metadata.labels, ...labels };
    const issues = validateCanaryManifest(canary);
    return {
      documents: [canary, ...metricTemplates] as Record<string, unknown>[],
      annotations: {
        [ANNOTATION_CANARY]: `${policy.workload.namespace}/${policy.workload.name}`,
        [ANNOTATION_KUBERNETES_ID]: kubernetesId,
      },
      issues,
    };
  }

  const app = options.application;
  if (!app) {
    throw new InputError(
      'application is required for target kurator: the Kurator Application (fleet and source) that carries the rollout policy.',
    );
  }
  if (!options.hostCluster) {
    throw new InputError(
      `hostCluster is required for target kurator: the Backstage cluster name of the fleet's host cluster (annotation ${ANNOTATION_HOST_CLUSTER}).`,
    );
  }
  const sources = (
    ['gitRepository', 'helmRepository', 'ociRepository'] as const
  ).filter(k => app.source[k] !== undefined);
  if (sources.length !== 1) {
    throw new InputError(
      `application.source must set exactly one of gitRepository, helmRepository or ociRepository${
        sources.length ? `; found ${sources.join(' and ')}` : ''
      }.`,
    );
  }
  const source = app.source.gitRepository
    ? { gitRepository: { interval: '5m0s', ...app.source.gitRepository } }
    : { [sources[0]]: app.source[sources[0]] };
  const name = app.name ?? policy.workload.name;
  const namespace = app.namespace ?? policy.workload.namespace;
  if (!isValidLabelName(namespace)) {
    throw new InputError(
      `application.namespace "${namespace}" must be a lowercase RFC 1123 label.`,
    );
  }
  if (!isValidObjectName(app.fleet)) {
    throw new InputError(
      `application.fleet "${app.fleet}" must be a lowercase RFC 1123 name (a Fleet in the host cluster).`,
    );
  }
  const application = buildKuratorApplication({
    name,
    namespace,
    labels,
    annotations: proof,
    source,
    syncPolicies: [
      {
        policy,
        name: app.syncPolicyName,
        destination: { fleet: app.fleet, clusterLabels: app.clusterSelector },
        kustomization: { ...DEFAULT_KUSTOMIZATION, ...app.kustomization },
      },
    ],
  });
  return {
    documents: [application as Record<string, unknown>],
    annotations: {
      [ANNOTATION_KURATOR_APPLICATION]: `${namespace}/${name}`,
      [ANNOTATION_HOST_CLUSTER]: options.hostCluster,
      [ANNOTATION_KUBERNETES_ID]: kubernetesId,
    },
    issues: validateApplicationManifest(application),
  };
}
