import type { Application, SyncPolicy } from '../model/application';

/**
 * Where a Kurator sync policy places its workloads: a fleet, and the labels its member clusters
 * must carry (Kurator's `ApplicationDestination`).
 *
 * @public
 */
export type KuratorDestination = {
  fleet: string;
  clusterSelector?: { matchLabels?: Record<string, string> };
};

/**
 * The name Kurator gives a sync policy: its `name`, or `<application>-<index>` when it has none.
 * The name is the `kurator.dev/rollout` annotation of every object Kurator renders for it.
 *
 * @public
 */
export function getKuratorPolicyName(
  application: Pick<Application, 'metadata'>,
  index: number,
  policy: Pick<SyncPolicy, 'name'>,
): string {
  return policy.name || `${application.metadata.name ?? ''}-${index}`;
}

/**
 * The destination a sync policy uses: its own, or the Application's when it has none (Kurator's
 * `getPolicyDestination`). Undefined when neither names a fleet.
 *
 * @public
 */
export function getKuratorPolicyDestination(
  application: Pick<Application, 'spec'>,
  policy: Pick<SyncPolicy, 'destination'>,
): KuratorDestination | undefined {
  const destination = policy.destination ?? application.spec.destination;
  return destination?.fleet ? destination : undefined;
}

/**
 * Whether a fleet member with these labels is selected by the destination's `clusterSelector`
 * (every `matchLabels` entry present with the same value; no selector selects every member).
 *
 * @public
 */
export function isSelectedByKuratorDestination(
  labels: Record<string, string> | undefined,
  destination: KuratorDestination,
): boolean {
  const wanted = destination.clusterSelector?.matchLabels ?? {};
  return Object.entries(wanted).every(
    ([key, value]) => labels?.[key] === value,
  );
}

/**
 * Whether the destination selects members by label, so each member's labels must be read.
 *
 * @public
 */
export function hasKuratorClusterSelector(
  destination: KuratorDestination,
): boolean {
  return Object.keys(destination.clusterSelector?.matchLabels ?? {}).length > 0;
}
