import { isResourcePermission } from '@backstage/plugin-permission-common';
import { canaryPermissions } from './permissions';

describe('canaryPermissions', () => {
  it('holds exactly the permissions the design names', () => {
    expect(canaryPermissions.map(p => p.name)).toEqual([
      'canary.rollout.read',
      'canary.rollout.pause',
      'canary.rollout.promote',
      'canary.rollout.abort',
      'canary.rollout.retry',
      'canary.rollout.approve',
      'canary.policy.create',
    ]);
  });

  it('authorizes on the catalog entity, so policies like "owners may promote" apply', () => {
    for (const permission of canaryPermissions) {
      expect(isResourcePermission(permission, 'catalog-entity')).toBe(true);
    }
  });

  it('marks reads as read and rollout actions as updates', () => {
    const byName = Object.fromEntries(
      canaryPermissions.map(p => [p.name, p.attributes.action]),
    );
    expect(byName['canary.rollout.read']).toBe('read');
    expect(byName['canary.rollout.promote']).toBe('update');
    expect(byName['canary.policy.create']).toBe('create');
  });
});
