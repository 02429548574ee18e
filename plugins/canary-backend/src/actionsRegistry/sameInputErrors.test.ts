import {
  mockCredentials,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { http, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { startCanaryBackend } from '../__testUtils__/startCanaryBackend';

// The same bad value, sent to an HTTP route and to the registered action that answers the same,
// is refused by the same parser (lib/input) with the same words: only the way the message names
// the field differs (`Query parameter limit`, `Field limit`). No cluster is reached: msw fails any
// request to the Kubernetes plugin that a test does not expect. Over HTTP the spec's validator
// reads a query parameter first and answers in the same words; it reads numbers as JavaScript
// does (`limit=0x10` is 16), where an action's input must be digits or a JSON number.
const server = setupServer();
registerMswTestHooks(server);

jest.setTimeout(60_000);

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'checkout',
    namespace: 'default',
    annotations: { 'backstage-canary.io/canary': 'shop/checkout' },
  },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
};
const route =
  '/api/canary/entities/component/default/checkout/rollouts/prod/shop/checkout';
const rollout = {
  entityRef: 'component:default/checkout',
  cluster: 'prod',
  namespace: 'shop',
  name: 'checkout',
};
const user = mockCredentials.user.header();

type Case = {
  what: string;
  http: { method?: 'get' | 'post'; path: string; body?: object };
  httpField: string;
  action: string;
  input: object;
  actionField: string;
};

const CASES: Case[] = [
  {
    what: 'a page size that is not a number',
    http: { path: '/api/canary/inbox?limit=ten' },
    httpField: 'Query parameter limit',
    action: 'get-rollout-inbox',
    input: { limit: 'ten' },
    actionField: 'Field limit',
  },
  {
    what: 'a page size out of range',
    http: { path: `${route}/runs?limit=501` },
    httpField: 'Query parameter limit',
    action: 'get-rollout-runs',
    input: { ...rollout, limit: '501' },
    actionField: 'Field limit',
  },
  {
    what: 'a cursor the plugin did not hand out',
    http: { path: `${route}/timeline?cursor=garbage` },
    httpField: 'Query parameter cursor',
    action: 'get-rollout-timeline',
    input: { ...rollout, cursor: 'garbage' },
    actionField: 'Field cursor',
  },
  {
    what: "another list's cursor",
    http: {
      path: `${route}/runs?cursor=${Buffer.from(
        '{"list":"timeline","at":"2026-12-06T10:00:00Z","type":"event","id":1}',
      ).toString('base64url')}`,
    },
    httpField: 'Query parameter cursor',
    action: 'get-rollout-runs',
    input: {
      ...rollout,
      cursor: Buffer.from(
        '{"list":"timeline","at":"2026-12-06T10:00:00Z","type":"event","id":1}',
      ).toString('base64url'),
    },
    actionField: 'Field cursor',
  },
  {
    what: 'a run id that is not one',
    http: { path: `${route}/timeline?run=latest` },
    httpField: 'Query parameter run',
    action: 'get-rollout-timeline',
    input: { ...rollout, runId: 'latest' },
    actionField: 'Field runId',
  },
  {
    what: 'a step of zero',
    http: { path: `${route}/metrics?step=0` },
    httpField: 'Query parameter step',
    action: 'get-rollout-metrics',
    input: { ...rollout, stepSeconds: '0' },
    actionField: 'Field stepSeconds',
  },
  {
    what: 'a range bound after 2100',
    http: { path: `${route}/metrics?end=9999999999` },
    httpField: 'Query parameter end',
    action: 'get-rollout-metrics',
    input: { ...rollout, end: '9999999999' },
    actionField: 'Field end',
  },
  {
    what: 'a range that ends before it starts',
    http: { path: `${route}/metrics?start=20&end=10` },
    httpField: 'Query parameter start',
    action: 'get-rollout-metrics',
    input: { ...rollout, start: 20, end: 10 },
    actionField: 'Field start',
  },
  {
    what: 'a canary namespace that is not a Kubernetes name',
    http: { path: route.replace('/shop/', '/Shop/') },
    httpField: 'Path parameter canaryNamespace',
    action: 'get-rollout-runs',
    input: { ...rollout, namespace: 'Shop' },
    actionField: 'Field namespace',
  },
  {
    what: 'a cluster name with a line break',
    http: { path: `${route.replace('/prod/', '/pr%0Aod/')}/runs` },
    httpField: 'Path parameter cluster',
    action: 'get-rollout-runs',
    input: { ...rollout, cluster: 'pr\nod' },
    actionField: 'Field cluster',
  },
  {
    what: 'a rollout action with a reason that spans lines',
    http: {
      method: 'post',
      path: `${route}/actions/pause`,
      body: { reason: 'one\ntwo' },
    },
    httpField: 'Field reason',
    action: 'pause-rollout',
    input: { ...rollout, reason: 'one\ntwo' },
    actionField: 'Field reason',
  },
];

describe('an HTTP route and its registered action refuse the same bad value alike', () => {
  let backend: Awaited<ReturnType<typeof startCanaryBackend>>;
  beforeAll(async () => {
    backend = await startCanaryBackend({ msw: server, entities: [entity] });
  });
  // The msw hooks reset the handlers after each test: let requests to the backend through again.
  beforeEach(() => {
    server.use(
      http.all(/^http:\/\/(127\.0\.0\.1|localhost):\d+\/api\/canary\//, () =>
        passthrough(),
      ),
    );
  });

  const refusals = async (c: Case) => {
    const call =
      c.http.method === 'post'
        ? request(backend).post(c.http.path).send(c.http.body)
        : request(backend).get(c.http.path);
    const viaHttp = await call.set('Authorization', user);
    const viaAction = await request(backend)
      .post(
        `/api/canary/.backstage/actions/v1/actions/canary:${c.action}/invoke`,
      )
      .set('Authorization', user)
      .send(c.input);
    return {
      status: [viaHttp.status, viaAction.status],
      name: [viaHttp.body.error?.name, viaAction.body.error?.name],
      http: String(viaHttp.body.error?.message),
      action: String(viaAction.body.error?.message),
    };
  };

  it.each(CASES.map(c => [c.what, c] as const))('%s', async (_what, c) => {
    const refused = await refusals(c);
    expect(refused.status).toEqual([400, 400]);
    expect(refused.name).toEqual(['InputError', 'InputError']);
    expect(refused.http.startsWith(`${c.httpField} `)).toBe(true);
    expect(refused.action.startsWith(`${c.actionField} `)).toBe(true);
    // Past the field's name, word for word the same.
    expect(refused.action.slice(c.actionField.length)).toBe(
      refused.http.slice(c.httpField.length),
    );
  });

  it('names the field and what is allowed', async () => {
    const refused = await refusals(CASES[0]);
    expect(refused.http).toBe(
      'Query parameter limit must be a whole number from 1 to 500, got "ten"',
    );
    expect(refused.action).toBe(
      'Field limit must be a whole number from 1 to 500, got "ten"',
    );
  });

  it('quotes a JSON number as the action was sent it', async () => {
    const { action } = await refusals({
      ...CASES[1],
      input: { ...rollout, limit: 0 },
    });
    expect(action).toBe(
      'Field limit must be a whole number from 1 to 500, got 0',
    );
  });

  it('refuses an entity ref whose name the catalog could not hold, naming the field', async () => {
    const { action } = await refusals({
      ...CASES[1],
      input: { ...rollout, entityRef: 'component:default/\u{1F4A5}' },
    });
    expect(action).toMatch(
      /^Field entityRef must be an entity ref like component:default\/my-service, its name an entity name: letters, digits/,
    );
  });
});
