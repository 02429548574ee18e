import {
  mockCredentials,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { http, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { startCanaryBackend } from '../__testUtils__/startCanaryBackend';

// The request validator in front of the routes: what a caller sending bad input reads. No cluster
// is reached by these requests (msw would fail any).
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
const rollout =
  '/api/canary/entities/component/default/checkout/rollouts/prod/shop/checkout';
const user = mockCredentials.user.header();

describe('bad input is refused by the spec with a message naming the field and what is allowed', () => {
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

  const message = async (
    call: request.Test,
  ): Promise<[number, string | undefined]> => {
    const response = await call.set('Authorization', user);
    return [response.status, response.body?.error?.message];
  };

  it('query parameters out of range or of the wrong type', async () => {
    expect(
      await message(request(backend).get('/api/canary/inbox?limit=0')),
    ).toEqual([
      400,
      'Query parameter limit must be a whole number from 1 to 500, got "0"',
    ]);
    expect(
      await message(request(backend).get(`${rollout}/metrics?step=soon`)),
    ).toEqual([
      400,
      'Query parameter step must be a whole number from 1 to 86400, got "soon"',
    ]);
  });

  it('unknown query parameters, naming the known ones', async () => {
    expect(
      await message(request(backend).get('/api/canary/inbox?page=2')),
    ).toEqual([400, 'Unknown query parameter page; allowed: limit, cursor']);
  });

  it('unknown or empty query parameters, whatever their name', async () => {
    expect(
      await message(request(backend).get('/api/canary/inbox?a%27b=1')),
    ).toEqual([400, "Unknown query parameter a'b; allowed: limit, cursor"]);
    expect(
      await message(request(backend).get('/api/canary/inbox?limit=')),
    ).toEqual([
      400,
      'Query parameter limit must be a whole number from 1 to 500, got an empty value; leave it out instead',
    ]);
    const [status, text] = await message(
      request(backend).get(`${rollout}/timeline?kind=`),
    );
    expect(status).toBe(400);
    expect(text).toMatch(
      /^Query parameter kind must be a comma-separated list of transition, action, .+, got an empty value; leave it out instead$/,
    );
  });

  it('a body that is not a JSON object, none, or one too large', async () => {
    const pause = () => request(backend).post(`${rollout}/actions/pause`);
    for (const body of ['hello', 'true', '{"reason":']) {
      const [status, text] = await message(
        pause().set('Content-Type', 'application/json').send(body),
      );
      expect([body, status]).toEqual([body, 400]);
      expect(text).toMatch(
        /^The request body must be a JSON object \(Content-Type: application\/json\)/,
      );
    }
    expect(await message(pause())).toEqual([
      400,
      'The request body must be a JSON object (Content-Type: application/json), got no body',
    ]);
    expect(
      await message(pause().send({ reason: 'r'.repeat(120_000) })),
    ).toEqual([413, 'The request body is larger than the 100 kB allowed']);
  });

  it('a path that does not decode, or names no entity the catalog could hold', async () => {
    expect(
      await message(
        request(backend).get(
          '/api/canary/entities/component/default/%zz/rollouts',
        ),
      ),
    ).toEqual([
      400,
      'Path parameters must be valid percent-encoding (each %XX a byte of UTF-8): this path does not decode',
    ]);
    expect(
      await message(
        request(backend).get(
          '/api/canary/entities/component/default/%F0%9F%92%A5/rollouts',
        ),
      ),
    ).toEqual([
      400,
      'Path parameter name must be an entity name: letters, digits, "-", "_" and ".", starting and ending with a letter or digit, at most 63 characters, got "\u{1F4A5}"',
    ]);
    expect(
      await message(
        request(backend)
          .post('/api/canary/entities/component/default/%FF/policy/validate')
          .send({}),
      ),
    ).toEqual([
      400,
      'Path parameters must be valid percent-encoding (each %XX a byte of UTF-8): this path does not decode',
    ]);
    // A gate webhook whose path does not decode: a closed gate, as for any call without a token.
    const gate = await request(backend)
      .post('/api/canary/gates/%FF/confirm-rollout')
      .send({});
    expect(gate.status).toBe(403);
    expect(gate.body).toMatchObject({ open: false, error: 'unknown-cluster' });
  });

  it('a rollout action without a reason, or with a reason too long', async () => {
    expect(
      await message(request(backend).post(`${rollout}/actions/pause`).send({})),
    ).toEqual([
      400,
      'Field reason is required: say why, in at most 1000 characters (it is kept in the audit log)',
    ]);
    expect(
      await message(
        request(backend)
          .post(`${rollout}/actions/abort`)
          .send({ reason: 'x'.repeat(1001) }),
      ),
    ).toEqual([400, 'Field reason must be at most 1000 characters, got 1001']);
  });

  it('a rollout action whose reason would change how the text after it reads', async () => {
    expect(
      await message(
        request(backend)
          .post(`${rollout}/actions/pause`)
          .send({ reason: 'approved by \u202eoncall' }),
      ),
    ).toEqual([
      400,
      'Field reason must be plain text on one line: it holds U+202E (right-to-left override) at character 13. Control characters, line breaks, invisible characters (U+200B to U+200D, U+2060, U+FEFF) and the characters that change text direction (U+061C, U+200E, U+200F, U+202A to U+202E, U+2066 to U+2069) are not allowed',
    ]);
  });

  it.each([
    ['canaryName', 'Checkout', `${rollout.replace(/checkout$/, 'Checkout')}`],
    [
      'canaryName',
      '../../api/v1/secrets',
      `${rollout.replace(/checkout$/, '..%2F..%2Fapi%2Fv1%2Fsecrets')}`,
    ],
    ['canaryName', '..', `${rollout.replace(/checkout$/, '%2E%2E')}/timeline`],
    [
      'canaryNamespace',
      'shop_1',
      `${rollout.replace('/shop/', '/shop_1/')}/actions/pause`,
    ],
    [
      'canaryNamespace',
      'x'.repeat(254),
      rollout.replace('/shop/', `/${'x'.repeat(254)}/`),
    ],
  ])(
    'a %s that is not a Kubernetes name (%j)',
    async (parameter, value, path) => {
      const call = path.endsWith('/pause')
        ? request(backend).post(path).send({ reason: 'x' })
        : request(backend).get(path);
      expect(await message(call)).toEqual([
        400,
        `Path parameter ${parameter} must be a Kubernetes name (lowercase letters, digits, "-" and ".", starting and ending with a letter or digit, at most 253 characters), got ${JSON.stringify(
          // Long values are cut in messages.
          value.length > 80 ? `${value.slice(0, 80)}…` : value,
        )}`,
      ]);
    },
  );

  it('leaves unknown actions to the route, which names the allowed ones', async () => {
    expect(
      await message(
        request(backend)
          .post(`${rollout}/actions/rollback`)
          .send({ reason: 'x' }),
      ),
    ).toEqual([
      400,
      'Unknown rollout action rollback; allowed: pause, resume, promote, abort, retry, approve',
    ]);
  });
});
