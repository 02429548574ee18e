import { KubeError, KubeObject, WatchEvent } from './KubeClient';
import { ObjectCache, ObjectCacheClient } from './ObjectCache';

function pod(name: string, rv: string, extra: Record<string, unknown> = {}) {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'ns', resourceVersion: rv },
    ...extra,
  } as KubeObject;
}

type Script = (emit: (e: WatchEvent) => void) => Promise<void>;

/** A client whose lists and watches follow a script; a watch past the script waits for abort. */
class FakeClient {
  lists: Array<() => Promise<{ items: KubeObject[]; rv: string }>> = [];
  watches: Script[] = [];
  watchVersions: Array<string | undefined> = [];
  listCalls = 0;

  client(): ObjectCacheClient {
    return {
      list: (async () => {
        this.listCalls++;
        const next = this.lists.shift();
        if (!next) throw new Error('no more lists');
        const { items, rv } = await next();
        return { items, metadata: { resourceVersion: rv } };
      }) as any,
      watch: async (_ref, rv, onEvent, signal) => {
        this.watchVersions.push(rv);
        const script = this.watches.shift();
        if (script) {
          await script(onEvent);
          return;
        }
        await new Promise<void>(resolve =>
          signal.addEventListener('abort', () => resolve()),
        );
      },
    };
  }
}

const tick = () => new Promise(resolve => setTimeout(resolve, 5));

async function until(check: () => boolean) {
  for (let i = 0; i < 200 && !check(); i++) await tick();
  expect(check()).toBe(true);
}

describe('ObjectCache', () => {
  it('lists once, then follows the watch from the list version', async () => {
    const fake = new FakeClient();
    fake.lists.push(async () => ({ items: [pod('a', '5')], rv: '10' }));
    let emit: (e: WatchEvent) => void = () => {};
    let end: () => void = () => {};
    fake.watches.push(
      e =>
        new Promise(resolve => {
          emit = e;
          end = resolve;
        }),
    );
    const changes: string[] = [];
    const cache = new ObjectCache({
      client: fake.client(),
      ref: { apiVersion: 'v1', kind: 'Service' },
      onChange: (type, o) => changes.push(`${type} ${o.metadata.name}`),
      retryMs: 1,
    });
    cache.start();
    await cache.whenSynced();
    expect(cache.get('ns', 'a')?.metadata.resourceVersion).toBe('5');
    await until(() => fake.watchVersions.length === 1);
    expect(fake.watchVersions).toEqual(['10']);

    emit({ type: 'ADDED', object: pod('b', '11') });
    emit({ type: 'MODIFIED', object: pod('a', '12', { spec: { x: 1 } }) });
    emit({ type: 'DELETED', object: pod('b', '13') });
    emit({ type: 'BOOKMARK', object: pod('', '14') });
    expect(cache.get('ns', 'a')?.spec).toEqual({ x: 1 });
    expect(cache.get('ns', 'b')).toBeUndefined();
    expect(cache.size).toBe(1);
    // the server ends the stream (timeoutSeconds): watched again from the last version, no list
    end();
    await until(() => fake.watchVersions.length === 2);
    expect(fake.watchVersions[1]).toBe('14');
    expect(fake.listCalls).toBe(1);
    expect(changes).toEqual(['ADDED a', 'ADDED b', 'MODIFIED a', 'DELETED b']);
    await cache.stop();
  });

  it('lists again after 410 Gone and reports what the watch missed', async () => {
    const fake = new FakeClient();
    fake.lists.push(async () => ({
      items: [pod('a', '1'), pod('b', '2')],
      rv: '2',
    }));
    fake.lists.push(async () => ({
      items: [pod('a', '7'), pod('c', '8')],
      rv: '9',
    }));
    fake.watches.push(async emit =>
      emit({
        type: 'ERROR',
        object: { code: 410, reason: 'Expired', message: 'too old' } as any,
      }),
    );
    const changes: string[] = [];
    const cache = new ObjectCache({
      client: fake.client(),
      ref: { apiVersion: 'v1', kind: 'Service' },
      onChange: (type, o) => changes.push(`${type} ${o.metadata.name}`),
      retryMs: 1,
    });
    cache.start();
    await until(() => fake.watchVersions.length === 2);
    expect(fake.watchVersions).toEqual(['2', '9']);
    expect(
      cache
        .values()
        .map(o => o.metadata.name)
        .sort(),
    ).toEqual(['a', 'c']);
    expect(changes).toEqual([
      'ADDED a',
      'ADDED b',
      'DELETED b',
      'MODIFIED a',
      'ADDED c',
    ]);
    await cache.stop();
  });

  it('treats a 410 answer to the watch request like an expired stream', async () => {
    const fake = new FakeClient();
    fake.lists.push(async () => ({ items: [], rv: '3' }));
    fake.lists.push(async () => ({ items: [pod('a', '4')], rv: '4' }));
    fake.watches.push(async () => {
      throw new KubeError(410, 'Expired', 'gone', { code: 410 });
    });
    const cache = new ObjectCache({
      client: fake.client(),
      ref: { apiVersion: 'v1', kind: 'Service' },
      retryMs: 1,
    });
    cache.start();
    await until(() => cache.size === 1);
    expect(fake.listCalls).toBe(2);
    await cache.stop();
  });

  it('retries with back-off while the API server is down, keeping what it has', async () => {
    const fake = new FakeClient();
    fake.lists.push(async () => ({ items: [pod('a', '1')], rv: '1' }));
    fake.watches.push(async () => {
      throw new Error('connect ECONNREFUSED');
    });
    fake.lists.push(async () => {
      throw new Error('connect ECONNREFUSED');
    });
    fake.lists.push(async () => ({ items: [pod('a', '1')], rv: '5' }));
    const logs: string[] = [];
    const cache = new ObjectCache({
      client: fake.client(),
      ref: { apiVersion: 'v1', kind: 'Service' },
      retryMs: 1,
      log: m => logs.push(m),
    });
    cache.start();
    await until(() => fake.watchVersions.length === 2);
    expect(fake.watchVersions).toEqual(['1', '5']);
    expect(cache.get('ns', 'a')).toBeDefined();
    expect(cache.lastError).toBeUndefined();
    // the same error twice is logged once
    expect(logs).toEqual(['watch of Service failed: connect ECONNREFUSED']);
    await cache.stop();
  });

  it('stops its watch', async () => {
    const fake = new FakeClient();
    fake.lists.push(async () => ({ items: [], rv: '1' }));
    const cache = new ObjectCache({
      client: fake.client(),
      ref: { apiVersion: 'v1', kind: 'Service' },
    });
    cache.start();
    await until(() => fake.watchVersions.length === 1);
    await cache.stop();
    expect(fake.listCalls).toBe(1);
  });
});
