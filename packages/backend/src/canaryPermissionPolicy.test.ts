import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  canaryPolicyCreatePermission,
  canaryRolloutPromotePermission,
  canaryRolloutReadPermission,
} from '@backstage-canary/plugin-canary-common';
import { CanaryOwnersPolicy } from './canaryPermissionPolicy';

describe('CanaryOwnersPolicy', () => {
  const userInfo = mockServices.userInfo({
    userEntityRef: 'user:default/guest',
    ownershipEntityRefs: ['user:default/guest', 'group:default/guests'],
  });
  const policy = new CanaryOwnersPolicy(userInfo);
  const user = {
    credentials: mockCredentials.user('user:default/guest'),
    info: { userEntityRef: 'user:default/guest', ownershipEntityRefs: [] },
  };

  it('lets everyone read rollouts and use the rest of Backstage', async () => {
    for (const permission of [
      canaryRolloutReadPermission,
      {
        type: 'basic' as const,
        name: 'catalog.entity.create',
        attributes: {},
      },
    ]) {
      await expect(policy.handle({ permission }, user)).resolves.toEqual({
        result: AuthorizeResult.ALLOW,
      });
    }
  });

  it("lets only the entity's owners act on its rollouts and policies", async () => {
    for (const permission of [
      canaryRolloutPromotePermission,
      canaryPolicyCreatePermission,
    ]) {
      const decision = await policy.handle({ permission }, user);
      expect(decision).toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'catalog',
        resourceType: 'catalog-entity',
        conditions: {
          rule: 'IS_ENTITY_OWNER',
          resourceType: 'catalog-entity',
          params: { claims: ['user:default/guest', 'group:default/guests'] },
        },
      });
    }
  });

  it("denies every user the Kubernetes plugin's proxy: the Canary backend calls it as itself", async () => {
    await expect(
      policy.handle(
        {
          permission: {
            type: 'basic',
            name: 'kubernetes.proxy',
            attributes: {},
          },
        },
        user,
      ),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
  });

  it('denies rollout changes to callers without a user', async () => {
    await expect(
      policy.handle({ permission: canaryRolloutPromotePermission }),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
  });
});
