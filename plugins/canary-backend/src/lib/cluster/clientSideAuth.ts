/** A cluster as the Kubernetes plugin lists it, with how it authenticates. */
export type ClusterAuthInfo = {
  name: string;
  /** The Kubernetes plugin's `authProvider` (serviceAccount, oidc, google, aks...). */
  authProvider?: string;
  /** For `oidc`: the frontend auth provider whose ID token the cluster accepts. */
  oidcTokenProvider?: string;
};

/**
 * Auth providers whose credential only a user's browser has: the Kubernetes plugin's proxy
 * refuses calls to such a cluster that carry no user token, so background work cannot reach it.
 */
export const CLIENT_SIDE_AUTH_PROVIDERS: readonly string[] = [
  'oidc',
  'google',
  'aks',
];

export function isClientSideAuth(cluster: ClusterAuthInfo): boolean {
  return CLIENT_SIDE_AUTH_PROVIDERS.includes(cluster.authProvider ?? '');
}

/** How a cluster authenticates, for messages: `oidc (lab)`, `google`. */
export function describeAuth(cluster: ClusterAuthInfo): string {
  return cluster.oidcTokenProvider
    ? `${cluster.authProvider} (${cluster.oidcTokenProvider})`
    : `${cluster.authProvider}`;
}
