import {
  mockCredentials,
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { KubernetesProxyGateway } from './KubernetesProxyGateway';

const base = 'http://backstage.test/api/kubernetes';
const server = setupServer();
registerMswTestHooks(server);

const gateway = () =>
  new KubernetesProxyGateway({
    auth: mockServices.auth(),
    discovery: mockServices.discovery.mock({
      getBaseUrl: async () => base,
    }),
  });

const canaries = '/apis/flagger.app/v1beta1/namespaces/test/canaries';

describe('KubernetesProxyGateway', () => {
  it('names the cluster in a header and calls the proxy as the plugin itself for background work', async () => {
    let seen: Headers | undefined;
    server.use(
      http.get(`${base}/proxy${canaries}/podinfo`, ({ request }) => {
        seen = request.headers;
        return HttpResponse.json({ metadata: { name: 'podinfo' } });
      }),
    );
    const canary = await gateway().get<{ metadata: { name: string } }>(
      'kurator-member1',
      `${canaries}/podinfo`,
    );
    expect(canary.metadata.name).toBe('podinfo');
    expect(seen?.get('backstage-kubernetes-cluster')).toBe('kurator-member1');
    expect(seen?.get('authorization')).toBe(
      mockCredentials.service.header({
        onBehalfOf: mockCredentials.service('plugin:test'),
        targetPluginId: 'kubernetes',
      }),
    );
  });

  it("calls as the plugin even for a user, and forwards the browser's provider tokens", async () => {
    let seen: Headers | undefined;
    server.use(
      http.get(`${base}/proxy${canaries}/podinfo`, ({ request }) => {
        seen = request.headers;
        return HttpResponse.json({});
      }),
    );
    await gateway().get('kurator-member1', `${canaries}/podinfo`, {
      credentials: mockCredentials.user('user:default/alice'),
      providerTokens: { 'oidc-okta': 'upstream-token' },
    });
    // The user needs no kubernetes.proxy permission: the canary permissions were checked before.
    expect(seen?.get('authorization')).toBe(
      mockCredentials.service.header({
        onBehalfOf: mockCredentials.service('plugin:test'),
        targetPluginId: 'kubernetes',
      }),
    );
    expect(seen?.get('backstage-kubernetes-authorization-oidc-okta')).toBe(
      'upstream-token',
    );
  });

  it('follows continue tokens until the whole list is read', async () => {
    server.use(
      http.get(`${base}/proxy${canaries}`, ({ request }) => {
        const url = new URL(request.url);
        expect(url.searchParams.get('labelSelector')).toBe('app=podinfo');
        if (url.searchParams.get('continue') === 'page-2') {
          return HttpResponse.json({
            items: [{ name: 'b' }],
            metadata: { resourceVersion: '42' },
          });
        }
        return HttpResponse.json({
          items: [{ name: 'a' }],
          metadata: { continue: 'page-2', resourceVersion: '41' },
        });
      }),
    );
    const list = await gateway().list<{ name: string }>('host', canaries, {
      labelSelector: 'app=podinfo',
    });
    expect(list.items.map(i => i.name)).toEqual(['a', 'b']);
    expect(list.metadata.resourceVersion).toBe('42');
  });

  it('sends merge patches with their content type, as a server-side dry run when asked', async () => {
    let contentType: string | null = null;
    let dryRun: string | null = null;
    let body: unknown;
    server.use(
      http.patch(`${base}/proxy${canaries}/podinfo`, async ({ request }) => {
        contentType = request.headers.get('content-type');
        dryRun = new URL(request.url).searchParams.get('dryRun');
        body = await request.json();
        return HttpResponse.json({ spec: { suspend: true } });
      }),
    );
    await gateway().patch(
      'kurator-member1',
      `${canaries}/podinfo`,
      { spec: { suspend: true } },
      'merge',
      { dryRun: true },
    );
    expect(contentType).toBe('application/merge-patch+json');
    expect(dryRun).toBe('All');
    expect(body).toEqual({ spec: { suspend: true } });
  });

  it.each([
    [403, NotAllowedError, 'canaries.flagger.app "podinfo" is forbidden'],
    [409, ConflictError, 'the object has been modified'],
    [503, ServiceUnavailableError, 'etcdserver: request timed out'],
  ])(
    'turns a %s answer into %p naming the cluster',
    async (status, type, message) => {
      server.use(
        http.get(`${base}/proxy${canaries}/podinfo`, () =>
          HttpResponse.json(
            { kind: 'Status', code: status, message },
            { status },
          ),
        ),
      );
      const call = gateway().get('kurator-member2', `${canaries}/podinfo`);
      await expect(call).rejects.toBeInstanceOf(type);
      await expect(call).rejects.toThrow(`Cluster kurator-member2: ${message}`);
    },
  );

  it('lists the fields a 422 rejects', async () => {
    server.use(
      http.patch(`${base}/proxy${canaries}/podinfo`, () =>
        HttpResponse.json(
          {
            kind: 'Status',
            code: 422,
            message: 'Canary.flagger.app "podinfo" is invalid',
            details: {
              causes: [
                {
                  field: 'spec.analysis.interval',
                  message:
                    'Invalid value: "1h": spec.analysis.interval in body should match \'^[0-9]+(m|s)\'',
                },
              ],
            },
          },
          { status: 422 },
        ),
      ),
    );
    const call = gateway().patch(
      'kurator-member1',
      `${canaries}/podinfo`,
      { spec: { analysis: { interval: '1h' } } },
      'merge',
    );
    await expect(call).rejects.toBeInstanceOf(InputError);
    await expect(call).rejects.toThrow(
      /spec\.analysis\.interval: Invalid value/,
    );
  });

  it('reports an unreachable proxy as unavailable, naming the cluster', async () => {
    server.use(
      http.get(`${base}/proxy${canaries}/podinfo`, () => HttpResponse.error()),
    );
    await expect(
      gateway().get('kurator-member1', `${canaries}/podinfo`),
    ).rejects.toThrow(
      /Cluster kurator-member1: the Kubernetes plugin's proxy could not be reached/,
    );
  });

  describe('refuses paths that would walk elsewhere in the API, before any request', () => {
    let reached: string[];
    beforeEach(() => {
      reached = [];
      server.use(
        http.all('*', ({ request }) => {
          reached.push(request.url);
          return HttpResponse.json({ kind: 'Secret' });
        }),
      );
    });

    it("a workload name such as a canary's targetRef `../../api/v1/secrets`", async () => {
      const targetRef = { kind: 'Deployment', name: '../../api/v1/secrets' };
      const call = gateway().get(
        'kurator-member1',
        `/apis/apps/v1/namespaces/test/deployments/${targetRef.name}`,
      );
      await expect(call).rejects.toBeInstanceOf(InputError);
      await expect(call).rejects.toThrow(
        'Cluster API path segment ".." is not allowed',
      );
      expect(reached).toEqual([]);
    });

    it.each([
      ['get', (g: KubernetesProxyGateway) => g.get('c', `${canaries}/..`)],
      [
        'list',
        (g: KubernetesProxyGateway) =>
          g.list('c', '/api/v1/namespaces/%2e%2e/secrets'),
      ],
      [
        'patch',
        (g: KubernetesProxyGateway) =>
          g.patch('c', `${canaries}/a%2Fb`, {}, 'merge'),
      ],
      [
        'create',
        (g: KubernetesProxyGateway) =>
          g.create('c', '/api/v1/namespaces/./secrets', {}),
      ],
      [
        'watch',
        (g: KubernetesProxyGateway) =>
          g.watch('c', '/api/v1/namespaces//secrets', {}, () => {}),
      ],
    ])('%s', async (_method, call) => {
      await expect(call(gateway())).rejects.toBeInstanceOf(InputError);
      expect(reached).toEqual([]);
    });

    it('a query smuggled into a name of a write', async () => {
      await expect(
        gateway().patch('c', `${canaries}/podinfo?dryRun=All`, {}, 'merge'),
      ).rejects.toThrow(
        'Cluster API path segment "podinfo?dryRun=All" is not allowed',
      );
      expect(reached).toEqual([]);
    });
  });

  it('streams watch events line by line, split across chunks, including in-stream errors', async () => {
    const lines = [
      {
        type: 'ADDED',
        object: { metadata: { name: 'a', resourceVersion: '5' } },
      },
      { type: 'BOOKMARK', object: { metadata: { resourceVersion: '6' } } },
      {
        type: 'ERROR',
        object: { kind: 'Status', code: 410, reason: 'Expired' },
      },
    ]
      .map(line => JSON.stringify(line))
      .join('\n');
    let resourceVersion: string | null = null;
    server.use(
      http.get(`${base}/proxy${canaries}`, ({ request }) => {
        resourceVersion = new URL(request.url).searchParams.get(
          'resourceVersion',
        );
        const encoder = new TextEncoder();
        const stream = new ReadableStream({
          start(controller) {
            const middle = Math.floor(lines.length / 2);
            controller.enqueue(encoder.encode(lines.slice(0, middle)));
            controller.enqueue(encoder.encode(`${lines.slice(middle)}\n`));
            controller.close();
          },
        });
        return new HttpResponse(stream, {
          headers: { 'Content-Type': 'application/json' },
        });
      }),
    );
    const events: string[] = [];
    await gateway().watch(
      'kurator-member1',
      canaries,
      { resourceVersion: '4' },
      event => {
        events.push(event.type);
      },
    );
    expect(resourceVersion).toBe('4');
    expect(events).toEqual(['ADDED', 'BOOKMARK', 'ERROR']);
  });
});

describe('KubernetesProxyGateway, when a cluster does not answer', () => {
  const slowGateway = (options: {
    requestTimeoutMs?: number;
    maxConcurrentRequests?: number;
  }) =>
    new KubernetesProxyGateway({
      auth: mockServices.auth(),
      discovery: mockServices.discovery.mock({
        getBaseUrl: async () => base,
      }),
      ...options,
    });

  it('fails that call after the timeout, naming the cluster, while other clusters answer', async () => {
    server.use(
      http.get(`${base}/proxy${canaries}/podinfo`, async ({ request }) => {
        if (request.headers.get('backstage-kubernetes-cluster') === 'stalled') {
          await delay('infinite');
        }
        return HttpResponse.json({ metadata: { name: 'podinfo' } });
      }),
    );
    const g = slowGateway({ requestTimeoutMs: 200 });
    const started = Date.now();
    const [stalled, healthy] = await Promise.allSettled([
      g.get('stalled', `${canaries}/podinfo`),
      g.get('healthy', `${canaries}/podinfo`),
    ]);
    expect(stalled).toEqual({
      status: 'rejected',
      reason: new ServiceUnavailableError(
        'Cluster stalled did not answer within 0.2 s',
      ),
    });
    expect((stalled as PromiseRejectedResult).reason).toBeInstanceOf(
      ServiceUnavailableError,
    );
    expect(healthy).toEqual({
      status: 'fulfilled',
      value: { metadata: { name: 'podinfo' } },
    });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('times out a body that stops half-way', async () => {
    server.use(
      http.get(`${base}/proxy${canaries}/podinfo`, () => {
        const stream = new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"metadata":'));
          },
        });
        return new HttpResponse(stream, {
          headers: { 'Content-Type': 'application/json' },
        });
      }),
    );
    const g = slowGateway({ requestTimeoutMs: 200 });
    await expect(g.get('stalled', `${canaries}/podinfo`)).rejects.toThrow(
      'Cluster stalled did not answer within 0.2 s',
    );
  });

  it('leaves a quiet watch open past the call timeout, until the caller stops it', async () => {
    // Through the Kubernetes plugin's proxy a watch sends its headers with its first event: a
    // quiet watch looks like one that has not started, and must not be cut as if it had failed.
    server.use(
      http.get(`${base}/proxy${canaries}`, async () => {
        await delay(600);
        return new HttpResponse(
          `${JSON.stringify({
            type: 'ADDED',
            object: { metadata: { name: 'late' } },
          })}\n`,
        );
      }),
    );
    const g = slowGateway({ requestTimeoutMs: 200 });
    const events: unknown[] = [];
    await g.watch('quiet', canaries, {}, event => {
      events.push(event);
    });
    expect(events).toEqual([
      { type: 'ADDED', object: { metadata: { name: 'late' } } },
    ]);

    server.use(
      http.get(`${base}/proxy${canaries}`, async () => {
        await delay('infinite');
        return HttpResponse.json({});
      }),
    );
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 300);
    await expect(
      g.watch('silent', canaries, {}, () => undefined, { signal: stop.signal }),
    ).rejects.toThrow();
  });

  it('keeps at most maxConcurrentRequests calls in flight per cluster', async () => {
    const inFlight = new Map<string, number>();
    const most = new Map<string, number>();
    server.use(
      http.get(`${base}/proxy${canaries}/podinfo`, async ({ request }) => {
        const cluster = request.headers.get('backstage-kubernetes-cluster')!;
        inFlight.set(cluster, (inFlight.get(cluster) ?? 0) + 1);
        most.set(
          cluster,
          Math.max(most.get(cluster) ?? 0, inFlight.get(cluster)!),
        );
        await delay(20);
        inFlight.set(cluster, inFlight.get(cluster)! - 1);
        return HttpResponse.json({});
      }),
    );
    const g = slowGateway({ maxConcurrentRequests: 3 });
    await Promise.all(
      ['a', 'b'].flatMap(cluster =>
        Array.from({ length: 12 }, () => g.get(cluster, `${canaries}/podinfo`)),
      ),
    );
    expect(Object.fromEntries(most)).toEqual({ a: 3, b: 3 });
  });

  it('frees the turn of a call that ignores its abort at its timeout, and lets a caller who gives up leave the queue', async () => {
    server.use(
      http.get(`${base}/proxy${canaries}/:name`, ({ params }) =>
        HttpResponse.json({ metadata: { name: params.name } }),
      ),
    );
    // A connection that loses the call: its promise never settles, whatever the signal says.
    const losing: typeof fetch = (input, init) =>
      String(input).endsWith('/lost')
        ? new Promise(() => undefined)
        : fetch(input, init);
    const g = new KubernetesProxyGateway({
      auth: mockServices.auth(),
      discovery: mockServices.discovery.mock({ getBaseUrl: async () => base }),
      fetch: losing,
      requestTimeoutMs: 300,
      maxConcurrentRequests: 1,
    });
    const lost = g.get('member', `${canaries}/lost`);
    const started = Date.now();
    const leaving = g.get('member', `${canaries}/impatient`, {
      signal: AbortSignal.timeout(50),
    });
    await expect(leaving).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(250);
    await expect(lost).rejects.toThrow(
      'Cluster member did not answer within 0.3 s',
    );
    await expect(g.get('member', `${canaries}/next`)).resolves.toEqual({
      metadata: { name: 'next' },
    });
  });
});
