import type {
  ClusterCallContext,
  ClusterGateway,
  KubeList,
  KubePatchType,
  KubeWatchEvent,
} from './ClusterGateway';

/**
 * A ClusterGateway that sends every call to another one unchanged: the base of the gateways that
 * change only some calls (the fleet state's reads, the background view of the clusters, the
 * users' view that names the clusters background work skips).
 */
export class ForwardingClusterGateway implements ClusterGateway {
  protected readonly inner: ClusterGateway;

  constructor(options: { inner: ClusterGateway }) {
    this.inner = options.inner;
  }

  listClusters(context?: ClusterCallContext): Promise<string[]> {
    return this.inner.listClusters(context);
  }

  get<T>(
    cluster: string,
    path: string,
    context?: ClusterCallContext,
  ): Promise<T> {
    return this.inner.get<T>(cluster, path, context);
  }

  list<T>(
    cluster: string,
    path: string,
    query?: Record<string, string>,
    context?: ClusterCallContext,
  ): Promise<KubeList<T>> {
    return this.inner.list<T>(cluster, path, query, context);
  }

  patch<T>(
    cluster: string,
    path: string,
    patch: unknown,
    type: KubePatchType,
    context?: ClusterCallContext & { dryRun?: boolean },
  ): Promise<T> {
    return this.inner.patch<T>(cluster, path, patch, type, context);
  }

  create<T>(
    cluster: string,
    collectionPath: string,
    object: unknown,
    context?: ClusterCallContext & { dryRun?: boolean },
  ): Promise<T> {
    return this.inner.create<T>(cluster, collectionPath, object, context);
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
    return this.inner.watch<T>(cluster, path, options, onEvent, context);
  }
}
