import fs from 'fs';
import path from 'path';
import { expect, test } from '@playwright/test';
import { adminGet, eventually, guestToken, labCluster } from './lab';

// The trust model, against the real backend (with the real Kubernetes backend plugin, the
// permission policy of packages/backend and the catalog) and the fleet lab: who may read and do what.
// Every refused call must leave the clusters as they were and write no history row; the table that
// ran is printed at the end.
const backend = 'http://localhost:7007';
const api = `${backend}/api/canary`;
const member = 'kurator-member1';
const CHECKOUT = `${member}/shop/checkout`;
const PODINFO = `${member}/test/podinfo`;
const checkoutPath =
  '/apis/flagger.app/v1beta1/namespaces/shop/canaries/checkout';
const podinfoPath =
  '/apis/flagger.app/v1beta1/namespaces/test/canaries/podinfo';
const ACTIONS = ['pause', 'resume', 'promote', 'abort', 'retry', 'approve'];
const labConfig = path.resolve(__dirname, '../../../.lab/app-config.lab.yaml');

/** A static external-access token of the running backend, as scripts/lab-app-config.mjs wrote it. */
function externalToken(subject: string): string {
  // The file is JSON (which is YAML).
  const config = JSON.parse(
    fs.readFileSync(labConfig, 'utf8').replace(/^#.*\n/, ''),
  );
  const entry = config.backend.auth.externalAccess.find(
    (e: any) => e.options.subject === subject,
  );
  return entry.options.token;
}

type Call = {
  method: 'GET' | 'POST';
  url: string;
  body?: unknown;
  what: string;
};

const entityBase = (entity: string) =>
  `${api}/entities/component/default/${entity}`;

/** Every read, action, gate and policy route and registered action, for one entity and canary. */
function callsFor(entity: string, canary: string, policy: unknown): Call[] {
  const base = entityBase(entity);
  const rollout = `${base}/rollouts/${canary}`;
  const [cluster, namespace, name] = canary.split('/');
  const entityRef = `component:default/${entity}`;
  const reason = { reason: 'trust table' };
  const invoke = (action: string, input: unknown): Call => ({
    method: 'POST',
    url: `${api}/.backstage/actions/v1/actions/canary:${action}/invoke`,
    body: input,
    what: `action ${action}`,
  });
  return [
    { method: 'GET', url: `${base}/rollouts`, what: 'read rollouts' },
    { method: 'GET', url: rollout, what: 'read detail' },
    { method: 'GET', url: `${rollout}/runs`, what: 'read runs' },
    { method: 'GET', url: `${rollout}/timeline`, what: 'read timeline' },
    { method: 'GET', url: `${rollout}/metrics`, what: 'read metrics' },
    { method: 'GET', url: `${rollout}/gates`, what: 'read gates' },
    { method: 'GET', url: `${base}/policy`, what: 'read policy' },
    ...ACTIONS.map(
      (action): Call => ({
        method: 'POST',
        url: `${rollout}/actions/${action}`,
        body: reason,
        what: action,
      }),
    ),
    {
      method: 'POST',
      url: `${rollout}/gates/rotate-secret`,
      what: 'rotate gate secret',
    },
    ...['validate', 'preview', 'dry-run', 'apply'].map(
      (route): Call => ({
        method: 'POST',
        url: `${base}/policy/${route}`,
        body: {
          target: 'flagger',
          policy,
          clusters: [cluster, cluster],
          ...(route === 'apply' ? reason : {}),
        },
        what: `policy ${route}`,
      }),
    ),
    invoke('get-entity-rollouts', { entityRef }),
    ...ACTIONS.map(action =>
      invoke(`${action}-rollout`, {
        entityRef,
        cluster,
        namespace,
        name,
        ...reason,
      }),
    ),
  ];
}

type Expect = 'allowed' | 401 | 403 | 404;
type Row = {
  who: string;
  token?: () => Promise<string>;
  entity: string;
  canary: string;
  /** The policy the policy routes are sent. */
  policy: 'checkout' | 'podinfo';
  /** What each call must answer, by its `what`; the rest answer `otherwise`. */
  expect: Record<string, Expect>;
  otherwise: Expect;
  /**
   * Allowed writes that are not sent, so that the table changes nothing: their effect is the
   * subject of the action, policy and gate tests, which watch it on the cluster.
   */
  skip?: string[];
};

const READS = [
  'read rollouts',
  'read detail',
  'read runs',
  'read timeline',
  'read metrics',
  'read gates',
  'read policy',
  'action get-entity-rollouts',
  // Validating a policy reads nothing and writes nothing: read permission is enough.
  'policy validate',
];
const readsAllowed = Object.fromEntries(
  READS.map(what => [what, 'allowed' as Expect]),
);

/** What the clusters hold that a refused call could have changed. */
async function clusterState() {
  const strip = (o: any) => ({
    generation: o.metadata.generation,
    labels: o.metadata.labels,
    annotations: o.metadata.annotations,
    spec: o.spec,
  });
  const cluster = labCluster(member);
  return {
    checkout: strip(await adminGet(cluster, checkoutPath)),
    podinfo: strip(await adminGet(cluster, podinfoPath)),
  };
}

test('the canary permissions, the binding and the service config are the only door to a rollout', async ({
  request,
}) => {
  test.setTimeout(300_000);
  const guest = await guestToken(request);
  const asGuest = { Authorization: `Bearer ${guest}` };
  // The catalog ingests the example entities shortly after the backend starts.
  await eventually(
    async () => {
      const r = await request.get(`${entityBase('storefront')}/rollouts`, {
        headers: asGuest,
      });
      return r.status() === 200 ? r : undefined;
    },
    90_000,
    'the catalog to know storefront',
  );

  // A policy for checkout's workload, as its cluster holds it, with a change no one asked for.
  const policies = await (
    await request.get(`${entityBase('checkout')}/policy`, { headers: asGuest })
  ).json();
  const checkoutPolicy = {
    ...policies.items[0].policy,
    traffic: { ...policies.items[0].policy.traffic, maxWeight: 100 },
  };
  delete (checkoutPolicy as any).gates;
  const podinfoPolicy = (
    await (
      await request.get(`${entityBase('podinfo')}/policy`, { headers: asGuest })
    ).json()
  ).items[0].policy;

  // The storefront entity claims the checkout canary by annotation; nothing on the cluster agrees.
  const storefront = await (
    await request.get(`${entityBase('storefront')}/rollouts`, {
      headers: asGuest,
    })
  ).json();
  expect(storefront.items).toEqual([
    expect.objectContaining({
      cluster: member,
      namespace: 'shop',
      name: 'checkout',
      binding: {
        bound: false,
        reason: expect.stringContaining(
          'add the annotation backstage-canary.io/entity-ref: component:default/storefront to Canary shop/checkout',
        ),
      },
    }),
  ]);
  // Where it is and why it is not bound, nothing of the canary itself.
  expect(storefront.items[0].state).toBeUndefined();
  expect(storefront.items[0].actions).toBeUndefined();

  const rows: Row[] = [
    {
      who: 'no token',
      entity: 'checkout',
      canary: CHECKOUT,
      policy: 'checkout',
      expect: {},
      otherwise: 401,
    },
    {
      who: 'non-owner (guest on checkout)',
      token: async () => guest,
      entity: 'checkout',
      canary: CHECKOUT,
      policy: 'checkout',
      expect: readsAllowed,
      otherwise: 403,
    },
    {
      who: 'owner of an entity claiming the canary by annotation (guest on storefront)',
      token: async () => guest,
      entity: 'storefront',
      canary: CHECKOUT,
      policy: 'checkout',
      // The canary's own reads are refused too: the annotation alone opens nothing.
      expect: {
        'read rollouts': 'allowed',
        'read policy': 'allowed',
        'action get-entity-rollouts': 'allowed',
        'policy validate': 'allowed',
      },
      otherwise: 403,
    },
    {
      who: "owner of podinfo naming checkout's workload in the policy body",
      token: async () => guest,
      entity: 'podinfo',
      canary: CHECKOUT,
      policy: 'checkout',
      // The canary is not one of podinfo's rollouts: the canary routes answer 404; the policy
      // routes refuse the workload the body names with 403.
      expect: {
        'read rollouts': 'allowed',
        'read policy': 'allowed',
        'action get-entity-rollouts': 'allowed',
        'policy validate': 'allowed',
        'policy preview': 403,
        'policy dry-run': 403,
        'policy apply': 403,
      },
      otherwise: 404,
    },
    {
      who: 'service principal allowed by config (release-bot: read, policy)',
      token: async () => externalToken('release-bot'),
      entity: 'checkout',
      canary: CHECKOUT,
      policy: 'checkout',
      expect: {
        ...readsAllowed,
        'policy preview': 'allowed',
        'policy dry-run': 'allowed',
        'policy apply': 'allowed',
        'rotate gate secret': 'allowed',
      },
      otherwise: 403,
      skip: ['policy apply', 'rotate gate secret'],
    },
    {
      who: 'service principal not allowed by config (stranger)',
      token: async () => externalToken('stranger'),
      entity: 'checkout',
      canary: CHECKOUT,
      policy: 'checkout',
      expect: {},
      otherwise: 403,
    },
    {
      who: 'owner (guest on podinfo, its own canary)',
      token: async () => guest,
      entity: 'podinfo',
      canary: PODINFO,
      policy: 'podinfo',
      expect: readsAllowed,
      otherwise: 'allowed',
      // Only the reads, the preview and the dry-run are sent for the owner.
      skip: [
        ...ACTIONS,
        ...ACTIONS.map(action => `action ${action}-rollout`),
        'rotate gate secret',
        'policy apply',
      ],
    },
  ];

  // The action log of both canaries: no row of this test's calls may ever appear in it (other rows
  // may, e.g. a follow-up of an earlier test finishing meanwhile).
  const tableRows = async () => {
    const rowsOf = async (entity: string, canary: string) =>
      (
        await (
          await request.get(
            `${entityBase(
              entity,
            )}/rollouts/${canary}/timeline?kind=action&limit=200`,
            { headers: asGuest },
          )
        ).json()
      ).items.filter((i: any) => i.reason === 'trust table');
    return [
      ...(await rowsOf('checkout', CHECKOUT)),
      ...(await rowsOf('podinfo', PODINFO)),
    ];
  };

  const table: string[] = [];
  const failures: string[] = [];
  for (const row of rows) {
    const token = row.token ? await row.token() : undefined;
    const headers: Record<string, string> = token
      ? { Authorization: `Bearer ${token}` }
      : {};
    const before = await clusterState();
    const calls = callsFor(
      row.entity,
      row.canary,
      row.policy === 'checkout' ? checkoutPolicy : podinfoPolicy,
    ).filter(call => !row.skip?.includes(call.what));
    for (const call of calls) {
      const response =
        call.method === 'GET'
          ? await request.get(call.url, { headers })
          : await request.post(call.url, { headers, data: call.body ?? {} });
      const status = response.status();
      const wanted = row.expect[call.what] ?? row.otherwise;
      const ok = wanted === 'allowed' ? status < 400 : status === wanted;
      table.push(
        `${row.who} | ${call.what} | ${status} | ${
          ok ? 'ok' : `want ${wanted}`
        }`,
      );
      if (!ok) {
        failures.push(
          `${row.who}: ${call.what} answered ${status}, want ${wanted}: ${(
            await response.text()
          ).slice(0, 300)}`,
        );
      }
      if (wanted !== 'allowed' && status >= 400) {
        // A refusal never tells where a cluster is. (The development backend this runs on adds
        // stack traces to error bodies; a production one does not.)
        expect(await response.text()).not.toMatch(/https:\/\/127\.0\.0\.1/);
      }
    }
    // Nothing a row sends may change a cluster or write history: refusals and reads by rule, the
    // allowed writes because they are dry runs.
    expect(await clusterState(), `${row.who}: the clusters changed`).toEqual(
      before,
    );
    expect(await tableRows(), `${row.who}: a history row was written`).toEqual(
      [],
    );
  }
  // The table as it ran, for the record.
  console.log(`trust table (${table.length} calls):\n${table.join('\n')}`);
  expect(failures).toEqual([]);
});

test("users cannot reach the clusters through the Kubernetes plugin's proxy; the Canary tab still works", async ({
  request,
}) => {
  const headers = { Authorization: `Bearer ${await guestToken(request)}` };
  const proxied = await request.fetch(
    `${backend}/api/kubernetes/proxy${checkoutPath}`,
    {
      method: 'PATCH',
      headers: {
        ...headers,
        'Backstage-Kubernetes-Cluster': member,
        'Content-Type': 'application/merge-patch+json',
      },
      data: JSON.stringify({ spec: { suspend: true } }),
    },
  );
  expect(proxied.status()).toBe(403);
  const read = await request.get(`${entityBase('podinfo')}/rollouts`, {
    headers,
  });
  expect(read.status()).toBe(200);
  expect((await read.json()).items[0]).toMatchObject({
    found: true,
    binding: { bound: true },
  });
});

test('names from the URL are Kubernetes names: a traversal never reaches a cluster', async ({
  request,
}) => {
  const headers = { Authorization: `Bearer ${await guestToken(request)}` };
  const timeline = (name: string) =>
    `${entityBase('checkout')}/rollouts/${member}/shop/${name}/timeline`;
  // An encoded traversal or slash, or a name no Kubernetes object can have: 400 naming the part.
  for (const name of ['a%2Fb', 'Checkout', 'a_b', '-shop']) {
    const response = await request.get(timeline(name), { headers });
    expect(response.status(), name).toBe(400);
    expect((await response.json()).error.message, name).toMatch(
      /canaryName must be a Kubernetes name/,
    );
  }
  // `..`, also encoded, is resolved by the URL itself before it is sent: it names no route.
  for (const name of ['..', '%2e%2e']) {
    expect((await request.get(timeline(name), { headers })).status()).toBe(404);
  }
});
