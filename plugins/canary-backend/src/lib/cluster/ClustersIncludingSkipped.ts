import type { ClusterCallContext, ClusterGateway } from './ClusterGateway';
import { ForwardingClusterGateway } from './ForwardingClusterGateway';

/**
 * A gateway for users' requests whose cluster list also names the clusters background work skips
 * (their auth is client-side, see {@link BackgroundClusterGateway}): the fleet state watches only
 * the others, but an entity's rollouts on those clusters are still read, live, with the user's
 * token. Every call goes to `gateway` unchanged.
 */
export class ClustersIncludingSkipped extends ForwardingClusterGateway {
  private readonly skipped: () => string[];

  constructor(options: {
    gateway: ClusterGateway;
    /** The clusters background work skips, as last listed. */
    skipped: () => string[];
  }) {
    super({ inner: options.gateway });
    this.skipped = options.skipped;
  }

  async listClusters(context?: ClusterCallContext): Promise<string[]> {
    const listed = await this.inner.listClusters(context);
    return [...new Set([...listed, ...this.skipped()])];
  }
}
