import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { Request } from 'express';
import type { ClusterProviderTokens } from '../../lib/cluster/ClusterGateway';

/**
 * Who calls an operation, whatever the door: the HTTP routes, the actions registry (MCP clients,
 * templates) or another plugin. Every operation checks its permission with these credentials, so
 * all callers are treated alike.
 */
export type CanaryCaller = {
  /** The caller's Backstage credentials (a user, or a service acting for itself or a user). */
  credentials: BackstageCredentials;
  /** Client-side cluster auth provider tokens the caller's browser sent, if any. */
  providerTokens?: ClusterProviderTokens;
  /** The HTTP request, when the call came through one: the auditor reads its actor and origin. */
  request?: Request;
  /** How the call arrived, kept in audit events: `http` or `actions-registry`. */
  via?: 'http' | 'actions-registry';
};

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

/** The cluster call context of a caller: its credentials and provider tokens. */
export function clusterContextOf(caller: CanaryCaller) {
  return {
    credentials: caller.credentials,
    providerTokens: caller.providerTokens ?? {},
  };
}
