import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type {
  Canary,
  MetricTemplate,
} from '@backstage-canary/plugin-canary-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { KubernetesProxyGateway } from '../cluster/KubernetesProxyGateway';
import type { RolloutStore } from '../store/RolloutStore';
import { PrometheusClient } from './PrometheusClient';
import { PrometheusLocator } from './PrometheusLocator';
import { RolloutMetricsReader } from './RolloutMetricsReader';

// The Kubernetes plugin's proxy and every Prometheus are the HTTP boundary: msw answers them and
// records every request that reaches one, so a test can say nothing else was asked.
const server = setupServer();
registerMswTestHooks(server);

const proxy = 'http://backstage.test/api/kubernetes/proxy';
const templates = `${proxy}/apis/flagger.app/v1beta1/namespaces/shop/metrictemplates`;
const gateway = new KubernetesProxyGateway({
  auth: mockServices.auth(),
  discovery: mockServices.discovery.mock({
    getBaseUrl: async () => 'http://backstage.test/api/kubernetes',
  }),
});
const noHistory = {
  haltedChecks: async () => [],
} as unknown as RolloutStore;

const reader = (prometheus: object = {}, store: RolloutStore = noHistory) =>
  new RolloutMetricsReader({
    gateway,
    prometheus: new PrometheusClient({ gateway }),
    locator: PrometheusLocator.fromConfig(
      new ConfigReader({ canary: { prometheus } }),
    ),
    store,
  });

const canary = (
  metrics: Array<{ name: string; templateRef: { name: string } }>,
): Canary =>
  ({
    apiVersion: 'flagger.app/v1beta1',
    kind: 'Canary',
    metadata: { name: 'checkout', namespace: 'shop' },
    spec: {
      targetRef: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: 'checkout',
      },
      service: { port: 80 },
      analysis: {
        interval: '1m',
        threshold: 2,
        stepWeight: 10,
        maxWeight: 50,
        metrics: metrics.map(m => ({
          ...m,
          interval: '1m',
          thresholdRange: { max: 1 },
        })),
      },
    },
  } as Canary);

const template = (name: string, address: string): MetricTemplate => ({
  apiVersion: 'flagger.app/v1beta1',
  kind: 'MetricTemplate',
  metadata: { name, namespace: 'shop' },
  spec: {
    provider: { type: 'prometheus', address },
    query: 'sum(rate(errors{pod=~"{{ target }}-.*"}[{{ interval }}]))',
  },
});

const rollout = (c: Canary) => ({
  cluster: 'prod',
  namespace: 'shop',
  name: 'checkout',
  source: 'annotation' as const,
  canary: c,
});
const range = { start: 1000, end: 1300, stepSeconds: 60 };

