import {
  FLAGGER_API_VERSION,
  KURATOR_APPLICATION_API_VERSION,
  KURATOR_CLUSTER_API_VERSION,
  KURATOR_FLEET_API_VERSION,
} from '@backstage-canary/plugin-canary-common';
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

/**
 * What the fleet state watches on every cluster: the canaries, the revision of their workloads and,
 * where Kurator is installed, its Applications, Fleets and AttachedClusters (whose labels a sync
 * policy's clusterSelector matches). Deployments keep only what the reads
 * use. (Namespaces are read live: listing them is more than the plugin's RBAC needs to grant.)
 */
export const FLEET_COLLECTIONS: CollectionSpec[] = [
  { resource: 'canaries', path: `/apis/${FLAGGER_API_VERSION}/canaries` },
  {
    resource: 'deployments',
    path: '/apis/apps/v1/deployments',
    project: object => projectDeployment(object as Deployment),
  },
  {
    resource: 'applications',
    path: `/apis/${KURATOR_APPLICATION_API_VERSION}/applications`,
  },
  { resource: 'fleets', path: `/apis/${KURATOR_FLEET_API_VERSION}/fleets` },
  {
    resource: 'attachedclusters',
    path: `/apis/${KURATOR_CLUSTER_API_VERSION}/attachedclusters`,
  },
];

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
