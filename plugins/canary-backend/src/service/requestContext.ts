import type {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { ResourcePermission } from '@backstage/plugin-permission-common';
import { canaryRolloutReadPermission } from '@backstage-canary/plugin-canary-common';
import type express from 'express';
import type { ClusterProviderTokens } from '../lib/cluster/ClusterGateway';
import type { EntityRolloutFinder } from '../lib/resolve/EntityRolloutFinder';
import { actorOf, type CanaryCaller } from './operations/CanaryCaller';
import { CanaryEntityAccess } from './operations/EntityAccess';
import type { ServicePrincipalAccess } from '../lib/config/ServicePrincipalAccess';

export { actorOf };

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

/** The entity ref named by a route's `:kind/:namespace/:name` parameters. */
export function entityRefOf(req: express.Request): string {
  const { kind, namespace, name } = req.params;
  return stringifyEntityRef({ kind, namespace, name });
}

/** The entity named by a route's `:kind/:namespace/:name` parameters, as its parts. */
export function entityNameOf(req: express.Request) {
  const { kind, namespace, name } = req.params;
  return { kind, namespace, name };
}

/** The canary named by a route's `:cluster/:canaryNamespace/:canaryName` parameters. */
export function canaryOf(req: express.Request) {
  const { cluster, canaryNamespace, canaryName } = req.params;
  return { cluster, namespace: canaryNamespace, name: canaryName };
}

/**
 * The caller of an HTTP request: a user or a service (401 for anyone else), with the provider
 * tokens the request carries and the request itself for the auditor.
 */
export async function callerOf(
  httpAuth: HttpAuthService,
  req: express.Request,
): Promise<CanaryCaller> {
  const credentials = await httpAuth.credentials(req, {
    allow: ['user', 'service'],
  });
  return {
    credentials,
    providerTokens: providerTokens(req),
    request: req,
    via: 'http',
  };
}

/** Loads entities and their canaries for a request, after the permission checks. */
export type EntityAccess = ReturnType<typeof createEntityAccess>;

/**
 * Entity access for HTTP routes: the request's caller, entity and canary, checked by the same
 * credentials-based access the registered actions use.
 */
export function createEntityAccess(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  finder: EntityRolloutFinder;
  services?: ServicePrincipalAccess;
}) {
  const { httpAuth } = options;
  const access = new CanaryEntityAccess(options);

  /** Loads the entity the caller may see and checks a canary permission on it. */
  async function authorizedEntity(
    req: express.Request,
    permission: ResourcePermission<'catalog-entity'>,
  ): Promise<{ entity: Entity; credentials: BackstageCredentials }> {
    const caller = await callerOf(httpAuth, req);
    const entity = await access.authorizedEntity(
      caller,
      entityNameOf(req),
      permission,
    );
    return { entity, credentials: caller.credentials };
  }

  /**
   * The canary named in the path, after checking that it is one of the entity's rollouts, so that
   * reading an entity's history never reveals another service's canary.
   */
  async function entityCanary(
    req: express.Request,
    permission: ResourcePermission<'catalog-entity'> = canaryRolloutReadPermission,
    check: { bound?: boolean } = {},
  ) {
    const caller = await callerOf(httpAuth, req);
    const found = await access.entityCanary(
      caller,
      entityNameOf(req),
      canaryOf(req),
      permission,
      check,
    );
    return { ...found, credentials: caller.credentials };
  }

  return { authorizedEntity, entityCanary };
}

/** The path of one canary of an entity; routes about one rollout hang below it. */
export const CANARY_ROUTE =
  '/entities/:kind/:namespace/:name/rollouts/:cluster/:canaryNamespace/:canaryName';
