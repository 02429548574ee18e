import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ClusterCallContext, ClusterGateway } from './ClusterGateway';
import { ForwardingClusterGateway } from './ForwardingClusterGateway';
import {
  ClusterAuthInfo,
  describeAuth,
  isClientSideAuth,
} from './clientSideAuth';

/**
 * The clusters as background work (the fleet state's watches, the recorder, its promote follow-ups
 * and notifications) sees them: without those whose auth runs in the user's browser (oidc, google,
 * aks), which the plugin's own credentials cannot reach. Each such cluster is named once in the log, with why it is skipped;
 * a user's requests still read and act on it with the user's token. Every other call goes to the
 * live gateway unchanged.
 */
export class BackgroundClusterGateway extends ForwardingClusterGateway {
  private readonly live: ClusterGateway & {
    listClusterAuth(context?: ClusterCallContext): Promise<ClusterAuthInfo[]>;
  };
  private readonly logger: LoggerService;
  private readonly announced = new Set<string>();
  private skipped = new Map<string, ClusterAuthInfo>();

  constructor(options: {
    live: BackgroundClusterGateway['live'];
    logger: LoggerService;
  }) {
    super({ inner: options.live });
    this.live = options.live;
    this.logger = options.logger;
  }

  async listClusters(context?: ClusterCallContext): Promise<string[]> {
    const clusters = await this.live.listClusterAuth(context);
    this.skipped = new Map(
      clusters.filter(isClientSideAuth).map(c => [c.name, c]),
    );
    for (const cluster of this.skipped.values()) {
      const key = `${cluster.name}\n${describeAuth(cluster)}`;
      if (this.announced.has(key)) continue;
      this.announced.add(key);
      this.logger.info(
        `Cluster ${cluster.name} is skipped by background work (the fleet state's watches, ` +
          `the recorder's history, promote follow-ups and notifications): its auth provider ${describeAuth(
            cluster,
          )} is client-side, so only a signed-in user's browser has a token for it. ` +
          `Its rollouts are read and acted on with the user's token from the Canary tab.`,
      );
    }
    return clusters.filter(c => !isClientSideAuth(c)).map(c => c.name);
  }

  /** The clusters the last listing skipped. */
  skippedClusters(): string[] {
    return [...this.skipped.keys()];
  }

  /** Why background work skips a cluster, or undefined when it does not (as last listed). */
  skipReason(cluster: string): string | undefined {
    const skipped = this.skipped.get(cluster);
    return skipped
      ? `its auth provider ${describeAuth(
          skipped,
        )} is client-side: read with your token for each answer`
      : undefined;
  }
}