describe('RolloutMetricsReader', () => {
  let reached: string[];
  beforeEach(() => {
    reached = [];
    server.use(
      http.get(`${templates}/:name`, ({ params }) => {
        const addresses: Record<string, string> = {
          'to-localhost': 'http://localhost:1234',
          'to-vault': 'http://vault/v1/secret/data/db#',
          'to-allowed': 'http://prometheus.monitoring:9090',
        };
        const address = addresses[params.name as string];
        return address
          ? HttpResponse.json(template(params.name as string, address))
          : HttpResponse.json({ kind: 'Status', code: 404 }, { status: 404 });
      }),
      // Anything else, anywhere: recorded, so that the tests can assert it was never asked.
      http.all('*', ({ request }) => {
        reached.push(request.url);
        return HttpResponse.json({
          status: 'success',
          data: { resultType: 'matrix', result: [] },
        });
      }),
    );
  });

  it.each([
    ['to-localhost', 'http://localhost:1234'],
    ['to-vault', 'http://vault/v1/secret/data/db#'],
  ])(
    'never fetches a MetricTemplate address that is neither configured nor allowed (%s)',
    async (name, address) => {
      const answer = await reader().read(
        rollout(canary([{ name: 'errors', templateRef: { name } }])),
        range,
      );
      expect(reached).toEqual([]);
      expect(answer.metrics[0].canary).toEqual([]);
      expect(answer.metrics[0].problems).toEqual([
        `Prometheus address ${JSON.stringify(
          address,
        )} of this metric is not queried: it is not the Prometheus configured for cluster prod and not under canary.prometheus.allowedUrls: set canary.prometheus.clusters.prod, or add the address to canary.prometheus.allowedUrls`,
      ]);
    },
  );

  it("queries the cluster's configured Prometheus instead of the template's address", async () => {
    await reader({
      clusters: { prod: { url: 'http://prometheus.test:9090' } },
    }).read(
      rollout(canary([{ name: 'errors', templateRef: { name: 'to-vault' } }])),
      range,
    );
    expect(reached.map(url => new URL(url).origin)).toEqual([
      'http://prometheus.test:9090',
      'http://prometheus.test:9090',
    ]);
  });

  it("reaches an allowed in-cluster address through the cluster's service proxy only", async () => {
    const answer = await reader({
      allowedUrls: ['http://prometheus.monitoring:9090'],
    }).read(
      rollout(
        canary([
          { name: 'allowed', templateRef: { name: 'to-allowed' } },
          { name: 'refused', templateRef: { name: 'to-localhost' } },
        ]),
      ),
      range,
    );
    expect(reached.map(url => new URL(url).pathname)).toEqual([
      '/api/kubernetes/proxy/api/v1/namespaces/monitoring/services/prometheus:9090/proxy/api/v1/query_range',
      '/api/kubernetes/proxy/api/v1/namespaces/monitoring/services/prometheus:9090/proxy/api/v1/query_range',
    ]);
    expect(answer.metrics[0].problems).toEqual([]);
    expect(answer.metrics[1].problems[0]).toMatch(
      /^Prometheus address "http:\/\/localhost:1234" of this metric is not queried/,
    );
  });

  it("charts a run still going from a minute before its start up to now, with that run's checks only", async () => {
    const now = jest
      .spyOn(Date, 'now')
      .mockReturnValue(Date.parse('2026-11-22T11:05:00Z'));
    const store = {
      findRun: jest.fn(async () => ({
        id: 25,
        number: 25,
        revision: 'rev-4',
        images: [],
        startedAt: '2026-11-22T11:01:10.000Z',
      })),
      haltedChecks: jest.fn(async () => []),
    };
    try {
      const answer = await reader({}, store as unknown as RolloutStore).read(
        rollout(canary([])),
        { runId: 25 },
      );
      expect(answer.range).toEqual({
        start: Date.parse('2026-11-22T11:00:10Z') / 1000,
        end: Date.parse('2026-11-22T11:05:00Z') / 1000,
        stepSeconds: 60,
      });
    } finally {
      now.mockRestore();
    }
    expect(store.findRun).toHaveBeenCalledWith(
      expect.objectContaining({ cluster: 'prod', name: 'checkout' }),
      25,
    );
    expect(store.haltedChecks).toHaveBeenCalledWith(
      expect.objectContaining({ cluster: 'prod', name: 'checkout' }),
      { runId: 25 },
    );
  });

  it('never looks up a templateRef whose name would walk elsewhere in the API', async () => {
    const answer = await reader({
      clusters: { prod: { url: 'http://prometheus.test:9090' } },
    }).read(
      rollout(
        canary([
          { name: 'errors', templateRef: { name: '../../../api/v1/secrets' } },
        ]),
      ),
      range,
    );
    expect(reached).toEqual([]);
    expect(answer.metrics[0].problems).toEqual(
      expect.arrayContaining([
        'templateRef.name of metric errors must be a Kubernetes name (lowercase letters, digits, "-" and ".", starting and ending with a letter or digit, at most 253 characters), got "../../../api/v1/secrets": the MetricTemplate is not looked up',
      ]),
    );
  });
});
