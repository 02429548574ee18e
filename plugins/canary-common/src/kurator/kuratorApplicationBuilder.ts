import {
  KURATOR_APPLICATION_API_VERSION,
  type Application,
  type KuratorRolloutConfig,
  type SyncPolicy,
} from '../model/application';
import { omitUndefined } from '../policy/compact';
import { renderKuratorRollout } from '../policy/kuratorRollout';
import type { RolloutPolicy } from '../policy/rolloutPolicy';

// The rollout fields a rollout policy renders; any other field of an existing block is kept.
const MODELLED_ROLLOUT_FIELDS = [
  'testLoader',
  'trafficRoutingProvider',
  'workload',
  'serviceName',
  'port',
  'rolloutPolicy',
] as const;

/**
 * One `spec.syncPolicies[]` entry to build from a rollout policy.
 *
 * @public
 */
export type KuratorSyncPolicyOptions = {
  /** The rollout policy, rendered into the entry's `rollout` block. */
  policy: RolloutPolicy;
  /** `syncPolicies[].name`; left out when unset. */
  name?: string;
  /** Where the entry syncs to; left out when unset (the Application's destination applies). */
  destination?: {
    fleet: string;
    /** Labels the member clusters must carry (`clusterSelector.matchLabels`). */
    clusterLabels?: Record<string, string>;
  };
  /** The Flux Kustomization the entry applies, as given. */
  kustomization?: Record<string, unknown>;
};

/**
 * A Kurator Application to build from rollout policies.
 *
 * @public
 */
export type KuratorApplicationOptions = {
  name: string;
  namespace: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** `spec.source`: one Flux source (`gitRepository`, `helmRepository`, `ociRepository`), as given. */
  source: Record<string, unknown>;
  syncPolicies: KuratorSyncPolicyOptions[];
};

/**
 * The `rollout` block of a sync policy for a rollout policy: the fields the policy models are
 * rendered; any other field of the `existing` block (e.g. `primary`, `preview`) is kept.
 */
function rolloutBlock(
  policy: RolloutPolicy,
  existing: Partial<KuratorRolloutConfig> = {},
): KuratorRolloutConfig {
  const kept: Record<string, unknown> = { ...existing };
  for (const field of MODELLED_ROLLOUT_FIELDS) delete kept[field];
  return { ...kept, ...renderKuratorRollout(policy) } as KuratorRolloutConfig;
}

/**
 * Builds one Kurator `spec.syncPolicies[]` entry carrying a rollout policy. Unset options are left
 * out, so `{ policy }` alone gives `{ rollout }`.
 *
 * @public
 */
export function buildKuratorSyncPolicy(
  options: KuratorSyncPolicyOptions,
): SyncPolicy {
  const { destination } = options;
  return omitUndefined({
    name: options.name,
    destination: destination
      ? omitUndefined({
          fleet: destination.fleet,
          clusterSelector: destination.clusterLabels
            ? { matchLabels: destination.clusterLabels }
            : undefined,
        })
      : undefined,
    kustomization: options.kustomization,
    rollout: rolloutBlock(options.policy),
  });
}

/**
 * Builds a Kurator Application (`apps.kurator.dev/v1alpha1`) whose sync policies carry rollout
 * policies. Metadata labels and annotations are left out when unset.
 *
 * @public
 */
export function buildKuratorApplication(
  options: KuratorApplicationOptions,
): Application {
  return {
    apiVersion: KURATOR_APPLICATION_API_VERSION,
    kind: 'Application',
    metadata: omitUndefined({
      name: options.name,
      namespace: options.namespace,
      labels: options.labels,
      annotations: options.annotations,
    }),
    spec: {
      source: options.source,
      syncPolicies: options.syncPolicies.map(buildKuratorSyncPolicy),
    },
  };
}

/**
 * Returns a copy of an Application with a rollout policy rendered into the `rollout` block of
 * `spec.syncPolicies[index]`: the fields the policy models are replaced, everything else (other
 * sync policies, the entry's destination and Flux settings, unmodelled rollout fields) is kept.
 *
 * @public
 */
export function replaceKuratorRollout(
  application: Application,
  index: number,
  policy: RolloutPolicy,
): Application {
  const syncPolicies = application.spec.syncPolicies.map((p, i) =>
    i === index ? { ...p, rollout: rolloutBlock(policy, p.rollout) } : p,
  );
  return { ...application, spec: { ...application.spec, syncPolicies } };
}
