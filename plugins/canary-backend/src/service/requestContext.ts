import type { HttpAuthService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type express from 'express';
import type { ClusterProviderTokens } from '../lib/cluster/ClusterGateway';
import { readCanaryRef } from '../lib/input/canaryRef';
import { readEntityName } from '../lib/input/entityName';
import { pathParameter } from '../lib/input/InputField';
import { actorOf, type CanaryCaller } from './operations/CanaryCaller';

export { actorOf };

/** Any request of the API's router, whatever the spec types its parameters, query and body as. */
export type AnyRequest = express.Request<any, any, any, any>;

// Headers the frontend sends with a cluster auth provider's token, as the Kubernetes plugin names them.
const PROVIDER_TOKEN_HEADER = /^backstage-kubernetes-authorization-(.+)$/;

/** The cluster auth provider tokens a request carries. */
export function providerTokens(req: AnyRequest): ClusterProviderTokens {
  const tokens: ClusterProviderTokens = {};
  for (const [name, value] of Object.entries(req.headers)) {
    const match = PROVIDER_TOKEN_HEADER.exec(name);
    if (match && typeof value === 'string') tokens[match[1]] = value;
  }
  return tokens;
}

/**
 * The entity named by a route's `:kind/:namespace/:name` parameters, as its parts; a part the
 * catalog could not hold is an input error naming the parameter and what is allowed.
 */
export function entityNameOf(req: AnyRequest) {
  const { kind, namespace, name } = req.params;
  return readEntityName(
    { kind, namespace, name },
    {
      kind: pathParameter('kind'),
      namespace: pathParameter('namespace'),
      name: pathParameter('name'),
    },
  );
}

/** The entity ref named by a route's `:kind/:namespace/:name` parameters. */
export function entityRefOf(req: AnyRequest): string {
  return stringifyEntityRef(entityNameOf(req));
}

/**
 * The canary named by a route's `:cluster/:canaryNamespace/:canaryName` parameters, each checked
 * by the parser the registered actions use.
 */
export function canaryOf(req: AnyRequest) {
  const { cluster, canaryNamespace, canaryName } = req.params;
  return readCanaryRef(
    { cluster, namespace: canaryNamespace, name: canaryName },
    {
      cluster: pathParameter('cluster'),
      namespace: pathParameter('canaryNamespace'),
      name: pathParameter('canaryName'),
    },
  );
}

/**
 * The caller of an HTTP request: a user or a service (401 for anyone else), with the provider
 * tokens the request carries and the request itself for the auditor.
 */
export async function callerOf(
  httpAuth: HttpAuthService,
  req: AnyRequest,
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

/** The path of one canary of an entity; routes about one rollout hang below it. */
export const CANARY_ROUTE =
  '/entities/:kind/:namespace/:name/rollouts/:cluster/:canaryNamespace/:canaryName';
