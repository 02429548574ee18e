import type {
  ClusterCallContext,
  ClusterGateway,
  KubeList,
  KubePatchType,
  KubeWatchEvent,
} from './ClusterGateway';

/**
 * A gateway for users' requests whose cluster list also names the clusters background work skips
 * (their auth is client-side, see {@link BackgroundClusterGateway}): the fleet state watches only
 * the others, but an entity's rollouts on those clusters are still read, live, with the user's
 * token. Every call goes to `gateway` unchanged.
 */
export class ClustersIncludingSkipped implements ClusterGateway {
  private readonly gateway: ClusterGateway;
  private readonly skipped: () => string[];

  constructor(options: {
    gateway: ClusterGateway;
    /** The clusters background work skips, as last listed. */
    skipped: () => string[];
  }) {
    this.gateway = options.gateway;
    this.skipped = options.skipped;
  }

  async listClusters(context?: ClusterCallContext): Promise<string[]> {
    const listed = await this.gateway.listClusters(context);
    return [...new Set([...listed, ...this.skipped()])];
  }

  get<T>(
    cluster: string,
    path: string,
    context?: ClusterCallContext,
  ): Promise<T> {
    return this.gateway.get<T>(cluster, path, context);
  }

  list<T>(
    cluster: string,
    path: string,
    query?: Record<string, string>,
    context?: ClusterCallContext,
  ): Promise<KubeList<T>> {
    return this.gateway.list<T>(cluster, path, query, context);
  }

  patch<T>(
    cluster: string,
    path: string,
    patch: unknown,
    type: KubePatchType,
    context?: ClusterCallContext & { dryRun?: boolean },
  ): Promise<T> {
    return this.gateway.patch<T>(cluster, path, patch, type, context);
  }

  create<T>(
    cluster: string,
    collectionPath: string,
    object: unknown,
    context?: ClusterCallContext & { dryRun?: boolean },
  ): Promise<T> {
    return this.gateway.create<T>(cluster, collectionPath, object, context);
  }

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
  ): Promise<void> {
    return this.gateway.watch<T>(cluster, path, options, onEvent, context);
  }
}
