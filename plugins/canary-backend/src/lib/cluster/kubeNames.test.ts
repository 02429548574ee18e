import { InputError } from '@backstage/errors';
import { assertKubeApiPath, assertKubeName, isKubeName } from './kubeNames';

describe('Kubernetes names', () => {
  it.each(['podinfo', 'shop', 'a', 'podinfo-primary', 'flagger.app', '0x'])(
    'accepts %p',
    name => {
      expect(isKubeName(name)).toBe(true);
      expect(assertKubeName('canaryName', name)).toBe(name);
    },
  );

  it.each([
    '',
    '.',
    '..',
    '../../api/v1/secrets',
    'a/b',
    'a%2Fb',
    'Podinfo',
    '-podinfo',
    'podinfo-',
    'pod info',
    'a..b',
    'x'.repeat(254),
    undefined,
    42,
  ])('refuses %p, naming the field and the allowed form', name => {
    expect(isKubeName(name)).toBe(false);
    expect(() => assertKubeName('canaryName', name)).toThrow(InputError);
    expect(() => assertKubeName('canaryName', name)).toThrow(
      /^canaryName must be a Kubernetes name \(lowercase letters, digits, "-" and "\.", starting and ending with a letter or digit, at most 253 characters\), got /,
    );
  });

  it('quotes what it refuses escaped, so the message reads as written', () => {
    expect(() => assertKubeName('name', 'x\u202eevil')).toThrow(
      'got "x\\u202eevil"',
    );
  });
});

describe('Kubernetes API paths', () => {
  it.each([
    '/apis/flagger.app/v1beta1/namespaces/shop/canaries/checkout',
    '/api/v1/namespaces/istio-system/services/prometheus:9090/proxy/api/v1/query_range',
    '/apis/rbac.authorization.k8s.io/v1/clusterroles/system:aggregate-to-view',
    '/api/v1/events',
  ])('lets %p through', path => {
    expect(() => assertKubeApiPath(path)).not.toThrow();
  });

  it.each([
    ['/apis/apps/v1/namespaces/shop/deployments/../../api/v1/secrets', '..'],
    ['/apis/apps/v1/namespaces/shop/deployments/./x', '.'],
    ['/apis/apps/v1/namespaces//deployments', ''],
    ['/apis/apps/v1/namespaces/shop/deployments/', ''],
    ['/api/v1/namespaces/shop/secrets%2Fx', 'secrets%2Fx'],
    ['/api/v1/namespaces/shop/%2e%2e', '%2e%2e'],
    ['/api/v1/namespaces/shop\\..\\secrets', 'shop\\..\\secrets'],
    ['/api/v1/namespaces/shop?x=1', 'shop?x=1'],
  ])('refuses %p, naming the segment %p', (path, segment) => {
    expect(() => assertKubeApiPath(path)).toThrow(InputError);
    expect(() => assertKubeApiPath(path)).toThrow(
      `Cluster API path segment ${JSON.stringify(segment)} is not allowed`,
    );
  });

  it('refuses a path that does not start at the root', () => {
    expect(() => assertKubeApiPath('api/v1/secrets')).toThrow(
      'Cluster API path must start with "/"',
    );
  });
});
