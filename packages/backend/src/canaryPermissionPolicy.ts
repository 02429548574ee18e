import {
  coreServices,
  createBackendModule,
  type UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  AuthorizeResult,
  isResourcePermission,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import type {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { canaryPermissions } from '@backstage-canary/plugin-canary-common';

/** The Canary permissions that change a rollout or a policy: everything but reading. */
const CANARY_CHANGE_PERMISSIONS = new Set(
  canaryPermissions
    .map(permission => permission.name)
    .filter(name => name !== 'canary.rollout.read'),
);

/**
 * The Kubernetes plugin's proxy permission. Users never need it: the Canary backend reaches the
 * clusters as its own service principal, after checking the `canary.*` permissions on the entity.
 * A user holding it could change any Canary through `/api/kubernetes/proxy` with no canary
 * permission, audit event or action log.
 */
const KUBERNETES_PROXY_PERMISSION = 'kubernetes.proxy';

/**
 * The example app's permission policy: everyone may read everything; only the owners of a catalog
 * entity may change its rollouts or rollout policies; no user may use the Kubernetes plugin's proxy.
 * Service-to-service calls are allowed by the framework before any policy is asked (the Canary
 * backend decides for service principals itself, from `canary.access.services`).
 */
export class CanaryOwnersPolicy implements PermissionPolicy {
  constructor(private readonly userInfo: UserInfoService) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    if (permission.name === KUBERNETES_PROXY_PERMISSION) {
      return { result: AuthorizeResult.DENY };
    }
    if (!CANARY_CHANGE_PERMISSIONS.has(permission.name)) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (!user || !isResourcePermission(permission, 'catalog-entity')) {
      return { result: AuthorizeResult.DENY };
    }
    const { ownershipEntityRefs } = await this.userInfo.getUserInfo(
      user.credentials,
    );
    return createCatalogConditionalDecision(
      permission,
      catalogConditions.isEntityOwner({ claims: ownershipEntityRefs }),
    );
  }
}

/** Installs {@link CanaryOwnersPolicy} as the permission backend's policy. */
export const canaryOwnersPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'canary-owners-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        userInfo: coreServices.userInfo,
      },
      async init({ policy, userInfo }) {
        policy.setPolicy(new CanaryOwnersPolicy(userInfo));
      },
    });
  },
});
