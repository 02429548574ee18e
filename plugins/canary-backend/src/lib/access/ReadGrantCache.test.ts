import { mockCredentials } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import { ReadGrantCache } from './ReadGrantCache';

const shop: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'shop', namespace: 'default' },
};
const READ = 'canary.rollout.read';
const SHOP = 'component:default/shop';

/** A lookup that counts its calls and answers what `answer` says at the time of the call. */
function lookup(answer: () => Promise<Entity>) {
  const calls = { count: 0 };
  const load = () => {
    calls.count += 1;
    return answer();
  };
  return { calls, load };
}

describe('ReadGrantCache', () => {
  it('answers a granted read again from memory within the time to live, then asks again', async () => {
    let clock = 1_000_000;
    const cache = new ReadGrantCache({ ttlMs: 10_000, now: () => clock });
    const { calls, load } = lookup(async () => shop);
    const alice = mockCredentials.user('user:default/alice');
    await expect(cache.granted(alice, READ, SHOP, load)).resolves.toBe(shop);
    clock += 9_000;
    await expect(cache.granted(alice, READ, SHOP, load)).resolves.toBe(shop);
    expect(calls.count).toBe(1);
    clock += 2_000;
    await cache.granted(alice, READ, SHOP, load);
    expect(calls.count).toBe(2);
  });

  it('never remembers a refusal: the next read is asked again and may be granted', async () => {
    const cache = new ReadGrantCache({ ttlMs: 10_000 });
    let allowed = false;
    const { calls, load } = lookup(async () => {
      if (!allowed) throw new NotAllowedError('canary.rollout.read');
      return shop;
    });
    const alice = mockCredentials.user('user:default/alice');
    await expect(cache.granted(alice, READ, SHOP, load)).rejects.toThrow(
      NotAllowedError,
    );
    allowed = true;
    await expect(cache.granted(alice, READ, SHOP, load)).resolves.toBe(shop);
    expect(calls.count).toBe(2);
  });

  it("keeps each caller's grants apart, and a user's from a service acting for them", async () => {
    const cache = new ReadGrantCache({ ttlMs: 10_000 });
    const { calls, load } = lookup(async () => shop);
    const alice = mockCredentials.user('user:default/alice');
    const bob = mockCredentials.user('user:default/bob');
    const aliceViaBot = mockCredentials.user('user:default/alice');
    (aliceViaBot.principal as { actor?: object }).actor = {
      type: 'service',
      subject: 'plugin:mcp',
    };
    await cache.granted(alice, READ, SHOP, load);
    await cache.granted(bob, READ, SHOP, load);
    await cache.granted(aliceViaBot, READ, SHOP, load);
    await cache.granted(mockCredentials.service('plugin:x'), READ, SHOP, load);
    await cache.granted(alice, READ, 'component:default/cart', load);
    expect(calls.count).toBe(5);
    await cache.granted(alice, READ, SHOP, load);
    expect(calls.count).toBe(5);
  });

  it('shares one lookup among concurrent reads of the same caller and entity', async () => {
    const cache = new ReadGrantCache({ ttlMs: 10_000 });
    const { calls, load } = lookup(
      () => new Promise(resolve => setTimeout(() => resolve(shop), 20)),
    );
    const alice = mockCredentials.user('user:default/alice');
    const reads = await Promise.all(
      [1, 2, 3, 4].map(() => cache.granted(alice, READ, SHOP, load)),
    );
    expect(reads).toEqual([shop, shop, shop, shop]);
    expect(calls.count).toBe(1);
  });

  it('remembers nothing with a time to live of zero, nor for an unauthenticated caller', async () => {
    const { calls, load } = lookup(async () => shop);
    const off = new ReadGrantCache({ ttlMs: 0 });
    const alice = mockCredentials.user('user:default/alice');
    await off.granted(alice, READ, SHOP, load);
    await off.granted(alice, READ, SHOP, load);
    const on = new ReadGrantCache({ ttlMs: 10_000 });
    await on.granted(mockCredentials.none(), READ, SHOP, load);
    await on.granted(mockCredentials.none(), READ, SHOP, load);
    expect(calls.count).toBe(4);
  });
});
