import {
  kubernetesApiRef,
  kubernetesAuthProvidersApiRef,
  type KubernetesApi,
  type KubernetesAuthProvidersApi,
} from '@backstage/plugin-kubernetes-react';

/**
 * A cluster as the Kubernetes plugin's frontend lists it (`KubernetesApi.getClusters()`): its name
 * and how it authenticates.
 */
export type KubernetesClusterAuth = Awaited<
  ReturnType<KubernetesApi['getClusters']>
>[number];

/** The part of the Kubernetes plugin's `KubernetesApi` the Canary tab uses. */
export type KubernetesClustersApi = Pick<KubernetesApi, 'getClusters'>;

/** The part of the Kubernetes plugin's `KubernetesAuthProvidersApi` the Canary tab uses. */
export type KubernetesCredentialsApi = Pick<
  KubernetesAuthProvidersApi,
  'getCredentials'
>;

/** The Kubernetes plugin's API of the configured clusters. */
export const kubernetesClustersApiRef = kubernetesApiRef;

/** The Kubernetes plugin's API of the frontend cluster auth providers (the user's tokens). */
export const kubernetesCredentialsApiRef = kubernetesAuthProvidersApiRef;
