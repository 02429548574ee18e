import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** The plugin's configuration, read once at start-up. */
export type CanaryConfig = {
  /** The default host cluster of Kurator fleets. */
  hostCluster?: string;
  /** Kurator cluster name to Backstage cluster name. */
  clusterNames: Record<string, string>;
  recorder: {
    enabled: boolean;
  };
  retentionDays: number;
};

const DEFAULT_RETENTION_DAYS = 30;

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
  return {
    hostCluster,
    clusterNames,
    recorder: {
      enabled: recorder?.getOptionalBoolean('enabled') ?? true,
    },
    retentionDays,
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
