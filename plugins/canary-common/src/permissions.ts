import { createPermission } from '@backstage/plugin-permission-common';
import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';

/**
 * Read the rollouts of an entity: state, history, metrics.
 *
 * @public
 */
export const canaryRolloutReadPermission = createPermission({
  name: 'canary.rollout.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Pause or resume a rollout.
 *
 * @public
 */
export const canaryRolloutPausePermission = createPermission({
  name: 'canary.rollout.pause',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Promote a rollout: finish its analysis now.
 *
 * @public
 */
export const canaryRolloutPromotePermission = createPermission({
  name: 'canary.rollout.promote',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Abort a rollout: roll back to the primary now.
 *
 * @public
 */
export const canaryRolloutAbortPermission = createPermission({
  name: 'canary.rollout.abort',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Retry a rollout: restart the analysis of the current revision.
 *
 * @public
 */
export const canaryRolloutRetryPermission = createPermission({
  name: 'canary.rollout.retry',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Approve a rollout that waits at a gate.
 *
 * @public
 */
export const canaryRolloutApprovePermission = createPermission({
  name: 'canary.rollout.approve',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Create or change the rollout policy of an entity.
 *
 * @public
 */
export const canaryPolicyCreatePermission = createPermission({
  name: 'canary.policy.create',
  attributes: { action: 'create' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Every permission of the canary plugin, for registration with the permission framework.
 *
 * @public
 */
export const canaryPermissions = [
  canaryRolloutReadPermission,
  canaryRolloutPausePermission,
  canaryRolloutPromotePermission,
  canaryRolloutAbortPermission,
  canaryRolloutRetryPermission,
  canaryRolloutApprovePermission,
  canaryPolicyCreatePermission,
];
