import type { HumanDuration } from '@backstage/types';

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

    /**
     * The recorder that follows canaries and their Events on every cluster into the history, as
     * they change. One instance of a horizontally scaled backend records at a time, holding a lease
     * in the plugin's database; another takes over within 15 s when it stops.
     */
    recorder?: {
      /** Set to false to run this instance without recording (for example a read-only replica). */
      enabled?: boolean;
    };

    /**
     * The fleet state: every instance watches the canaries, their Deployments and Kurator's
     * Applications and Fleets on every cluster it may read with its own identity, and answers the
     * entity's rollouts, the inbox and the actions' preconditions from those watches (each answer
     * says per cluster how fresh it is). A cluster whose watches broke, or that refuses the
     * backend's identity, is read live for each request.
     */
    fleetState?: {
      /**
       * Set to false to read every cluster live for each request (the watches are then not made).
       * Default true.
       */
      enabled?: boolean;
    };

    /**
     * Where the analysis metrics of each cluster are read. The backend only queries a Prometheus
     * named here: the one configured for the canary's cluster (whatever address the metric names),
     * or else the metric's own provider address (the canary's metricsServer or its MetricTemplate's
     * provider) when it lies under one of `allowedUrls`. Any other address is never fetched; the
     * metric shows which key to set.
     */
    prometheus?: {
      clusters?: {
        [backstageClusterName: string]: {
          /** A Prometheus URL (http or https) the backend reaches directly. */
          url?: string;
          /** An in-cluster Prometheus service, reached through the Kubernetes API server's service proxy. */
          service?: { namespace: string; name: string; port: number };
        };
      };
      /**
       * Metric provider addresses the backend may query for clusters without an entry under
       * `clusters`, as URL prefixes: an address is allowed when it has the same scheme, host and
       * port and its path is at or below the prefix's path. An allowed in-cluster address
       * (`http://<service>.<namespace>[.svc...]:<port>`) is reached through the cluster's service
       * proxy, any other directly. Example: `http://prometheus.istio-system:9090`.
       */
      allowedUrls?: string[];
      /**
       * How long a Prometheus query may take before its metric shows a timeout error, e.g.
       * `{ seconds: 15 }` or `'15s'`. Default 15 seconds.
       */
      requestTimeout?: HumanDuration | string;
    };

    /** Calls to the clusters (through the Kubernetes plugin's proxy). */
    clusters?: {
      /**
       * How long a cluster may take to answer a call (a watch: to start its stream) before that
       * cluster alone shows an error, e.g. `{ seconds: 10 }` or `'10s'`. Default 10 seconds.
       */
      requestTimeout?: HumanDuration | string;
      /** How many calls to one cluster may be in flight at once (watches not counted). Default 8. */
      maxConcurrentRequests?: number;
    };

    /** Rollout actions (pause, resume, promote, abort, retry, approve). */
    actions?: {
      /**
       * How long an action's cluster calls may take, e.g. `{ seconds: 30 }` or `'30s'`. Default
       * 30 seconds. An action whose write got no answer in that time is checked on the cluster:
       * its action-log entry says applied or not applied. An instance that dies in the middle of
       * an action leaves it pending; any instance settles it from the cluster 5 seconds after
       * this time.
       */
      timeout?: HumanDuration | string;
    };

    /**
     * Calls to the catalog: the entity lookups of every request, the inbox's queries, the owners
     * of a rollout for notifications and the claims of a Kubernetes id.
     */
    catalog?: {
      /**
       * How long a catalog call may take, its wait for a turn included, before the request
       * answers 503 naming the catalog, e.g. `{ seconds: 10 }` or `'10s'`. Default 10 seconds.
       */
      requestTimeout?: HumanDuration | string;
      /** How many calls to the catalog may be in flight at once. Default 8. */
      maxConcurrentRequests?: number;
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

    /**
     * Who may call the Canary API besides users. Backstage's permission framework allows every
     * service principal everything; the Canary backend refuses a service principal (another
     * plugin's `plugin:<id>`, an external caller's `external:<subject>`, an MCP client's token) any
     * `canary.*` permission not listed here for it.
     */
    access?: {
      services?: Array<{
        /** The principal's subject, as Backstage names it: a static token's configured subject (`release-bot`), `external:<prefix>:<sub>` for JWKS tokens, `plugin:<id>` for another plugin. */
        subject: string;
        /** The `canary.*` permissions it holds, e.g. `canary.rollout.read`, `canary.rollout.promote`. */
        permissions: string[];
      }>;
      /**
       * How long a granted `canary.rollout.read` on an entity is remembered for the same caller, so
       * that an open tab's repeated reads skip the catalog lookup and the permission check. Only
       * grants are kept (a refusal is asked again on the next read) and changes are always decided
       * afresh; revoking a read takes effect within this time. Zero remembers none. Default: 10 s.
       */
      readGrantTtl?: HumanDuration | string;
    };

    /** The rollout history kept in the plugin's database. */
    history?: {
      /** Days of runs, transitions and events to keep. Default: 30. */
      retentionDays?: number;
    };
  };
}
