import {
  kubeApiVersionPath,
  kubeCollectionPath,
  type KubeKind,
  kubeObjectPath,
} from './kubernetesApiPaths';

describe('kubeApiVersionPath', () => {
  it('puts the core group under /api and the others under /apis', () => {
    expect(kubeApiVersionPath('v1')).toBe('/api/v1');
    expect(kubeApiVersionPath('apps/v1')).toBe('/apis/apps/v1');
    expect(kubeApiVersionPath('flagger.app/v1beta1')).toBe(
      '/apis/flagger.app/v1beta1',
    );
  });
});

describe('kubeCollectionPath and kubeObjectPath', () => {
  const namespaced: Array<[KubeKind, string]> = [
    ['Canary', '/apis/flagger.app/v1beta1'],
    ['MetricTemplate', '/apis/flagger.app/v1beta1'],
    ['Application', '/apis/apps.kurator.dev/v1alpha1'],
    ['Fleet', '/apis/fleet.kurator.dev/v1alpha1'],
    ['AttachedCluster', '/apis/cluster.kurator.dev/v1alpha1'],
    ['Cluster', '/apis/cluster.kurator.dev/v1alpha1'],
    ['Deployment', '/apis/apps/v1'],
    ['Event', '/api/v1'],
    ['Service', '/api/v1'],
  ];
  const resources: Record<string, string> = {
    Canary: 'canaries',
    MetricTemplate: 'metrictemplates',
    Application: 'applications',
    Fleet: 'fleets',
    AttachedCluster: 'attachedclusters',
    Cluster: 'clusters',
    Deployment: 'deployments',
    Event: 'events',
    Service: 'services',
  };

  it.each(namespaced)(
    'addresses %s in a namespace and cluster-wide',
    (kind, base) => {
      const resource = resources[kind];
      expect(kubeCollectionPath(kind)).toBe(`${base}/${resource}`);
      expect(kubeCollectionPath(kind, 'shop')).toBe(
        `${base}/namespaces/shop/${resource}`,
      );
      expect(kubeObjectPath(kind, 'shop', 'checkout')).toBe(
        `${base}/namespaces/shop/${resource}/checkout`,
      );
    },
  );

  it('gives the real paths the suite uses', () => {
    expect(kubeObjectPath('Canary', 'shop', 'checkout')).toBe(
      '/apis/flagger.app/v1beta1/namespaces/shop/canaries/checkout',
    );
    expect(kubeCollectionPath('Canary')).toBe(
      '/apis/flagger.app/v1beta1/canaries',
    );
    expect(kubeObjectPath('Deployment', 'shop', 'checkout')).toBe(
      '/apis/apps/v1/namespaces/shop/deployments/checkout',
    );
    expect(kubeCollectionPath('Event')).toBe('/api/v1/events');
    expect(kubeObjectPath('Service', 'monitoring', 'prometheus')).toBe(
      '/api/v1/namespaces/monitoring/services/prometheus',
    );
  });

  it('addresses namespaces without a namespace', () => {
    expect(kubeCollectionPath('Namespace')).toBe('/api/v1/namespaces');
    expect(kubeObjectPath('Namespace', undefined, 'shop')).toBe(
      '/api/v1/namespaces/shop',
    );
  });

  it('encodes the namespace and the name', () => {
    expect(kubeObjectPath('Canary', 'a/b', 'c d')).toBe(
      '/apis/flagger.app/v1beta1/namespaces/a%2Fb/canaries/c%20d',
    );
    expect(kubeObjectPath('Namespace', undefined, '../x')).toBe(
      '/api/v1/namespaces/..%2Fx',
    );
  });

  it('refuses a namespace for a cluster-scoped kind and none for a namespaced one', () => {
    expect(() => kubeCollectionPath('Namespace', 'shop')).toThrow(
      'cluster-scoped',
    );
    expect(() => kubeObjectPath('Namespace', 'shop', 'x')).toThrow(
      'cluster-scoped',
    );
    expect(() => kubeObjectPath('Canary', undefined, 'checkout')).toThrow(
      'namespace is missing',
    );
  });
});
