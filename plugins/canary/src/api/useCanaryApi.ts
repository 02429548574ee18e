import { useMemo } from 'react';
import {
  useApi,
  useApiHolder,
  type ApiHolder,
  type ApiRef,
} from '@backstage/core-plugin-api';
import type { CanaryApi } from '@backstage-canary/plugin-canary-common';
import { canaryApiRef } from './canaryApiRef';
import { providerTokenSource } from './clusterProviderTokens';
import {
  kubernetesClustersApiRef,
  kubernetesCredentialsApiRef,
} from './kubernetesApis';
import { ProviderTokensCanaryApi } from './ProviderTokensCanaryApi';

/** An API the app may not have (or cannot build): undefined then. */
function optionalApi<T>(apis: ApiHolder, ref: ApiRef<T>): T | undefined {
  try {
    return apis.get(ref);
  } catch {
    return undefined;
  }
}

/**
 * The Canary backend's API for the tab's components: `canaryApiRef`, sending the user's tokens of
 * the clusters whose auth runs in the browser (oidc, google, aks...), got through the Kubernetes
 * plugin's frontend APIs as its own tab gets them. In an app without those APIs it is
 * `canaryApiRef` as it is, and such clusters answer with their own error.
 */
export function useCanaryApi(): CanaryApi {
  const canaryApi = useApi(canaryApiRef);
  const apis = useApiHolder();
  const clustersApi = optionalApi(apis, kubernetesClustersApiRef);
  const credentialsApi = optionalApi(apis, kubernetesCredentialsApiRef);
  return useMemo(
    () =>
      clustersApi && credentialsApi
        ? new ProviderTokensCanaryApi(
            canaryApi,
            providerTokenSource({ clustersApi, credentialsApi }),
          )
        : canaryApi,
    [canaryApi, clustersApi, credentialsApi],
  );
}
