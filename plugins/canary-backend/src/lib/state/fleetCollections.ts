import { kubeCollectionPath } from '@backstage-canary/plugin-canary-common';
import type { CollectionSpec, KubeObject } from './WatchedCollection';

type Deployment = KubeObject & {
  metadata?: { annotations?: Record<string, string>; generation?: number };
  spec?: {
    template?: {
      spec?: { containers?: Array<{ name?: string; image?: string }> };
    };
  };
};

const DEPLOYMENT_REVISION = 'deployment.kubernetes.io/revision';
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * What the fleet state watches on every cluster: the canaries, the revision of their workloads, the
 * namespaces (whose labels and annotations may prove which entity a canary belongs to) and, where
 * Kurator is installed, its Applications, Fleets and AttachedClusters (whose labels a sync policy's
 * clusterSelector matches). Deployments and namespaces keep only what the reads use. Where the
 * plugin's identity may only `get` namespaces (not list and watch them), they are read live.
 */
export const FLEET_COLLECTIONS: CollectionSpec[] = [
  // Journaled: the rollout recorder records every change of a canary, in order, from here.
  { resource: 'canaries', path: kubeCollectionPath('Canary'), journaled: true },
  {
    resource: 'deployments',
    path: kubeCollectionPath('Deployment'),
    project: object => projectDeployment(object as Deployment),
  },
  {
    resource: 'namespaces',
    path: kubeCollectionPath('Namespace'),
    project: object => projectNamespace(object),
  },
  { resource: 'applications', path: kubeCollectionPath('Application') },
  { resource: 'fleets', path: kubeCollectionPath('Fleet') },
  {
    resource: 'attachedclusters',
    path: kubeCollectionPath('AttachedCluster'),
  },
];

/** A namespace's identity with the labels and annotations a binding proof reads. */
function projectNamespace(namespace: KubeObject): KubeObject {
  const { metadata } = namespace as Deployment;
  const annotations = { ...metadata?.annotations };
  delete annotations[LAST_APPLIED];
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: metadata && {
      name: metadata.name,
      resourceVersion: metadata.resourceVersion,
      labels: metadata.labels,
      annotations,
    },
  } as KubeObject;
}

/** A Deployment's identity and revision: its containers' images and its rollout revision. */
function projectDeployment(deployment: Deployment): Deployment {
  const { metadata, spec } = deployment;
  const revision = metadata?.annotations?.[DEPLOYMENT_REVISION];
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: metadata && {
      name: metadata.name,
      namespace: metadata.namespace,
      resourceVersion: metadata.resourceVersion,
      generation: metadata.generation,
      labels: metadata.labels,
      annotations: revision ? { [DEPLOYMENT_REVISION]: revision } : undefined,
    },
    spec: {
      template: {
        spec: {
          containers: (spec?.template?.spec?.containers ?? []).map(
            ({ name, image }) => ({ name, image }),
          ),
        },
      },
    },
  } as Deployment;
}
