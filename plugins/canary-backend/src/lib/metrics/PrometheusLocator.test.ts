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
        },
      },
    }),
  );

  it('prefers the URL configured for the cluster', () => {
    expect(
      locator.locate('kurator-member1', 'http://prometheus.istio-system:9090'),
    ).toEqual({
      kind: 'url',
      url: 'http://127.0.0.1:19090',
    });
  });

  it('uses the configured in-cluster service through the service proxy', () => {
    expect(locator.locate('prod', undefined)).toEqual({
      kind: 'service',
      cluster: 'prod',
      namespace: 'monitoring',
      name: 'prometheus',
      port: 9090,
    });
  });

  it("reaches the metric's own in-cluster address through the cluster's service proxy", () => {
    expect(
      locator.locate(
        'staging',
        'http://prometheus.istio-system.svc.cluster.local:9090',
      ),
    ).toEqual({
      kind: 'service',
      cluster: 'staging',
      namespace: 'istio-system',
      name: 'prometheus',
      port: 9090,
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
});
