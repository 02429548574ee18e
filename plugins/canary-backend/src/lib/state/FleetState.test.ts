import { mockServices } from '@backstage/backend-test-utils';
import {
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type {
  ClusterGateway,
  KubeList,
  KubeWatchEvent,
} from '../cluster/ClusterGateway';
import { FleetState } from './FleetState';
import { FleetStateGateway } from './FleetStateGateway';
import type { CollectionSpec, KubeObject } from './WatchedCollection';

const CANARIES = '/apis/flagger.app/v1beta1/canaries';
const NAMESPACES = '/api/v1/namespaces';
const DEPLOYMENTS = '/apis/apps/v1/deployments';
const specs: CollectionSpec[] = [
  { resource: 'canaries', path: CANARIES, journaled: true },
  { resource: 'namespaces', path: NAMESPACES },
  { resource: 'deployments', path: DEPLOYMENTS },
];

const canary = (name: string, rv: string, labels?: Record<string, string>) => ({
  metadata: { namespace: 'shop', name, resourceVersion: rv, labels },
  status: { phase: 'Progressing' },
});

/**
 * An in-memory cluster behind the gateway interface: lists what it holds, streams the events the
 * test sends to open watches, and can be made to fail. Counts the calls that reach it.
 */
class FakeClusters implements ClusterGateway {
  objects = new Map<string, KubeObject[]>([
    [CANARIES, [canary('web', '1', { app: 'web' }), canary('api', '2')]],
    [NAMESPACES, [{ metadata: { name: 'shop', resourceVersion: '3' } }]],
  ]);
  down = false;
  /** Calls of these kinds never answer and ignore their abort (a proxy that loses them). */
  hangs = new Set<'get' | 'list'>();
  /** Collections the plugin's identity may not list here (RBAC, or auth in the browser). */
  refused = new Set<string>();
  /** Collections this cluster does not serve (their CRD is not installed). */
  absent = new Set<string>();
  calls: string[] = [];
  /** Each watch's path and the resource version it started from. */
  watchedFrom: string[] = [];
  listVersion = '10';
  private watchers = new Set<{
    path: string;
    onEvent: (event: KubeWatchEvent<any>) => void;
    end: (error?: Error) => void;
  }>();

  async listClusters() {
    this.calls.push('listClusters');
    return ['member'];
  }

  async get<T>(cluster: string, path: string): Promise<T> {
    this.calls.push(`get ${path}`);
    if (this.hangs.has('get')) await new Promise(() => undefined);
    if (this.down) throw new ServiceUnavailableError(`Cluster ${cluster} down`);
    if (path.includes('?')) return { items: [] } as T;
    const found = this.objects
      .get(CANARIES)!
      .find(o => path.endsWith(`/${o.metadata!.name}`));
    if (!found) throw new NotFoundError(`Cluster ${cluster}: not found`);
    return found as T;
  }

  async list<T>(cluster: string, path: string): Promise<KubeList<T>> {
    this.calls.push(`list ${path}`);
    if (this.hangs.has('list')) await new Promise(() => undefined);
    if (this.down) throw new ServiceUnavailableError(`Cluster ${cluster} down`);
    if (this.refused.has(path)) {
      throw new NotAllowedError(`Cluster ${cluster}: ${path} is forbidden`);
    }
    if (this.absent.has(path)) {
      throw new NotFoundError(
        `Cluster ${cluster}: ${path}: 404 page not found`,
      );
    }
    return {
      items: (this.objects.get(path) ?? []) as T[],
      metadata: { resourceVersion: this.listVersion },
    };
  }

  async watch<T>(
    _cluster: string,
    path: string,
    _options: unknown,
    onEvent: (event: KubeWatchEvent<T>) => void | Promise<void>,
    context?: { signal?: AbortSignal },
  ): Promise<void> {
    this.calls.push(`watch ${path}`);
    this.watchedFrom.push(
      `${path} from ${
        (_options as { resourceVersion?: string }).resourceVersion
      }`,
    );
    if (this.down) throw new ServiceUnavailableError('down');
    await new Promise<void>((resolve, reject) => {
      const watcher = {
        path,
        onEvent: onEvent as (event: KubeWatchEvent<any>) => void,
        end: (error?: Error) => {
          this.watchers.delete(watcher);
          if (error) reject(error);
          else resolve();
        },
      };
      this.watchers.add(watcher);
      context?.signal?.addEventListener('abort', () => watcher.end(), {
        once: true,
      });
    });
  }

  send(path: string, event: KubeWatchEvent<KubeObject & { status?: object }>) {
    for (const watcher of this.watchers) {
      if (watcher.path !== path) continue;
      try {
        watcher.onEvent(event);
      } catch (error) {
        watcher.end(error as Error);
      }
    }
  }

  breakWatches() {
    for (const watcher of this.watchers) watcher.end(new Error('reset'));
  }

  patch = jest.fn();
  create = jest.fn();
}

async function until(check: () => boolean, what: string) {
  const deadline = Date.now() + 5_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 5));
  }
}

