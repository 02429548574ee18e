import { ANNOTATION_ENTITY_REF, LABEL_KUBERNETES_ID } from '../constants';
import type { ObjectMeta } from '../model/kubernetes';

/**
 * Whether an entity may act on a rollout: only when the cluster side agrees. A rollout that an
 * entity's annotations point at, but whose objects do not name the entity, is shown as not bound
 * and accepts no action and no policy write.
 *
 * @public
 */
export type RolloutBinding =
  | {
      bound: true;
      /** Which object proved it, and how. */
      proof: string;
    }
  | {
      bound: false;
      /** Why not, and what to add to which object to bind it. */
      reason: string;
    };

/** The labels and annotations of a cluster object, as binding reads them. */
type ObjectMetadata = {
  metadata?: Pick<ObjectMeta, 'labels' | 'annotations'>;
};

/**
 * What one cluster object says about an entity:
 * - `names-entity`: its `backstage-canary.io/entity-ref` annotation lists the entity;
 * - `names-other`: that annotation lists only other entities (the object's owner has spoken);
 * - `kubernetes-id`: its `backstage.io/kubernetes-id` label equals the entity's id (binding also
 *   needs the id to be claimed by this entity alone, which only the catalog can tell);
 * - `silent`: neither.
 *
 * @public
 */
export type ObjectClaim =
  | 'names-entity'
  | 'names-other'
  | 'kubernetes-id'
  | 'silent';

/**
 * Reads what a cluster object claims about an entity.
 *
 * @param object - the Canary, Application or Namespace
 * @param entity - the entity's ref (`component:default/checkout`) and `backstage.io/kubernetes-id`
 * @public
 */
export function readObjectClaim(
  object: { metadata?: Pick<ObjectMeta, 'labels' | 'annotations'> } | undefined,
  entity: { ref: string; kubernetesId?: string },
): ObjectClaim {
  const named = entityRefsOf(object);
  if (named.length) {
    return named.includes(entity.ref.toLocaleLowerCase('en-US'))
      ? 'names-entity'
      : 'names-other';
  }
  const id = object?.metadata?.labels?.[LABEL_KUBERNETES_ID];
  if (entity.kubernetesId && id === entity.kubernetesId) return 'kubernetes-id';
  return 'silent';
}

/** The entity refs an object's `backstage-canary.io/entity-ref` annotation lists, lower-cased. */
function entityRefsOf(object: ObjectMetadata | undefined): string[] {
  const value = object?.metadata?.annotations?.[ANNOTATION_ENTITY_REF] ?? '';
  return value
    .split(',')
    .map(ref => ref.trim().toLocaleLowerCase('en-US'))
    .filter(Boolean);
}

/**
 * The fix for a rollout that is not bound, in words a service owner can act on.
 *
 * @param entityRef - the entity that wants the rollout
 * @param object - what to annotate: e.g. `Canary shop/checkout on cluster kurator-member1`
 * @param namespace - the namespace that may carry the proof instead
 * @public
 */
export function bindingHint(
  entityRef: string,
  object: string,
  namespace?: string,
): string {
  return `add the annotation ${ANNOTATION_ENTITY_REF}: ${entityRef} to ${object}${
    namespace ? ` or to its namespace ${namespace}` : ''
  }`;
}
