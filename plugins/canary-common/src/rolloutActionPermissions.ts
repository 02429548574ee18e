import type { ResourcePermission } from '@backstage/plugin-permission-common';
import {
  canaryRolloutAbortPermission,
  canaryRolloutApprovePermission,
  canaryRolloutPausePermission,
  canaryRolloutPromotePermission,
  canaryRolloutRetryPermission,
} from './permissions';
import type { RolloutAction } from './rollout/rolloutActions';

/**
 * The permission on the catalog entity each rollout action needs. It is kept next to the
 * permissions, as the permission objects themselves, so the backend's check, the actions
 * registry, the inbox, the frontend and the end-to-end tests all read the one table and a new
 * action cannot be added without a permission: resume is a pause's undo and needs the same one.
 *
 * @public
 */
export const ROLLOUT_ACTION_PERMISSIONS = {
  pause: canaryRolloutPausePermission,
  resume: canaryRolloutPausePermission,
  promote: canaryRolloutPromotePermission,
  abort: canaryRolloutAbortPermission,
  retry: canaryRolloutRetryPermission,
  approve: canaryRolloutApprovePermission,
} as const satisfies Record<
  RolloutAction,
  ResourcePermission<'catalog-entity'>
>;

/**
 * The permission on the catalog entity a rollout action needs, from
 * {@link ROLLOUT_ACTION_PERMISSIONS}: a function, so callers name the action rather than index
 * the table.
 *
 * @public
 */
export function rolloutActionPermission(
  action: RolloutAction,
): ResourcePermission<'catalog-entity'> {
  return ROLLOUT_ACTION_PERMISSIONS[action];
}
