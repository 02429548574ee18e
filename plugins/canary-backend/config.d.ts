export interface Config {
  /** Configuration of the Backstage Canary backend plugin. */
  canary?: {
    /**
     * The Backstage cluster (a cluster of the Kubernetes plugin's `clusterLocatorMethods`) that hosts
     * the Kurator fleet control plane, for entities without a `backstage-canary.io/host-cluster`
     * annotation.
     */
    hostCluster?: string;

    /**
     * Maps Kurator cluster names (the names of a fleet's `Cluster`/`AttachedCluster` objects) to the
     * Backstage cluster names of the Kubernetes plugin. A Kurator cluster that is not listed keeps its
     * own name.
     */
    clusterNames?: { [kuratorClusterName: string]: string };
  };
}
