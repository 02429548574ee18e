import type { BackstageCredentials } from '@backstage/backend-plugin-api';

/**
 * Credentials for a cluster whose auth provider runs in the browser (oidc, google, aks): the
 * user's upstream tokens, keyed as the Kubernetes plugin's frontend keys them, for example
 * `{ 'oidc-okta': '<token>' }` or `{ google: '<token>' }`.
 */
export type ClusterProviderTokens = Record<string, string>;

/**
 * Who a cluster call is made for. The Kubernetes plugin is always called as the Canary plugin's own
 * service principal; `credentials` names the caller for the record only. The provider tokens a
 * user's browser sent for clusters with client-side auth (oidc, google, aks) go along, so those
 * clusters apply their own RBAC to the user as well.
 */
export type ClusterCallContext = {
  credentials?: BackstageCredentials;
  providerTokens?: ClusterProviderTokens;
  signal?: AbortSignal;
};

/** A Kubernetes list response. */
export type KubeList<T> = {
  items: T[];
  metadata: { resourceVersion?: string; continue?: string };
};

/** One event of a Kubernetes watch stream. */
export type KubeWatchEvent<T> = {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: T;
};

/** The patch formats the Kubernetes API accepts for custom resources. */
export type KubePatchType = 'merge' | 'json';

/**
 * Access to the clusters configured for Backstage's Kubernetes plugin. Every call names a cluster
 * by its Backstage name and an API path (`/apis/flagger.app/v1beta1/namespaces/...`).
 */
export interface ClusterGateway {
  /** The names of the clusters the Kubernetes plugin knows. */
  listClusters(context?: ClusterCallContext): Promise<string[]>;

  get<T>(
    cluster: string,
    path: string,
    context?: ClusterCallContext,
  ): Promise<T>;

  /** Lists every page of a collection. */
  list<T>(
    cluster: string,
    path: string,
    query?: Record<string, string>,
    context?: ClusterCallContext,
  ): Promise<KubeList<T>>;

  patch<T>(
    cluster: string,
    path: string,
    patch: unknown,
    type: KubePatchType,
    context?: ClusterCallContext & { dryRun?: boolean },
  ): Promise<T>;

  /**
   * Creates an object in a collection (`POST`). With `dryRun` the server validates, defaults and
   * admits it without storing it (`dryRun=All`) and answers what it would store.
   */
  create<T>(
    cluster: string,
    collectionPath: string,
    object: unknown,
    context?: ClusterCallContext & { dryRun?: boolean },
  ): Promise<T>;

  /**
   * Watches a collection from a resource version; resolves when the server ends the stream or the
   * signal aborts. A 410 Gone arrives as an ERROR event whose object is the Status.
   */
  watch<T>(
    cluster: string,
    path: string,
    options: {
      resourceVersion?: string;
      timeoutSeconds?: number;
      query?: Record<string, string>;
    },
    onEvent: (event: KubeWatchEvent<T>) => void | Promise<void>,
    context?: ClusterCallContext,
  ): Promise<void>;
}
