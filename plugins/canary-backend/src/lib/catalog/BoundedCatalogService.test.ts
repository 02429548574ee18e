import { mockCredentials } from '@backstage/backend-test-utils';
import { ServiceUnavailableError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { BoundedCatalogService } from './BoundedCatalogService';

const options = { credentials: mockCredentials.user() };
const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout', namespace: 'default' },
};

/** A catalog whose lookups hang until released; counts the calls it receives. */
function stalledCatalog() {
  const release: Array<() => void> = [];
  const catalog = catalogServiceMock.mock({
    getEntityByRef: jest.fn(
      () =>
        new Promise(resolve => {
          release.push(() => resolve(entity));
        }),
    ),
  });
  return { catalog, release };
}

describe('BoundedCatalogService', () => {
  afterEach(() => jest.useRealTimers());

  it('answers what the catalog answers', async () => {
    const bounded = new BoundedCatalogService({
      catalog: catalogServiceMock({ entities: [entity] }),
    });
    await expect(
      bounded.getEntityByRef('component:default/checkout', options),
    ).resolves.toMatchObject({ metadata: { name: 'checkout' } });
    await expect(
      bounded.getEntities({ filter: { kind: 'Component' } }, options),
    ).resolves.toMatchObject({ items: [{ metadata: { name: 'checkout' } }] });
  });

  it('passes the catalog errors on unchanged', async () => {
    const error = new Error('catalog says no');
    const bounded = new BoundedCatalogService({
      catalog: catalogServiceMock.mock({
        queryEntities: jest.fn().mockRejectedValue(error),
      }),
    });
    await expect(bounded.queryEntities({}, options)).rejects.toBe(error);
  });

  it('answers a 503 naming the catalog when it never answers', async () => {
    const { catalog } = stalledCatalog();
    const bounded = new BoundedCatalogService({
      catalog,
      requestTimeoutMs: 50,
    });
    const started = Date.now();
    const call = bounded.getEntityByRef('component:default/checkout', options);
    await expect(call).rejects.toThrow(ServiceUnavailableError);
    await expect(call).rejects.toThrow(
      'The catalog did not answer (getEntityByRef) within 0.05 s; try again later',
    );
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('keeps at most maxConcurrentRequests calls in flight, the others waiting their turn', async () => {
    const { catalog, release } = stalledCatalog();
    const bounded = new BoundedCatalogService({
      catalog,
      requestTimeoutMs: 10_000,
      maxConcurrentRequests: 2,
    });
    const calls = [1, 2, 3, 4, 5].map(() =>
      bounded.getEntityByRef('component:default/checkout', options),
    );
    await new Promise(resolve => setImmediate(resolve));
    expect(catalog.getEntityByRef).toHaveBeenCalledTimes(2);
    expect(bounded.load).toEqual({ active: 2, pending: 3 });
    while (release.length) {
      release.shift()!();
      await new Promise(resolve => setImmediate(resolve));
    }
    await expect(Promise.all(calls)).resolves.toHaveLength(5);
    expect(catalog.getEntityByRef).toHaveBeenCalledTimes(5);
  });

  it('gives the turns of stalled calls back at their deadline, so a recovered catalog answers at once', async () => {
    jest.useFakeTimers();
    const { catalog } = stalledCatalog();
    const bounded = new BoundedCatalogService({
      catalog,
      requestTimeoutMs: 1_000,
      maxConcurrentRequests: 1,
    });
    const first = bounded.getEntityByRef('component:default/a', options);
    const queued = bounded.getEntityByRef('component:default/b', options);
    const settled = Promise.allSettled([first, queued]);
    await jest.advanceTimersByTimeAsync(1_000);
    const [a, b] = await settled;
    expect(a.status).toBe('rejected');
    expect(b.status).toBe('rejected');

    // The catalog recovers: the next call is sent at once, not after the stalled one ends.
    (catalog.getEntityByRef as jest.Mock).mockResolvedValueOnce(entity);
    await expect(
      bounded.getEntityByRef('component:default/c', options),
    ).resolves.toBe(entity);
    expect(bounded.load).toEqual({ active: 0, pending: 0 });
  });
});
