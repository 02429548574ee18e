import type { HttpAuthService } from '@backstage/backend-plugin-api';
import { makeValidator, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type express from 'express';
import type { ClusterProviderTokens } from '../lib/cluster/ClusterGateway';
import { actorOf, type CanaryCaller } from './operations/CanaryCaller';

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

const entityNames = makeValidator();

/**
 * The entity named by a route's `:kind/:namespace/:name` parameters, as its parts; a part the
 * catalog could not hold is an input error naming the parameter and what is allowed.
 */
export function entityNameOf(req: express.Request) {
  const { kind, namespace, name } = req.params;
  const refuse = (parameter: string, value: string, allowed: string) =>
    new InputError(
      `Path parameter ${parameter} must be ${allowed}, got "${value.slice(
        0,
        100,
      )}"`,
    );
  if (!entityNames.isValidKind(kind)) {
    throw refuse(
      'kind',
      kind,
      'an entity kind: a letter, then letters and digits',
    );
  }
  if (!entityNames.isValidNamespace(namespace)) {
    throw refuse(
      'namespace',
      namespace,
      'an entity namespace: lowercase letters, digits and "-", at most 63 characters',
    );
  }
  if (!entityNames.isValidEntityName(name)) {
    throw refuse(
      'name',
      name,
      'an entity name: letters, digits, "-", "_" and ".", starting and ending with a letter or digit, at most 63 characters',
    );
  }
  return { kind, namespace, name };
}

/** The entity ref named by a route's `:kind/:namespace/:name` parameters. */
export function entityRefOf(req: express.Request): string {
  return stringifyEntityRef(entityNameOf(req));
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

/** The path of one canary of an entity; routes about one rollout hang below it. */
export const CANARY_ROUTE =
  '/entities/:kind/:namespace/:name/rollouts/:cluster/:canaryNamespace/:canaryName';