describe('FleetState and FleetStateGateway', () => {
  let clusters: FakeClusters;
  let state: FleetState;
  let gateway: FleetStateGateway;
  let logger: ReturnType<typeof mockServices.logger.mock>;

  const startWith = async (
    refused: string[] = [DEPLOYMENTS],
    absent: string[] = [],
  ) => {
    clusters = new FakeClusters();
    clusters.refused = new Set(refused);
    clusters.absent = new Set(absent);
    logger = mockServices.logger.mock();
    state = new FleetState({
      gateway: clusters,
      logger,
      specs,
      probeIntervalMs: 50,
      readyTimeoutMs: 300,
      stragglerGraceMs: 50,
    });
    gateway = new FleetStateGateway({ live: clusters, state });
    await state.start();
  };

  beforeEach(async () => {
    await startWith();
    await until(() => state.status('member').connected, 'the watches');
  });

  afterEach(() => state.stop());

  it('answers reads of watched objects from the watches, without asking the cluster', async () => {
    clusters.calls = [];
    await expect(
      gateway.get(
        'member',
        `/apis/flagger.app/v1beta1/namespaces/shop/canaries/web`,
      ),
    ).resolves.toMatchObject({ metadata: { name: 'web' } });
    await expect(
      gateway.get('member', '/api/v1/namespaces/shop'),
    ).resolves.toMatchObject({ metadata: { name: 'shop' } });
    const labelled = await gateway.list('member', CANARIES, {
      labelSelector: 'app=web',
    });
    expect(labelled.items.map((c: any) => c.metadata.name)).toEqual(['web']);
    await expect(gateway.listClusters()).resolves.toEqual(['member']);
    expect(clusters.calls.filter(call => !call.includes('?limit=1'))).toEqual(
      [],
    );
    expect(state.status('member')).toMatchObject({
      source: 'watch',
      connected: true,
    });
  });

  it('follows changes and deletions, and answers not found as the cluster would', async () => {
    clusters.send(CANARIES, {
      type: 'MODIFIED',
      object: { ...canary('web', '11'), status: { phase: 'Succeeded' } },
    });
    clusters.send(CANARIES, { type: 'DELETED', object: canary('api', '12') });
    await expect(
      gateway.get(
        'member',
        `/apis/flagger.app/v1beta1/namespaces/shop/canaries/web`,
      ),
    ).resolves.toMatchObject({ status: { phase: 'Succeeded' } });
    await expect(
      gateway.get(
        'member',
        `/apis/flagger.app/v1beta1/namespaces/shop/canaries/api`,
      ),
    ).rejects.toThrow(
      new NotFoundError('Cluster member: canaries "api" not found'),
    );
  });

  it('tells listeners what changed', async () => {
    const changes: string[] = [];
    state.onChange(change =>
      changes.push(
        `${change.cluster} ${change.resource} ${change.object.metadata?.name}`,
      ),
    );
    clusters.send(CANARIES, { type: 'MODIFIED', object: canary('web', '13') });
    clusters.send(CANARIES, {
      type: 'BOOKMARK',
      object: { metadata: { resourceVersion: '14' } },
    });
    expect(changes).toEqual(['member canaries web']);
  });

  it('journals the canary changes in the order applied, and starts the journal again at a relist', async () => {
    const canaries = state.journaled('member', 'canaries')!;
    expect(state.journaled('member', 'namespaces')).toBeUndefined();
    const listed = canaries.snapshot()!;
    expect(listed).toMatchObject({ resourceVersion: '10' });
    expect(listed.objects.map(o => o.metadata?.name)).toEqual(['web', 'api']);
    clusters.send(CANARIES, { type: 'MODIFIED', object: canary('web', '13') });
    clusters.send(CANARIES, {
      type: 'BOOKMARK',
      object: { metadata: { resourceVersion: '14' } },
    });
    clusters.send(CANARIES, { type: 'DELETED', object: canary('api', '15') });
    const journal = canaries.journal!;
    expect(
      journal
        .after(listed.position)
        ?.map(e => `${e.type} ${e.resourceVersion}`),
    ).toEqual(['MODIFIED 13', 'DELETED 15']);
    expect(canaries.snapshot()).toMatchObject({
      resourceVersion: '15',
      objects: [{ metadata: { name: 'web', resourceVersion: '13' } }],
    });

    clusters.listVersion = '20';
    clusters.send(CANARIES, {
      type: 'ERROR',
      object: { code: 410, message: 'too old resource version' } as KubeObject,
    });
    await until(() => journal.find('20') !== undefined, 'the relist');
    expect(journal.after(listed.position)).toBeUndefined();
    expect(journal.find('13')).toBeUndefined();
  });

  it('resumes the journaled canaries from the last version after an outage, so the journal misses nothing of it', async () => {
    const canaries = state.journaled('member', 'canaries')!;
    const before = canaries.snapshot()!;
    clusters.send(CANARIES, { type: 'MODIFIED', object: canary('web', '13') });
    clusters.down = true;
    clusters.breakWatches();
    await until(() => !state.status('member').connected, 'the disconnect');
    clusters.calls = [];
    clusters.watchedFrom = [];
    clusters.down = false;
    await until(() => state.status('member').connected, 'the reconnect');
    // Namespaces are listed again; the canaries' watch resumes where it stopped.
    expect(clusters.calls).toContain(`list ${NAMESPACES}`);
    expect(clusters.calls).not.toContain(`list ${CANARIES}`);
    expect(clusters.watchedFrom).toContain(`${CANARIES} from 13`);
    // Until the resumed watch has sent something, the canaries are read from the cluster.
    expect(state.collection('member', 'canaries')).toBeUndefined();
    expect(state.collection('member', 'namespaces')).toBeDefined();
    // What changed during the outage arrives on the resumed watch, after what came before it.
    clusters.send(CANARIES, { type: 'MODIFIED', object: canary('web', '16') });
    expect(
      state.collection('member', 'canaries')?.get('shop', 'web'),
    ).toMatchObject({ metadata: { resourceVersion: '16' } });
    expect(
      canaries.journal!.after(before.position)?.map(e => e.resourceVersion),
    ).toEqual(['13', '16']);
  });

  it('answers a resource the cluster does not serve (no CRD) as not found, without asking it again', async () => {
    await state.stop();
    await startWith([DEPLOYMENTS], [CANARIES]);
    await until(() => state.status('member').connected, 'the watches');
    clusters.calls = [];
    await expect(
      gateway.list('member', CANARIES, { labelSelector: 'app=web' }),
    ).rejects.toThrow(`Cluster member: ${CANARIES}: 404 page not found`);
    await expect(
      gateway.get(
        'member',
        '/apis/flagger.app/v1beta1/namespaces/shop/canaries/web',
      ),
    ).rejects.toThrow(NotFoundError);
    expect(clusters.calls).toEqual([]);
    // A refused collection is still read live (with the caller's token where auth is client-side).
    await gateway
      .get('member', '/apis/apps/v1/namespaces/shop/deployments/web')
      .catch(() => undefined);
    expect(clusters.calls).toEqual([
      'get /apis/apps/v1/namespaces/shop/deployments/web',
    ]);
  });

  it('gives callers copies: changing one does not change the state', async () => {
    const path = `/apis/flagger.app/v1beta1/namespaces/shop/canaries/web`;
    const first = await gateway.get<any>('member', path);
    first.status.phase = 'Failed';
    await expect(gateway.get<any>('member', path)).resolves.toMatchObject({
      status: { phase: 'Progressing' },
    });
  });

  it('sends reads it cannot answer to the cluster: queries, selectors it does not parse, other kinds', async () => {
    clusters.calls = [];
    await gateway.get('member', `${CANARIES}?limit=1`).catch(() => undefined);
    await gateway.list('member', CANARIES, { labelSelector: 'version>2' });
    await gateway
      .get('member', '/apis/apps/v1/namespaces/shop/deployments/web')
      .catch(() => undefined);
    expect(clusters.calls).toEqual([
      `get ${CANARIES}?limit=1`,
      `list ${CANARIES}`,
      'get /apis/apps/v1/namespaces/shop/deployments/web',
    ]);
  });

  it('lists again after a 410 Gone, with what changed meanwhile', async () => {
    clusters.objects.set(CANARIES, [canary('web', '20'), canary('new', '21')]);
    clusters.calls = [];
    clusters.send(CANARIES, {
      type: 'ERROR',
      object: { code: 410, message: 'too old resource version' } as KubeObject,
    });
    await until(
      () => Boolean(state.collection('member', 'canaries')?.get('shop', 'new')),
      'the relist',
    );
    expect(clusters.calls).toContain(`list ${CANARIES}`);
    expect(
      state.collection('member', 'canaries')?.get('shop', 'api'),
    ).toBeUndefined();
  });

  it('reads live while the cluster is disconnected, says why, and reconnects', async () => {
    clusters.down = true;
    clusters.breakWatches();
    await until(() => !state.status('member').connected, 'the disconnect');
    expect(state.status('member').error?.message).toBe('reset');
    clusters.calls = [];
    await expect(
      gateway.get(
        'member',
        `/apis/flagger.app/v1beta1/namespaces/shop/canaries/web`,
      ),
    ).rejects.toThrow('Cluster member down');
    expect(clusters.calls).toEqual([
      'get /apis/flagger.app/v1beta1/namespaces/shop/canaries/web',
    ]);

    clusters.down = false;
    await until(() => state.status('member').connected, 'the reconnect');
    expect(state.status('member').error).toBeUndefined();
  });

  it('notices a cluster that stops answering although its watches stay open (probe)', async () => {
    clusters.down = true; // the open watches stay silent; the probe fails
    await until(() => !state.status('member').connected, 'the probe to fail');
    expect(state.status('member')).toMatchObject({
      source: 'watch',
      connected: false,
      error: new ServiceUnavailableError('Cluster member down'),
    });
  });

  it('counts a probe that gets no answer as a failure', async () => {
    clusters.hangs.add('get'); // the open watches stay silent, the probe is never answered
    await until(() => !state.status('member').connected, 'the probe to fail');
    expect(state.status('member').error?.message).toBe(
      'Cluster member did not answer the probe within 0.05 s',
    );
    clusters.hangs.clear();
    await until(() => state.status('member').connected, 'the reconnect');
  });

  it('tries again when a list never answers, and says which call it left behind', async () => {
    clusters.hangs.add('list');
    clusters.breakWatches();
    await until(
      () => /within 0.3 s/.test(String(state.status('member').error)),
      'the attempt to time out',
    );
    // The journaled canaries resume their watch; the other collections list again.
    expect(state.status('member').error?.message).toContain(
      'did not list every watched collection within 0.3 s (canaries watching, namespaces listing, deployments listing',
    );
    await until(
      () => logger.warn.mock.calls.some(([m]) => /left behind/.test(m)),
      'the warning',
    );
    clusters.hangs.clear();
    await until(() => state.status('member').connected, 'the reconnect');
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringMatching(
        /^Fleet state: cluster member is watched again, [\d.]+ s after its watches broke$/,
      ),
    );
  });

  it('starts its retries short again for each new outage', async () => {
    const retries = () =>
      logger.warn.mock.calls
        .map(([m]) => /trying again in (\d+) s/.exec(String(m))?.[1])
        .filter(Boolean);
    clusters.down = true;
    clusters.breakWatches();
    await until(() => retries().length >= 2, 'two failed reconnects');
    expect(retries().slice(0, 2)).toEqual(['1', '2']);
    clusters.down = false;
    await until(() => state.status('member').connected, 'the reconnect');
    logger.warn.mockClear();
    clusters.down = true;
    clusters.breakWatches();
    await until(() => retries().length >= 1, 'the next outage');
    expect(retries()[0]).toBe('1');
  });

  it('reads a collection the cluster refuses to the plugin live, and watches the rest', async () => {
    clusters.calls = [];
    await gateway
      .get('member', '/apis/apps/v1/namespaces/shop/deployments/web')
      .catch(() => undefined);
    await gateway.get(
      'member',
      '/apis/flagger.app/v1beta1/namespaces/shop/canaries/web',
    );
    expect(clusters.calls).toEqual([
      'get /apis/apps/v1/namespaces/shop/deployments/web',
    ]);
    expect(state.status('member')).toMatchObject({
      source: 'watch',
      connected: true,
    });
  });

  it('reads a cluster that refuses every collection to the plugin live, with the user token, and says so', async () => {
    await state.stop();
    await startWith([CANARIES, NAMESPACES, DEPLOYMENTS]);
    await until(() => state.status('member').source === 'live', 'the refusal');
    expect(state.status('member')).toMatchObject({
      connected: false,
      error: new NotAllowedError(`Cluster member: ${CANARIES} is forbidden`),
    });
    clusters.calls = [];
    await gateway.get(
      'member',
      '/apis/flagger.app/v1beta1/namespaces/shop/canaries/web',
      { providerTokens: { oidc: 'user-token' } },
    );
    expect(clusters.calls).toEqual([
      'get /apis/flagger.app/v1beta1/namespaces/shop/canaries/web',
    ]);
  });
});
