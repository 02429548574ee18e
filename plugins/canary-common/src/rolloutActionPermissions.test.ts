import { isResourcePermission } from '@backstage/plugin-permission-common';
import { canaryPermissions } from './permissions';
import {
  ROLLOUT_ACTION_PERMISSIONS,
  rolloutActionPermission,
} from './rolloutActionPermissions';
import { ROLLOUT_ACTIONS } from './rollout/rolloutActions';

// The permissions that change a rollout: every one must be reachable from some rollout action,
// or it could be granted without ever letting anyone do anything.
const rolloutChangePermissions = canaryPermissions.filter(
  permission =>
    permission.name.startsWith('canary.rollout.') &&
    permission.attributes.action !== 'read',
);

describe('ROLLOUT_ACTION_PERMISSIONS', () => {
  it('gives every rollout action a registered permission on the catalog entity', () => {
    expect(Object.keys(ROLLOUT_ACTION_PERMISSIONS).sort()).toEqual(
      [...ROLLOUT_ACTIONS].sort(),
    );
    for (const action of ROLLOUT_ACTIONS) {
      const permission = rolloutActionPermission(action);
      expect(canaryPermissions).toContain(permission);
      expect(isResourcePermission(permission, 'catalog-entity')).toBe(true);
      expect(permission.attributes.action).toBe('update');
    }
  });

  it('reaches every permission that changes a rollout', () => {
    const reached = new Set(ROLLOUT_ACTIONS.map(rolloutActionPermission));
    expect(rolloutChangePermissions.length).toBeGreaterThan(0);
    for (const permission of rolloutChangePermissions) {
      expect(reached.has(permission)).toBe(true);
    }
  });

  it('lets resume, the undo of a pause, need the pause permission', () => {
    expect(rolloutActionPermission('resume')).toBe(
      rolloutActionPermission('pause'),
    );
  });
});
