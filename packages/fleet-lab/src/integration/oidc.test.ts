import fs from 'node:fs';
import { KubeClient, KubeError } from '../lib/KubeClient';
import { clusterInfo } from '../lib/labInfo';
import { OIDC_MEMBER } from '../lib/idp/oidcMember';
import { sleep } from '../lib/processes';
import { idpIdToken } from '../testing/idpLogin';
import { labInfo } from '../testing/labTestUtils';

// kurator-member2 trusts the lab IdP: an ID token from the IdP's authorization code flow (the one
// Backstage's auth backend runs) authenticates its user as oidc:<name>, RBAC applies to that user,
// and the member's audit log names who wrote. The service-account and static tokens keep working.

const PAYMENTS =
  '/apis/flagger.app/v1beta1/namespaces/payments/canaries/payments';

type AuditEvent = {
  verb: string;
  objectRef?: { resource?: string; namespace?: string; name?: string };
  user: { username: string; groups?: string[] };
  responseStatus?: { code?: number };
  annotations?: Record<string, string>;
};

function auditEvents(file: string): AuditEvent[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map(line => JSON.parse(line));
}

function memberClient(token: string): KubeClient {
  const member = clusterInfo(labInfo(), OIDC_MEMBER);
  return new KubeClient({
    server: member.apiserverUrl ?? member.url,
    caPem: fs.readFileSync(member.caFile, 'utf8'),
    token,
  });
}

/** The API server fetches the IdP's keys in the background after it starts: retry until then. */
async function asUser<T>(
  token: string,
  fn: (client: KubeClient) => Promise<T>,
): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const client = memberClient(token);
    try {
      return await fn(client);
    } catch (error) {
      if (
        !(error instanceof KubeError && error.statusCode === 401) ||
        Date.now() > deadline
      ) {
        throw error;
      }
      await sleep(1000);
    } finally {
      client.close();
    }
  }
}

describe('the OIDC member', () => {
  it('describes the IdP and the member in lab.json', () => {
    const info = labInfo();
    expect(info.idp?.issuer).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const member = clusterInfo(info, OIDC_MEMBER);
    expect(member.oidc).toMatchObject({
      issuer: info.idp!.issuer,
      clientId: info.idp!.clientId,
      usernamePrefix: 'oidc:',
      operators: ['alice'],
    });
  });

  it("authenticates the IdP's users, applies their RBAC and audits whose token wrote", async () => {
    const info = labInfo();
    const member = clusterInfo(info, OIDC_MEMBER);
    const alice = await idpIdToken(info, 'alice');
    const mallory = await idpIdToken(info, 'mallory');
    expect(
      JSON.parse(Buffer.from(alice.split('.')[1], 'base64url').toString()),
    ).toMatchObject({ iss: info.idp!.issuer, aud: 'backstage', sub: 'alice' });

    const review = await asUser(alice, c =>
      c.request(
        'POST',
        '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
        {
          body: {
            apiVersion: 'authorization.k8s.io/v1',
            kind: 'SelfSubjectAccessReview',
            spec: {
              resourceAttributes: {
                group: 'flagger.app',
                resource: 'canaries',
                verb: 'patch',
                namespace: 'payments',
              },
            },
          },
        },
      ),
    );
    expect(review.status.allowed).toBe(true);

    const canary = await asUser(alice, c => c.request('GET', PAYMENTS));
    expect(canary.metadata.name).toBe('payments');
    // A write that changes nothing the lab's Flagger acts on: an annotation naming this test.
    const marker = `oidc-test-${Date.now()}`;
    const patched = await asUser(alice, c =>
      c.request('PATCH', PAYMENTS, {
        contentType: 'application/merge-patch+json',
        body: { metadata: { annotations: { 'fleet-lab.test/oidc': marker } } },
      }),
    );
    expect(patched.metadata.annotations['fleet-lab.test/oidc']).toBe(marker);

    const refused = await asUser(mallory, c =>
      c.request('GET', PAYMENTS).then(
        () => 200,
        (error: KubeError) => error.statusCode,
      ),
    );
    expect(refused).toBe(403);

    // The audit log (written within a second or so) names oidc:alice for the patch and
    // oidc:mallory for the refused read.
    const deadline = Date.now() + 30_000;
    let events: AuditEvent[] = [];
    const patchedByAlice = () =>
      events.some(
        e =>
          e.verb === 'patch' &&
          e.user.username === 'oidc:alice' &&
          e.user.groups?.includes('oidc:lab-users') &&
          e.objectRef?.name === 'payments' &&
          e.responseStatus?.code === 200,
      );
    const refusedMallory = () =>
      events.some(
        e =>
          e.verb === 'get' &&
          e.user.username === 'oidc:mallory' &&
          e.responseStatus?.code === 403,
      );
    while (!(patchedByAlice() && refusedMallory()) && Date.now() < deadline) {
      await sleep(500);
      events = auditEvents(member.oidc!.auditLog);
    }
    expect(patchedByAlice()).toBe(true);
    expect(refusedMallory()).toBe(true);
  });

  it('keeps accepting the service-account token', async () => {
    const member = clusterInfo(labInfo(), OIDC_MEMBER);
    const client = memberClient(member.tokens.backstage);
    try {
      const canary = await client.request('GET', PAYMENTS);
      expect(canary.metadata.name).toBe('payments');
    } finally {
      client.close();
    }
  });
});
