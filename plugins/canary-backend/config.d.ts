import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

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

    /** The recorder that follows canaries and their Events on every cluster into the history. */
    recorder?: {
      /** Set to false to run this instance without recording (for example a read-only replica). */
      enabled?: boolean;
      /**
       * How often a recorder run starts; each run watches until the next is due. One instance of a
       * horizontally scaled backend runs it at a time. Default: every minute.
       */
      frequency?: SchedulerServiceTaskScheduleDefinitionConfig['frequency'];
    };

    /**
     * Where the analysis metrics of each cluster are read. Without an entry, a metric's own provider
     * address (the canary's metricsServer or its MetricTemplate's provider) is reached through the
     * cluster's service proxy.
     */
    prometheus?: {
      clusters?: {
        [backstageClusterName: string]: {
          /** A Prometheus URL the backend reaches directly. */
          url?: string;
          /** An in-cluster Prometheus service, reached through the Kubernetes API server's service proxy. */
          service?: { namespace: string; name: string; port: number };
        };
      };
    };

    /**
     * Flagger gate webhooks served by this backend at `<backend>/api/canary/gates/<cluster>/<gate>`
     * (gate: confirm-rollout, confirm-traffic-increase, confirm-promotion or rollback).
     */
    gates?: {
      /** The clusters whose Flagger may call the gates, by Backstage cluster name. */
      clusters?: {
        [backstageClusterName: string]: {
          /**
           * The cluster's gate token, sent by Flagger as the webhook's `metadata.token` (or as
           * `Authorization: Bearer <token>`). It is a low-privilege, gate-only credential: it only
           * lets that cluster ask the gates of its own canaries. It is stored in plain text in the
           * Canary's webhooks, so use a token made for this and nothing else.
           * @visibility secret
           */
          token: string;
        };
      };
    };

    /** The rollout history kept in the plugin's database. */
    history?: {
      /** Days of runs, transitions and events to keep. Default: 30. */
      retentionDays?: number;
    };
  };
}
