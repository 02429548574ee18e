import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { delay, http, HttpResponse } from 'msw';
import { ServiceUnavailableError } from '@backstage/errors';
import { setupServer } from 'msw/node';
import { KubernetesProxyGateway } from '../cluster/KubernetesProxyGateway';
import { PrometheusClient } from './PrometheusClient';

// Prometheus and the Kubernetes plugin's proxy are the HTTP boundary; the lab-backed run queries
// the lab's real Prometheus.
const server = setupServer();
registerMswTestHooks(server);

const client = new PrometheusClient({
  gateway: new KubernetesProxyGateway({
    auth: mockServices.auth(),
    discovery: mockServices.discovery.mock({
      getBaseUrl: async () => 'http://backstage.test/api/kubernetes',
    }),
  }),
});
const range = { start: 1000, end: 1300, stepSeconds: 60 };
const matrix = (values: Array<Array<[number, string]>>) =>
  HttpResponse.json({
    status: 'success',
    data: {
      resultType: 'matrix',
      result: values.map(v => ({ metric: {}, values: v })),
    },
  });

describe('PrometheusClient', () => {
  it('runs a range query against a Prometheus URL', async () => {
    let asked: URLSearchParams | undefined;
    server.use(
      http.get('http://127.0.0.1:19090/api/v1/query_range', ({ request }) => {
        asked = new URL(request.url).searchParams;
        return matrix([
          [
            [1000, '99.5'],
            [1060, '98'],
          ],
        ]);
      }),
    );
    const points = await client.queryRange(
      { kind: 'url', url: 'http://127.0.0.1:19090' },
      'sum(rate(x[1m]))',
      range,
    );
    expect(points).toEqual([
      [1000, 99.5],
      [1060, 98],
    ]);
    expect(asked?.get('query')).toBe('sum(rate(x[1m]))');
    expect(asked?.get('step')).toBe('60');
  });

  it("reaches an in-cluster Prometheus through the cluster's service proxy", async () => {
    let cluster: string | null = null;
    server.use(
      http.get(
        'http://backstage.test/api/kubernetes/proxy/api/v1/namespaces/istio-system/services/prometheus:9090/proxy/api/v1/query_range',
        ({ request }) => {
          cluster = request.headers.get('backstage-kubernetes-cluster');
          return matrix([
            [
              [1000, '1'],
              [1060, 'NaN'],
            ],
            [[1000, '2']],
          ]);
        },
      ),
    );
    const points = await client.queryRange(
      {
        kind: 'service',
        cluster: 'prod',
        namespace: 'istio-system',
        name: 'prometheus',
        port: 9090,
      },
      'up',
      range,
    );
    // Several series are summed per timestamp; values that are not numbers are skipped.
    expect(points).toEqual([[1000, 3]]);
    expect(cluster).toBe('prod');
  });

  it('never sends a service target whose names are not Kubernetes names', async () => {
    const reached: string[] = [];
    server.use(
      http.all('*', ({ request }) => {
        reached.push(request.url);
        return matrix([]);
      }),
    );
    await expect(
      client.queryRange(
        {
          kind: 'service',
          cluster: 'prod',
          namespace: '../../api/v1/namespaces/kube-system/secrets',
          name: 'prometheus',
          port: 9090,
        },
        'up',
        range,
      ),
    ).rejects.toThrow(
      /^Prometheus service namespace must be a Kubernetes name .*, got "\.\.\/\.\.\/api/,
    );
    expect(reached).toEqual([]);
  });

  it("passes Prometheus's own error on", async () => {
    server.use(
      http.get('http://127.0.0.1:19090/api/v1/query_range', () =>
        HttpResponse.json(
          { status: 'error', error: 'parse error at char 5: unexpected "("' },
          { status: 400 },
        ),
      ),
    );
    await expect(
      client.queryRange(
        { kind: 'url', url: 'http://127.0.0.1:19090' },
        'sum((',
        range,
      ),
    ).rejects.toThrow(
      'Prometheus rejected the query: parse error at char 5: unexpected "("',
    );
  });

  it('gives up on a Prometheus that does not answer, saying so', async () => {
    server.use(
      http.get('http://127.0.0.1:19099/api/v1/query_range', async () => {
        await delay('infinite');
        return matrix([]);
      }),
    );
    const impatient = new PrometheusClient({
      gateway: new KubernetesProxyGateway({
        auth: mockServices.auth(),
        discovery: mockServices.discovery.mock({
          getBaseUrl: async () => 'http://backstage.test/api/kubernetes',
        }),
      }),
      requestTimeoutMs: 200,
    });
    const failure = impatient.queryRange(
      { kind: 'url', url: 'http://127.0.0.1:19099' },
      'up',
      range,
    );
    await expect(failure).rejects.toThrow(
      new ServiceUnavailableError(
        'Prometheus at http://127.0.0.1:19099 did not answer within 0.2 s',
      ),
    );
  });
});
