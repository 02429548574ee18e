import fs from 'node:fs';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { IDP_USERS_GROUP, IdpSpec, readIdpSpec } from './idpSpec';
import { loginPage, postedUserName } from './loginPage';

const INTERACTION = /^\/interaction\/([A-Za-z0-9_-]+)(\/login)?$/;

function send(res: ServerResponse, status: number, html: string) {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
  });
  res.end(html);
}

/** oidc-provider configured for the lab: the one client, any user name, groups in the ID token. */
async function createProvider(spec: IdpSpec) {
  const { default: Provider } = await import('oidc-provider');
  const provider = new Provider(spec.issuer, {
    clients: [
      {
        client_id: spec.client.id,
        client_secret: spec.client.secret,
        redirect_uris: spec.client.redirectUris,
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [spec.signingKey] },
    cookies: { keys: spec.cookieKeys },
    // The API server reads `groups` from the ID token, which the code flow would otherwise leave to
    // the userinfo endpoint.
    conformIdTokenClaims: false,
    claims: {
      openid: ['sub', 'groups'],
      email: ['email', 'email_verified'],
      profile: ['name', 'preferred_username'],
    },
    scopes: ['openid', 'offline_access', 'email', 'profile'],
    features: { devInteractions: { enabled: false } },
    // A refresh token with every code, so that the auth backend renews the session silently after
    // a page reload (Backstage asks for no offline_access).
    issueRefreshToken: async (_ctx: unknown, client: any) =>
      client.grantTypeAllowed('refresh_token'),
    findAccount: async (_ctx: unknown, sub: string) => ({
      accountId: sub,
      claims: async () => ({
        sub,
        name: sub,
        preferred_username: sub,
        email: `${sub}@lab.invalid`,
        email_verified: true,
        groups: [IDP_USERS_GROUP],
      }),
    }),
    // The one client is first-party: its consent is given with the sign-in.
    loadExistingGrant: async (ctx: any) => {
      const grantId =
        ctx.oidc.result?.consent?.grantId ||
        ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope('openid offline_access email profile');
      await grant.save();
      return grant;
    },
    interactions: {
      url: async (_ctx: unknown, interaction: { uid: string }) =>
        `/interaction/${interaction.uid}`,
    },
    ttl: { IdToken: 3600, AccessToken: 3600, Session: 8 * 3600 },
  });
  return provider;
}

/**
 * Serves the lab IdP over HTTPS on 127.0.0.1 until SIGTERM or SIGINT (`start` runs it in the
 * background as `idp`).
 */
export async function runIdentityProvider(file: string): Promise<void> {
  const spec = readIdpSpec(file);
  const provider = await createProvider(spec);
  const oidc = provider.callback();

  const interaction = async (
    req: IncomingMessage,
    res: ServerResponse,
    uid: string,
    posted: boolean,
  ) => {
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) {
      send(res, 400, 'This sign-in is no longer current; start again.');
      return;
    }
    const action = `/interaction/${uid}/login`;
    if (!posted) {
      send(res, 200, loginPage({ action, clientId: spec.client.id }));
      return;
    }
    const user = await postedUserName(req);
    if ('error' in user) {
      send(
        res,
        400,
        loginPage({ action, clientId: spec.client.id, error: user.error }),
      );
      return;
    }
    process.stdout.write(
      `${new Date().toISOString()} signed in: ${user.name}\n`,
    );
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: user.name } },
      { mergeWithLastSubmission: false },
    );
  };

  const server = https.createServer(
    {
      cert: fs.readFileSync(spec.certFile),
      key: fs.readFileSync(spec.keyFile),
    },
    (req, res) => {
      const url = new URL(req.url ?? '/', spec.issuer);
      const match = url.pathname.match(INTERACTION);
      if (url.pathname === '/healthz') {
        res.writeHead(200).end('ok');
        return;
      }
      if (!match) {
        oidc(req, res);
        return;
      }
      const posted = Boolean(match[2]);
      if (posted !== (req.method === 'POST')) {
        send(res, 405, 'Method not allowed');
        return;
      }
      interaction(req, res, match[1], posted).catch(error => {
        process.stderr.write(`interaction ${match[1]}: ${error}\n`);
        if (!res.headersSent) {
          send(res, 400, 'This sign-in expired or failed; start again.');
        }
      });
    },
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(spec.port, '127.0.0.1', resolve);
  });
  process.stdout.write(
    `${new Date().toISOString()} lab IdP ${spec.issuer} (client ${
      spec.client.id
    })\n`,
  );
  await new Promise<void>(resolve => {
    const shutdown = () => {
      server.close(() => resolve());
      server.closeAllConnections();
      setTimeout(resolve, 2000).unref();
    };
    process.once('SIGTERM', shutdown);
    process.once('SIGINT', shutdown);
  });
}
