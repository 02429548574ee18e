import type { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_CANARY,
  ANNOTATION_HOST_CLUSTER,
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_LABEL_SELECTOR,
  ANNOTATION_KURATOR_APPLICATION,
} from './constants';

/**
 * A namespaced Kubernetes object reference.
 *
 * @public
 */
export type NamespacedName = { namespace: string; name: string };

/**
 * Where the rollouts of an entity are found, read from its annotations.
 *
 * @public
 */
export type CanaryEntityTargets = {
  /** The Kurator Application in the fleet's host cluster, with the host cluster when annotated. */
  kuratorApplication?: NamespacedName & { hostCluster?: string };
  /** A native Flagger Canary named by annotation. */
  canary?: NamespacedName;
  /** The label selector of canaries that belong to the entity (Kubernetes plugin convention). */
  labelSelector?: string;
  /** Annotations present but malformed, each with a message naming the annotation and what is allowed. */
  errors: string[];
};

// RFC 1123 labels (namespaces) and subdomains (object names), as Kubernetes validates them.
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * Parses `<namespace>/<name>`, returning an error message that names the annotation when malformed.
 *
 * @public
 */
export function parseNamespacedName(
  value: string,
  annotation: string,
): NamespacedName | { error: string } {
  const parts = value.trim().split('/');
  const [namespace, name] = parts;
  if (
    parts.length !== 2 ||
    !DNS_LABEL.test(namespace) ||
    namespace.length > 63 ||
    !DNS_SUBDOMAIN.test(name) ||
    name.length > 253
  ) {
    return {
      error: `Annotation ${annotation} must be "<namespace>/<name>" with a lowercase RFC 1123 namespace and name, got "${value}"`,
    };
  }
  return { namespace, name };
}

/**
 * Reads where an entity's rollouts live from its annotations.
 *
 * @public
 */
export function getCanaryEntityTargets(entity: Entity): CanaryEntityTargets {
  const annotations = entity.metadata.annotations ?? {};
  const targets: CanaryEntityTargets = { errors: [] };

  const application = annotations[ANNOTATION_KURATOR_APPLICATION];
  if (application !== undefined) {
    const parsed = parseNamespacedName(
      application,
      ANNOTATION_KURATOR_APPLICATION,
    );
    if ('error' in parsed) {
      targets.errors.push(parsed.error);
    } else {
      const hostCluster = annotations[ANNOTATION_HOST_CLUSTER]?.trim();
      targets.kuratorApplication = hostCluster
        ? { ...parsed, hostCluster }
        : parsed;
    }
  }

  const canary = annotations[ANNOTATION_CANARY];
  if (canary !== undefined) {
    const parsed = parseNamespacedName(canary, ANNOTATION_CANARY);
    if ('error' in parsed) {
      targets.errors.push(parsed.error);
    } else {
      targets.canary = parsed;
    }
  }

  const selector = annotations[ANNOTATION_KUBERNETES_LABEL_SELECTOR]?.trim();
  const kubernetesId = annotations[ANNOTATION_KUBERNETES_ID]?.trim();
  if (selector) {
    targets.labelSelector = selector;
  } else if (kubernetesId) {
    targets.labelSelector = `${ANNOTATION_KUBERNETES_ID}=${kubernetesId}`;
  }
  return targets;
}

/**
 * Whether the entity carries any annotation the Canary tab can resolve rollouts from.
 *
 * @public
 */
export function isCanaryAvailable(entity: Entity): boolean {
  const targets = getCanaryEntityTargets(entity);
  return Boolean(
    targets.kuratorApplication ||
      targets.canary ||
      targets.labelSelector ||
      targets.errors.length,
  );
}
