import fs from 'node:fs';
import https from 'node:https';
import type { LabInfo } from '../lib/labInfo';

type Reply = { status: number; location?: string; body: string };

/** One HTTPS request to the lab IdP, never following redirects; cookies go to and from `jar`. */
function request(
  url: string,
  options: {
    ca: string;
    jar: Map<string, string>;
    method?: string;
    form?: Record<string, string>;
    headers?: Record<string, string>;
  },
): Promise<Reply> {
  const body = options.form
    ? new URLSearchParams(options.form).toString()
    : undefined;
  const cookie = [...options.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      {
        method: options.method ?? 'GET',
        ca: options.ca,
        agent: false,
        timeout: 15000,
        headers: {
          ...(cookie ? { Cookie: cookie } : {}),
          ...(body
            ? {
                'Content-Type': 'application/x-www-form-urlencoded',
                'Content-Length': String(Buffer.byteLength(body)),
              }
            : {}),
          ...options.headers,
        },
      },
      res => {
        for (const line of res.headers['set-cookie'] ?? []) {
          const [pair] = line.split(';');
          const eq = pair.indexOf('=');
          options.jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1));
        }
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            location: res.headers.location,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${url}: timeout`)));
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

function expectRedirect(reply: Reply, what: string): string {
  if (reply.status < 300 || reply.status >= 400 || !reply.location) {
    throw new Error(
      `${what}: expected a redirect, got HTTP ${
        reply.status
      } ${reply.body.slice(0, 300)}`,
    );
  }
  return reply.location;
}

/**
 * Signs `user` in at the lab IdP as a browser would, through the authorization code flow of
 * Backstage's client (the login form, then the token endpoint with the client's secret), and
 * returns the ID token: what Backstage's auth backend gets for that user.
 */
export async function idpIdToken(info: LabInfo, user: string): Promise<string> {
  const idp = info.idp;
  if (!idp) throw new Error('The lab runs no IdP (lab.json has no idp)');
  const ca = fs.readFileSync(idp.caFile, 'utf8');
  const jar = new Map<string, string>();
  const redirectUri = 'http://localhost:7007/api/auth/oidc/handler/frame';
  const authorize = new URL(`${idp.issuer}/auth`);
  authorize.search = new URLSearchParams({
    client_id: idp.clientId,
    response_type: 'code',
    scope: 'openid profile email',
    redirect_uri: redirectUri,
    state: 'lab-test',
    nonce: 'lab-test',
  }).toString();

  const login = expectRedirect(
    await request(authorize.href, { ca, jar }),
    'authorization request',
  );
  const loginUrl = new URL(login, idp.issuer);
  const page = await request(loginUrl.href, { ca, jar });
  if (page.status !== 200 || !page.body.includes('name="username"')) {
    throw new Error(
      `login page: HTTP ${page.status} ${page.body.slice(0, 300)}`,
    );
  }
  let next = expectRedirect(
    await request(`${loginUrl.href}/login`, {
      ca,
      jar,
      method: 'POST',
      form: { username: user },
    }),
    'login form',
  );
  // Back to the authorization endpoint, which answers with the code at the redirect URI.
  for (let hops = 0; !next.startsWith(redirectUri); hops++) {
    if (hops > 5) throw new Error(`too many redirects, last ${next}`);
    next = expectRedirect(
      await request(new URL(next, idp.issuer).href, { ca, jar }),
      `redirect to ${next}`,
    );
  }
  const code = new URL(next).searchParams.get('code');
  if (!code) throw new Error(`no code in ${next}`);

  const token = await request(`${idp.issuer}/token`, {
    ca,
    jar: new Map(),
    method: 'POST',
    form: { grant_type: 'authorization_code', code, redirect_uri: redirectUri },
    headers: {
      Authorization: `Basic ${Buffer.from(
        `${encodeURIComponent(idp.clientId)}:${encodeURIComponent(
          idp.clientSecret,
        )}`,
      ).toString('base64')}`,
    },
  });
  if (token.status !== 200) {
    throw new Error(`token endpoint: HTTP ${token.status} ${token.body}`);
  }
  return JSON.parse(token.body).id_token;
}
