import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ensureDir } from '../paths';
import { randomToken } from '../pki';

/**
 * The lab's OpenID Provider: one confidential client (Backstage's auth backend), a login page
 * where a user types a name, and ID tokens whose `sub` is that name. kurator-member2's API server
 * trusts its tokens (see oidcMember.ts).
 */

/** The client id of Backstage's auth backend at the lab IdP; also the API server's audience. */
export const IDP_CLIENT_ID = 'backstage';
/** Every signed-in user is in this group (the `groups` claim). */
export const IDP_USERS_GROUP = 'lab-users';
/** Backend ports whose auth handler may receive the IdP's codes (the dev app and the adoption app). */
export const IDP_BACKEND_PORTS = [7007, 7307];

/** What the `idp` process serves; written to the state directory by `Lab.start`. */
export type IdpSpec = {
  port: number;
  issuer: string;
  certFile: string;
  keyFile: string;
  /** The private signing key (JWK); kept, so a restarted IdP's earlier tokens still verify. */
  signingKey: Record<string, unknown>;
  /** Secrets of the session and interaction cookies. */
  cookieKeys: string[];
  client: { id: string; secret: string; redirectUris: string[] };
};

type IdpSecrets = {
  clientSecret: string;
  cookieKeys: string[];
  signingKey: Record<string, unknown>;
};

/** The IdP's secrets, created once per lab (pki directory). */
function idpSecrets(pkiDir: string): IdpSecrets {
  const file = path.join(pkiDir, 'idp.json');
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    const { privateKey } = crypto.generateKeyPairSync('rsa', {
      modulusLength: 2048,
    });
    const signingKey = {
      ...(privateKey.export({ format: 'jwk' }) as Record<string, unknown>),
      kid: randomToken().slice(0, 16),
      use: 'sig',
      alg: 'RS256',
    };
    const secrets = {
      clientSecret: randomToken(),
      cookieKeys: [randomToken()],
      signingKey,
    };
    ensureDir(pkiDir);
    fs.writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
    return secrets;
  }
}

/**
 * The redirect URIs of Backstage's auth backend handler (`/api/auth/oidc/handler/frame`) on the
 * backend ports, also shifted by the lab's port offset, on `localhost` and `127.0.0.1`.
 */
export function idpRedirectUris(offset: number): string[] {
  const ports = new Set(IDP_BACKEND_PORTS.flatMap(p => [p, p + offset]));
  return [...ports].flatMap(port =>
    ['localhost', '127.0.0.1'].map(
      host => `http://${host}:${port}/api/auth/oidc/handler/frame`,
    ),
  );
}

export function idpSpec(options: {
  port: number;
  offset: number;
  pkiDir: string;
  certFile: string;
  keyFile: string;
}): IdpSpec {
  const secrets = idpSecrets(options.pkiDir);
  return {
    port: options.port,
    issuer: `https://127.0.0.1:${options.port}`,
    certFile: options.certFile,
    keyFile: options.keyFile,
    signingKey: secrets.signingKey,
    cookieKeys: secrets.cookieKeys,
    client: {
      id: IDP_CLIENT_ID,
      secret: secrets.clientSecret,
      redirectUris: idpRedirectUris(options.offset),
    },
  };
}

export function readIdpSpec(file: string): IdpSpec {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** Names a user may sign in with: what the API server's RBAC can name (`oidc:<name>`). */
export const USER_NAME_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;
