import { ConfigReader } from '@backstage/config';
import { PrometheusLocator } from './PrometheusLocator';

describe('PrometheusLocator', () => {
  const locator = PrometheusLocator.fromConfig(
    new ConfigReader({
      canary: {
        prometheus: {
          clusters: {
            'kurator-member1': { url: 'http://127.0.0.1:19090/' },
            prod: {
              service: {
                namespace: 'monitoring',
                name: 'prometheus',
                port: 9090,
              },
            },
          },
          allowedUrls: [
            'http://prometheus.istio-system:9090',
            'https://metrics.example.com/prometheus/',
          ],
        },
      },
    }),
  );

  it('prefers the URL configured for the cluster, whatever the metric names', () => {
    expect(
      locator.locate('kurator-member1', 'http://prometheus.istio-system:9090'),
    ).toEqual({ target: { kind: 'url', url: 'http://127.0.0.1:19090' } });
    expect(locator.locate('kurator-member1', 'http://vault/')).toEqual({
      target: { kind: 'url', url: 'http://127.0.0.1:19090' },
    });
  });

  it('uses the configured in-cluster service through the service proxy', () => {
    expect(locator.locate('prod', undefined)).toEqual({
      target: {
        kind: 'service',
        cluster: 'prod',
        namespace: 'monitoring',
        name: 'prometheus',
        port: 9090,
      },
    });
  });

  it("reaches an allowed in-cluster address through the cluster's service proxy", () => {
    expect(
      locator.locate('staging', 'http://prometheus.istio-system:9090/'),
    ).toEqual({
      target: {
        kind: 'service',
        cluster: 'staging',
        namespace: 'istio-system',
        name: 'prometheus',
        port: 9090,
      },
    });
  });

  it('reaches an allowed URL directly, at or below its path', () => {
    expect(
      locator.locate('staging', 'https://metrics.example.com/prometheus/eu'),
    ).toEqual({
      target: { kind: 'url', url: 'https://metrics.example.com/prometheus/eu' },
    });
  });

  it.each([
    'http://localhost:1234',
    'http://vault/',
    'http://vault/v1/secret/data/x?',
    'http://169.254.169.254/latest/meta-data',
    'http://prometheus.istio-system.svc.cluster.local:9090',
    'http://prometheus.istio-system:9091',
    'https://prometheus.istio-system:9090',
    'https://metrics.example.com/prometheus-admin',
    'https://metrics.example.com/prometheus/../admin',
    'https://metrics.example.com.evil.test/prometheus',
    'https://user:pass@metrics.example.com/prometheus',
    'https://metrics.example.com/prometheus?x=1',
    'file:///etc/passwd',
    'not a url',
  ])(
    'never queries %p: neither configured nor allowed, and says which key to set',
    address => {
      const location = locator.locate('staging', address);
      expect(location.target).toBeUndefined();
      expect(location.problem).toContain(
        'set canary.prometheus.clusters.staging, or add the address to canary.prometheus.allowedUrls',
      );
    },
  );

  it('without any address, names the key to set', () => {
    expect(locator.locate('staging', undefined)).toEqual({
      problem:
        'No Prometheus is configured for cluster staging: set canary.prometheus.clusters.staging',
    });
  });

  it('names the cluster whose entry has neither url nor service', () => {
    expect(() =>
      PrometheusLocator.fromConfig(
        new ConfigReader({
          canary: { prometheus: { clusters: { prod: {} } } },
        }),
      ),
    ).toThrow(
      'canary.prometheus.clusters.prod needs a url or a service { namespace, name, port }',
    );
  });

  it.each([
    [
      { clusters: { prod: { url: 'ftp://prometheus' } } },
      'canary.prometheus.clusters.prod.url must be an http or https URL, got "ftp://prometheus"',
    ],
    [
      {
        clusters: {
          prod: {
            service: { namespace: '../kube-system', name: 'p', port: 9090 },
          },
        },
      },
      'canary.prometheus.clusters.prod.service.namespace must be a Kubernetes name',
    ],
    [
      {
        clusters: {
          prod: { service: { namespace: 'm', name: 'p', port: 0 } },
        },
      },
      'canary.prometheus.clusters.prod.service.port must be a port number from 1 to 65535, got 0',
    ],
    [
      { allowedUrls: ['http://prometheus:9090/?q=1'] },
      'canary.prometheus.allowedUrls[0] must be a URL without credentials, query or fragment',
    ],
  ])('refuses bad configuration, naming the key', (prometheus, message) => {
    expect(() =>
      PrometheusLocator.fromConfig(
        new ConfigReader({ canary: { prometheus } }),
      ),
    ).toThrow(message);
  });
});
