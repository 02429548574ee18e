import { type Config, readDurationFromConfig } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { durationToMilliseconds } from '@backstage/types';
import {
  DEFAULT_CATALOG_MAX_CONCURRENT_REQUESTS,
  DEFAULT_CATALOG_REQUEST_TIMEOUT_MS,
} from '../catalog/BoundedCatalogService';
import { DEFAULT_READ_GRANT_TTL_MS } from '../access/ReadGrantCache';

/** The plugin's configuration, read once at start-up. */
export type CanaryConfig = {
  /** The default host cluster of Kurator fleets. */
  hostCluster?: string;
  /** Kurator cluster name to Backstage cluster name. */
  clusterNames: Record<string, string>;
  recorder: {
    enabled: boolean;
  };
  /**
   * Whether this instance watches the fleet and answers reads from it (else reads go live). On by
   * default.
   */
  fleetState: {
    enabled: boolean;
  };
  retentionDays: number;
  /** Calls to the clusters: timeout and concurrency per cluster. */
  clusters: { requestTimeoutMs: number; maxConcurrentRequests: number };
  /** Prometheus queries: timeout. */
  prometheus: { requestTimeoutMs: number };
  /** Calls to the catalog: timeout and concurrency. */
  catalog: { requestTimeoutMs: number; maxConcurrentRequests: number };
  /** Rollout actions: how long one's cluster calls may take. */
  actions: { timeoutMs: number };
  /** How long a granted read is remembered (0: not at all). */
  access: { readGrantTtlMs: number };
};

const DEFAULT_RETENTION_DAYS = 30;
const DEFAULT_CLUSTER_TIMEOUT_MS = 10_000;
const DEFAULT_CLUSTER_CONCURRENCY = 8;
const DEFAULT_PROMETHEUS_TIMEOUT_MS = 15_000;
const DEFAULT_ACTION_TIMEOUT_MS = 30_000;

/** A whole number of at least 1 at `key`, or the fallback; errors name the key. */
function readConcurrency(
  config: Config | undefined,
  key: string,
  fallback: number,
): number {
  const value = config?.getOptionalNumber(key) ?? fallback;
  if (!Number.isInteger(value) || value < 1) {
    throw new InputError(
      `canary.${key} must be a whole number, at least 1, got ${value}`,
    );
  }
  return value;
}

/**
 * A duration at `key`, in milliseconds, longer than zero (or zero too, when `zero` says what zero
 * means); errors name the key and what is allowed.
 */
function readTimeoutMs(
  config: Config | undefined,
  key: string,
  fallback: number,
  zero?: string,
): number {
  if (!config?.has(key)) return fallback;
  let ms: number;
  try {
    ms = durationToMilliseconds(readDurationFromConfig(config, { key }));
  } catch (error) {
    throw new InputError(
      `canary.${key} must be a duration such as { seconds: 10 } or '10s': ${
        (error as Error).message
      }`,
    );
  }
  if (zero ? !(ms >= 0) : !(ms > 0)) {
    throw new InputError(
      zero
        ? `canary.${key} must be zero (${zero}) or longer, got ${ms} ms`
        : `canary.${key} must be longer than zero, got ${ms} ms`,
    );
  }
  return ms;
}

/**
 * Reads and validates the `canary` configuration block; errors name the key and what is allowed.
 */
export function readCanaryConfig(config: Config): CanaryConfig {
  const canary = config.getOptionalConfig('canary');
  const hostCluster = canary?.getOptionalString('hostCluster')?.trim();
  if (hostCluster === '') {
    throw new InputError(
      'canary.hostCluster must be the name of a cluster configured for the Kubernetes plugin, got an empty string',
    );
  }
  const clusterNames: Record<string, string> = {};
  const names = canary?.getOptionalConfig('clusterNames');
  for (const kuratorName of names?.keys() ?? []) {
    const backstageName = names!.getString(kuratorName).trim();
    if (!backstageName) {
      throw new InputError(
        `canary.clusterNames.${kuratorName} must name a cluster configured for the Kubernetes plugin, got an empty string`,
      );
    }
    clusterNames[kuratorName] = backstageName;
  }
  const recorder = canary?.getOptionalConfig('recorder');
  const retentionDays =
    canary?.getOptionalNumber('history.retentionDays') ??
    DEFAULT_RETENTION_DAYS;
  if (!Number.isInteger(retentionDays) || retentionDays < 1) {
    throw new InputError(
      `canary.history.retentionDays must be a whole number of days, at least 1, got ${retentionDays}`,
    );
  }
  const maxConcurrentRequests = readConcurrency(
    canary,
    'clusters.maxConcurrentRequests',
    DEFAULT_CLUSTER_CONCURRENCY,
  );
  return {
    hostCluster,
    clusterNames,
    recorder: {
      enabled: recorder?.getOptionalBoolean('enabled') ?? true,
    },
    fleetState: {
      enabled: canary?.getOptionalBoolean('fleetState.enabled') ?? true,
    },
    retentionDays,
    clusters: {
      requestTimeoutMs: readTimeoutMs(
        canary,
        'clusters.requestTimeout',
        DEFAULT_CLUSTER_TIMEOUT_MS,
      ),
      maxConcurrentRequests,
    },
    prometheus: {
      requestTimeoutMs: readTimeoutMs(
        canary,
        'prometheus.requestTimeout',
        DEFAULT_PROMETHEUS_TIMEOUT_MS,
      ),
    },
    catalog: {
      requestTimeoutMs: readTimeoutMs(
        canary,
        'catalog.requestTimeout',
        DEFAULT_CATALOG_REQUEST_TIMEOUT_MS,
      ),
      maxConcurrentRequests: readConcurrency(
        canary,
        'catalog.maxConcurrentRequests',
        DEFAULT_CATALOG_MAX_CONCURRENT_REQUESTS,
      ),
    },
    actions: {
      timeoutMs: readTimeoutMs(
        canary,
        'actions.timeout',
        DEFAULT_ACTION_TIMEOUT_MS,
      ),
    },
    access: {
      readGrantTtlMs: readTimeoutMs(
        canary,
        'access.readGrantTtl',
        DEFAULT_READ_GRANT_TTL_MS,
        'remember no grant',
      ),
    },
  };
}

/** The part of the configuration that names clusters. */
export type ClusterNaming = Pick<CanaryConfig, 'hostCluster' | 'clusterNames'>;

/** The Backstage name of a Kurator cluster: mapped when configured, its own name otherwise. */
export function backstageClusterName(
  config: ClusterNaming,
  kuratorClusterName: string,
): string {
  return config.clusterNames[kuratorClusterName] ?? kuratorClusterName;
}
