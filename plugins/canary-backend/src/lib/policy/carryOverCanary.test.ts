import type { PolicyObject } from '@backstage-canary/plugin-canary-common';
import { carryOverCanary } from './carryOverCanary';

const held = (): PolicyObject =>
  ({
    apiVersion: 'flagger.app/v1beta1',
    kind: 'Canary',
    metadata: { name: 'checkout', namespace: 'shop' },
    spec: {
      provider: 'istio',
      targetRef: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: 'checkout',
      },
      suspend: true,
      service: { port: 8080 },
      analysis: {
        interval: '30s',
        metrics: [
          { name: 'errors', interval: '1m', query: 'sum(rate(x[1m]))' },
        ],
        webhooks: [
          {
            name: 'promotion-gate',
            type: 'confirm-promotion',
            url: 'http://gates.shop/gate/check',
          },
          {
            name: 'rollback-gate',
            type: 'rollback',
            url: 'http://gates.shop/rollback/check',
          },
        ],
      },
    },
  } as unknown as PolicyObject);

const rendered = (spec: Record<string, unknown>): PolicyObject =>
  ({
    apiVersion: 'flagger.app/v1beta1',
    kind: 'Canary',
    metadata: { name: 'checkout', namespace: 'shop' },
    spec: {
      provider: 'istio',
      targetRef: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: 'checkout',
      },
      service: { name: 'checkout', port: 8080 },
      analysis: {
        interval: '30s',
        metrics: [{ name: 'errors', interval: '1m' }],
        webhooks: [
          {
            name: 'confirm-promotion',
            type: 'confirm-promotion',
            url: 'http://gates.shop/gate/check',
          },
        ],
      },
      ...spec,
    },
  } as unknown as PolicyObject);

describe('carryOverCanary', () => {
  it('keeps the pause state, held webhook names, the default service name unset and unmodelled metric fields', () => {
    const spec = carryOverCanary(held(), rendered({})).spec as any;
    expect(spec.suspend).toBe(true);
    expect(spec.service).toEqual({ port: 8080 });
    expect(spec.analysis.metrics).toEqual([
      { name: 'errors', interval: '1m', query: 'sum(rate(x[1m]))' },
    ]);
    // The policy owns its gates: the rollback gate it no longer has is removed, the other keeps its name.
    expect(spec.analysis.webhooks).toEqual([
      {
        name: 'promotion-gate',
        type: 'confirm-promotion',
        url: 'http://gates.shop/gate/check',
      },
    ]);
  });

  it('lets the policy set the pause state and name another service', () => {
    const spec = carryOverCanary(
      held(),
      rendered({
        suspend: false,
        service: { name: 'checkout-web', port: 8080 },
      }),
    ).spec as any;
    expect(spec.suspend).toBe(false);
    expect(spec.service.name).toBe('checkout-web');
  });
});
