import type {
  KubernetesClusterAuth,
  KubernetesClustersApi,
  KubernetesCredentialsApi,
} from './kubernetesApis';

/**
 * The auth providers the Kubernetes plugin's frontend resolves on the server
 * (`ServerSideKubernetesAuthProvider` in its `KubernetesAuthProviders`): the browser has no token
 * for them.
 */
export const SERVER_SIDE_AUTH_PROVIDERS: ReadonlySet<string> = new Set([
  'serviceAccount',
  'googleServiceAccount',
  'aws',
  'azure',
  'localKubectlProxy',
]);

/** How long the cluster list is reused: the tab makes several calls at once and polls. */
export const CLUSTER_LIST_TTL_MS = 30_000;

/**
 * The name the Kubernetes plugin asks its auth providers API for a cluster's credentials
 * (`KubernetesBackendClient.getCredentials`): `oidc.<oidcTokenProvider>` for oidc, else the
 * provider. Undefined for an oidc cluster without a token provider, which no API can answer.
 */
function credentialsProviderOf(
  cluster: KubernetesClusterAuth,
): string | undefined {
  if (cluster.authProvider !== 'oidc') return cluster.authProvider;
  return cluster.oidcTokenProvider
    ? `oidc.${cluster.oidcTokenProvider}`
    : undefined;
}

/**
 * The key of a cluster's token, as the Kubernetes plugin's frontend names the header that carries
 * it (`KubernetesBackendClient.getKubernetesAuthHeaderByAuthProvider`):
 * `Backstage-Kubernetes-Authorization-<authProvider>[-<oidcTokenProvider>]`, so `oidc-okta`,
 * `google`, `aks`. `CanaryClient` sends each key under that header, and the Canary backend passes
 * it on to the Kubernetes plugin's proxy unchanged.
 */
function tokenKeyOf(cluster: KubernetesClusterAuth): string {
  return cluster.oidcTokenProvider
    ? `${cluster.authProvider}-${cluster.oidcTokenProvider}`
    : cluster.authProvider;
}

/**
 * The upstream tokens of the clusters whose auth runs in the browser, keyed as
 * `CanaryRequestOptions.providerTokens` takes them. Server-side providers are skipped, each other
 * provider is asked once (the auth providers API caches its tokens), and a provider that fails or
 * gives no token is left out: the backend then answers its clusters with their own error.
 */
export async function clusterProviderTokens(
  clusters: KubernetesClusterAuth[],
  credentialsApi: KubernetesCredentialsApi,
): Promise<Record<string, string>> {
  const keysByProvider = new Map<string, Set<string>>();
  for (const cluster of clusters) {
    if (SERVER_SIDE_AUTH_PROVIDERS.has(cluster.authProvider)) continue;
    const provider = credentialsProviderOf(cluster);
    if (!provider) continue;
    const keys = keysByProvider.get(provider) ?? new Set<string>();
    keys.add(tokenKeyOf(cluster));
    keysByProvider.set(provider, keys);
  }
  const tokens: Record<string, string> = {};
  await Promise.all(
    [...keysByProvider].map(async ([provider, keys]) => {
      let token: string | undefined;
      try {
        token = (await credentialsApi.getCredentials(provider))?.token;
      } catch {
        return;
      }
      if (!token) return;
      for (const key of keys) tokens[key] = token;
    }),
  );
  return tokens;
}

type CachedClusters = {
  at: number;
  clusters: Promise<KubernetesClusterAuth[]>;
};

// Per Kubernetes API instance, so every component of the app shares one list.
const clusterLists = new WeakMap<KubernetesClustersApi, CachedClusters>();

/** The Kubernetes plugin's clusters, reused for {@link CLUSTER_LIST_TTL_MS}; failures are not kept. */
function clustersOf(
  clustersApi: KubernetesClustersApi,
): Promise<KubernetesClusterAuth[]> {
  const now = Date.now();
  const cached = clusterLists.get(clustersApi);
  if (cached && now - cached.at < CLUSTER_LIST_TTL_MS) return cached.clusters;
  const clusters = clustersApi.getClusters();
  clusterLists.set(clustersApi, { at: now, clusters });
  clusters.catch(() => {
    if (clusterLists.get(clustersApi)?.clusters === clusters) {
      clusterLists.delete(clustersApi);
    }
  });
  return clusters;
}

/**
 * A source of the current provider tokens from the Kubernetes plugin's frontend APIs. It never
 * fails: without the cluster list there are no tokens, and the call goes without them.
 */
export function providerTokenSource(apis: {
  clustersApi: KubernetesClustersApi;
  credentialsApi: KubernetesCredentialsApi;
}): () => Promise<Record<string, string>> {
  return async () => {
    let clusters: KubernetesClusterAuth[];
    try {
      clusters = await clustersOf(apis.clustersApi);
    } catch {
      return {};
    }
    return clusterProviderTokens(clusters, apis.credentialsApi);
  };
}
