import type { ObjectMeta } from '../model/kubernetes';

/**
 * The annotation Kurator puts on every object it renders for a rollout (value: the sync policy name).
 *
 * @public
 */
export const KURATOR_ROLLOUT_ANNOTATION = 'kurator.dev/rollout';

/**
 * The Kurator sync policy that renders this Canary (from annotation `kurator.dev/rollout`), or
 * `undefined` for a native canary the user owns. Kurator re-renders such a Canary every ~30 s, so
 * actions must go to the Application's rollout policy, never to the Canary.
 *
 * @public
 */
export function getKuratorRolloutPolicyName(object: {
  metadata: ObjectMeta;
}): string | undefined {
  const value = object.metadata.annotations?.[KURATOR_ROLLOUT_ANNOTATION];
  return value === undefined ? undefined : value;
}

/**
 * Whether a Canary (or other object) is rendered and owned by Kurator.
 *
 * @public
 */
export function isKuratorManaged(object: { metadata: ObjectMeta }): boolean {
  return getKuratorRolloutPolicyName(object) !== undefined;
}
