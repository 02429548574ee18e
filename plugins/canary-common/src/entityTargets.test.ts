import type { Entity } from '@backstage/catalog-model';
import {
  getCanaryEntityTargets,
  isCanaryAvailable,
  parseNamespacedName,
} from './entityTargets';

const entity = (annotations?: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'rollout-demo', annotations },
});

describe('getCanaryEntityTargets', () => {
  it('reads the Kurator Application with its host cluster', () => {
    expect(
      getCanaryEntityTargets(
        entity({
          'backstage-canary.io/kurator-application': 'default/rollout-demo',
          'backstage-canary.io/host-cluster': 'host',
        }),
      ),
    ).toEqual({
      kuratorApplication: {
        namespace: 'default',
        name: 'rollout-demo',
        hostCluster: 'host',
      },
      errors: [],
    });
  });

  it('reads a native canary and the Kubernetes plugin label together', () => {
    expect(
      getCanaryEntityTargets(
        entity({
          'backstage-canary.io/canary': 'test/podinfo',
          'backstage.io/kubernetes-id': 'podinfo',
        }),
      ),
    ).toEqual({
      canary: { namespace: 'test', name: 'podinfo' },
      labelSelector: 'backstage.io/kubernetes-id=podinfo',
      errors: [],
    });
  });

  it('prefers the label selector annotation over the kubernetes id, as the Kubernetes plugin does', () => {
    expect(
      getCanaryEntityTargets(
        entity({
          'backstage.io/kubernetes-id': 'podinfo',
          'backstage.io/kubernetes-label-selector': 'app=podinfo,tier=web',
        }),
      ).labelSelector,
    ).toBe('app=podinfo,tier=web');
  });

  it('names the malformed annotation and what is allowed', () => {
    const targets = getCanaryEntityTargets(
      entity({ 'backstage-canary.io/kurator-application': 'rollout-demo' }),
    );
    expect(targets.kuratorApplication).toBeUndefined();
    expect(targets.errors).toEqual([
      'Annotation backstage-canary.io/kurator-application must be "<namespace>/<name>" with a lowercase RFC 1123 namespace and name, got "rollout-demo"',
    ]);
  });

  it('finds nothing on an entity without annotations', () => {
    expect(getCanaryEntityTargets(entity())).toEqual({ errors: [] });
  });
});

describe('parseNamespacedName', () => {
  it.each([
    ['default/rollout-demo', { namespace: 'default', name: 'rollout-demo' }],
    ['test/podinfo.v2', { namespace: 'test', name: 'podinfo.v2' }],
  ])('accepts %s', (value, expected) => {
    expect(parseNamespacedName(value, 'a')).toEqual(expected);
  });

  it.each([
    'podinfo',
    'a/b/c',
    'Test/podinfo',
    'test/-podinfo',
    '/podinfo',
    'test/',
  ])('rejects %s', value => {
    expect(parseNamespacedName(value, 'my/annotation')).toEqual({
      error: expect.stringContaining('my/annotation must be'),
    });
  });
});

describe('isCanaryAvailable', () => {
  it('is true for each annotation the tab resolves', () => {
    expect(
      isCanaryAvailable(
        entity({ 'backstage-canary.io/kurator-application': 'default/x' }),
      ),
    ).toBe(true);
    expect(
      isCanaryAvailable(entity({ 'backstage-canary.io/canary': 'test/x' })),
    ).toBe(true);
    expect(
      isCanaryAvailable(entity({ 'backstage.io/kubernetes-id': 'x' })),
    ).toBe(true);
  });

  it('is true for a malformed annotation, so the tab can show the error', () => {
    expect(
      isCanaryAvailable(entity({ 'backstage-canary.io/canary': 'x' })),
    ).toBe(true);
  });

  it('is false without any', () => {
    expect(
      isCanaryAvailable(entity({ 'backstage.io/techdocs-ref': 'dir:.' })),
    ).toBe(false);
  });
});
