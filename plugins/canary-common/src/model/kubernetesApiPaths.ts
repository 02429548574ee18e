import { FLAGGER_API_VERSION } from './canary';
import { KURATOR_APPLICATION_API_VERSION } from './application';
import {
  KURATOR_CLUSTER_API_VERSION,
  KURATOR_FLEET_API_VERSION,
} from './fleet';

/**
 * Where the Kubernetes API serves one kind: its API version, its resource (plural) name and
 * whether its objects live in a namespace.
 *
 * @public
 */
export type KubeResource = {
  apiVersion: string;
  resource: string;
  namespaced: boolean;
};

/**
 * The kinds the Canary packages read, watch or write, by their Kubernetes kind name.
 *
 * @public
 */
export const KUBE_RESOURCES = {
  Canary: {
    apiVersion: FLAGGER_API_VERSION,
    resource: 'canaries',
    namespaced: true,
  },
  MetricTemplate: {
    apiVersion: FLAGGER_API_VERSION,
    resource: 'metrictemplates',
    namespaced: true,
  },
  Application: {
    apiVersion: KURATOR_APPLICATION_API_VERSION,
    resource: 'applications',
    namespaced: true,
  },
  Fleet: {
    apiVersion: KURATOR_FLEET_API_VERSION,
    resource: 'fleets',
    namespaced: true,
  },
  AttachedCluster: {
    apiVersion: KURATOR_CLUSTER_API_VERSION,
    resource: 'attachedclusters',
    namespaced: true,
  },
  Cluster: {
    apiVersion: KURATOR_CLUSTER_API_VERSION,
    resource: 'clusters',
    namespaced: true,
  },
  Deployment: {
    apiVersion: 'apps/v1',
    resource: 'deployments',
    namespaced: true,
  },
  Namespace: { apiVersion: 'v1', resource: 'namespaces', namespaced: false },
  Event: { apiVersion: 'v1', resource: 'events', namespaced: true },
  Service: { apiVersion: 'v1', resource: 'services', namespaced: true },
} as const satisfies Record<string, KubeResource>;

/**
 * A kind the Canary packages address on a cluster (a key of {@link KUBE_RESOURCES}).
 *
 * @public
 */
export type KubeKind = keyof typeof KUBE_RESOURCES;

/**
 * The API path that serves an API version: `/api/v1` for the core group, `/apis/<group>/<version>`
 * for the others.
 *
 * @public
 */
export function kubeApiVersionPath(apiVersion: string): string {
  return apiVersion.includes('/')
    ? `/apis/${apiVersion}`
    : `/api/${apiVersion}`;
}

/**
 * The API path of a kind's collection: in `namespace`, or across the cluster when no namespace is
 * given (`/apis/flagger.app/v1beta1/namespaces/shop/canaries`, `/apis/apps/v1/deployments`,
 * `/api/v1/namespaces`). The namespace is URI-encoded. Throws when a namespace is given for a
 * cluster-scoped kind.
 *
 * @public
 */
export function kubeCollectionPath(kind: KubeKind, namespace?: string): string {
  const { apiVersion, resource, namespaced } = KUBE_RESOURCES[kind];
  const base = kubeApiVersionPath(apiVersion);
  if (namespace === undefined) {
    return `${base}/${resource}`;
  }
  if (!namespaced) {
    throw new Error(`${kind} is cluster-scoped; it has no namespace`);
  }
  return `${base}/namespaces/${encodeURIComponent(namespace)}/${resource}`;
}

/**
 * The API path of one object of a kind (`/apis/flagger.app/v1beta1/namespaces/shop/canaries/checkout`,
 * `/api/v1/namespaces/shop`); the namespace is undefined for a cluster-scoped kind. The namespace
 * and the name are URI-encoded. Throws when a namespaced kind is given no namespace, or a
 * cluster-scoped kind one.
 *
 * @public
 */
export function kubeObjectPath(
  kind: KubeKind,
  namespace: string | undefined,
  name: string,
): string {
  if (namespace === undefined && KUBE_RESOURCES[kind].namespaced) {
    throw new Error(`${kind} ${name} is namespaced; its namespace is missing`);
  }
  return `${kubeCollectionPath(kind, namespace)}/${encodeURIComponent(name)}`;
}
