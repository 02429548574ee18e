import type {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';
import { canaryRolloutReadPermission } from '@backstage-canary/plugin-canary-common';
import type express from 'express';
import type { ClusterProviderTokens } from '../lib/cluster/ClusterGateway';
import type { EntityRolloutFinder } from '../lib/resolve/EntityRolloutFinder';

// Headers the frontend sends with a cluster auth provider's token, as the Kubernetes plugin names them.
const PROVIDER_TOKEN_HEADER = /^backstage-kubernetes-authorization-(.+)$/;

/** The cluster auth provider tokens a request carries. */
export function providerTokens(req: express.Request): ClusterProviderTokens {
  const tokens: ClusterProviderTokens = {};
  for (const [name, value] of Object.entries(req.headers)) {
    const match = PROVIDER_TOKEN_HEADER.exec(name);
    if (match && typeof value === 'string') tokens[match[1]] = value;
  }
  return tokens;
}

/** Who asked: the user's entity ref, or the calling service's subject. */
export function actorOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type?: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (principal.type === 'user' && principal.userEntityRef) {
    return principal.userEntityRef;
  }
  if (principal.type === 'service' && principal.subject) {
    return principal.subject;
  }
  return 'unknown';
}

/** The entity ref named by a route's `:kind/:namespace/:name` parameters. */
export function entityRefOf(req: express.Request): string {
  const { kind, namespace, name } = req.params;
  return stringifyEntityRef({ kind, namespace, name });
}

/** Loads entities and their canaries for a request, after the permission checks. */
export type EntityAccess = ReturnType<typeof createEntityAccess>;

export function createEntityAccess(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  finder: EntityRolloutFinder;
}) {
  const { httpAuth, permissions, catalog, finder } = options;

  /** Loads the entity the caller may see and checks a canary permission on it. */
  async function authorizedEntity(
    req: express.Request,
    permission: ResourcePermission<'catalog-entity'>,
  ): Promise<{ entity: Entity; credentials: BackstageCredentials }> {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const { kind, namespace, name } = req.params;
    const entity = await catalog.getEntityByRef(
      { kind, namespace, name },
      { credentials },
    );
    if (!entity) {
      throw new NotFoundError(
        `Entity ${kind}:${namespace}/${name} was not found in the catalog`,
      );
    }
    const [decision] = await permissions.authorize(
      [{ permission, resourceRef: stringifyEntityRef(entity) }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Permission ${permission.name} is required for ${stringifyEntityRef(
          entity,
        )}`,
      );
    }
    return { entity, credentials };
  }

  /**
   * The canary named in the path, after checking that it is one of the entity's rollouts, so that
   * reading an entity's history never reveals another service's canary.
   */
  async function entityCanary(
    req: express.Request,
    permission: ResourcePermission<'catalog-entity'> = canaryRolloutReadPermission,
  ) {
    const { entity, credentials } = await authorizedEntity(req, permission);
    const { cluster, canaryNamespace, canaryName } = req.params;
    const context = { credentials, providerTokens: providerTokens(req) };
    const rollouts = await finder.find(entity, context);
    const rollout = rollouts.rollouts.find(
      r =>
        r.cluster === cluster &&
        r.namespace === canaryNamespace &&
        r.name === canaryName,
    );
    if (!rollout) {
      throw new NotFoundError(
        `Canary ${canaryNamespace}/${canaryName} on cluster ${cluster} is not a rollout of ${stringifyEntityRef(
          entity,
        )}`,
      );
    }
    return {
      entity,
      credentials,
      key: { cluster, namespace: canaryNamespace, name: canaryName },
      rollout,
      rollouts,
      context,
    };
  }

  return { authorizedEntity, entityCanary };
}

/** The path of one canary of an entity; routes about one rollout hang below it. */
export const CANARY_ROUTE =
  '/entities/:kind/:namespace/:name/rollouts/:cluster/:canaryNamespace/:canaryName';
