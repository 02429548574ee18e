import {
  KubeClient,
  KubeError,
  KubeObject,
  ResourceRef,
  WatchEvent,
  resourcePath,
} from '../lib/KubeClient';

const COLLECTIONS = new Set([
  'canaries',
  'deployments',
  'services',
  'events',
  'metrictemplates',
]);

/**
 * An in-memory API server for unit tests: objects by REST path, every request recorded as
 * `METHOD path`. Lists of a collection across namespaces, status writes with resourceVersion
 * conflicts, creates and patches (a patch is recorded, not applied); a watch sends the writes of
 * its collection until it is aborted.
 */
export class FakeApi extends KubeClient {
  readonly objects = new Map<string, KubeObject>();
  readonly requests: string[] = [];
  private rv = 100;
  private readonly watchers = new Set<{
    path: string;
    onEvent: (event: WatchEvent) => void;
  }>();

  constructor() {
    super({ server: 'https://127.0.0.1:9', caPem: '', token: 'test' });
  }

  /** Stores (a copy of) an object under its path with a new resourceVersion. */
  put(object: KubeObject): KubeObject {
    const path = resourcePath({
      apiVersion: object.apiVersion,
      kind: object.kind,
      namespace: object.metadata.namespace,
      name: object.metadata.name,
    });
    const stored = structuredClone(object);
    stored.metadata.resourceVersion = String(++this.rv);
    const type = this.objects.has(path) ? 'MODIFIED' : 'ADDED';
    this.objects.set(path, stored);
    const collection = resourcePath({
      apiVersion: object.apiVersion,
      kind: object.kind,
    });
    for (const w of this.watchers) {
      if (w.path === collection) {
        w.onEvent({ type, object: structuredClone(stored) });
      }
    }
    return stored;
  }

  find(ref: ResourceRef): KubeObject | undefined {
    return this.objects.get(resourcePath(ref));
  }

  async request<T = any>(
    method: string,
    path: string,
    options: { body?: any; query?: Record<string, unknown> } = {},
  ): Promise<T> {
    this.requests.push(`${method} ${path}`);
    if (method === 'GET') {
      const found = this.objects.get(path);
      if (found) return structuredClone(found) as T;
      const items = this.collection(path);
      if (items) {
        return {
          items: structuredClone(items),
          metadata: { resourceVersion: String(this.rv) },
        } as T;
      }
      throw new KubeError(404, 'NotFound', `GET ${path}: 404 not found`, {});
    }
    if (method === 'PUT') {
      const status = path.endsWith('/status');
      const objectPath = status ? path.slice(0, -'/status'.length) : path;
      const current = this.objects.get(objectPath);
      if (!current) {
        throw new KubeError(404, 'NotFound', `PUT ${path}: 404`, {});
      }
      if (
        options.body.metadata.resourceVersion !==
        current.metadata.resourceVersion
      ) {
        throw new KubeError(409, 'Conflict', `PUT ${path}: 409`, {});
      }
      return structuredClone(
        this.put(
          status
            ? { ...current, status: options.body.status }
            : { ...options.body, status: current.status },
        ),
      ) as T;
    }
    if (method === 'POST') {
      const body = options.body as KubeObject;
      if (this.objects.has(`${path}/${body.metadata.name}`)) {
        throw new KubeError(409, 'AlreadyExists', `POST ${path}: 409`, {});
      }
      return structuredClone(this.put(body)) as T;
    }
    return structuredClone(options.body ?? {}) as T;
  }

  /** Items of a collection path (`/api/v1/services`, `/api/v1/namespaces/x/services`). */
  private collection(path: string): KubeObject[] | undefined {
    const parts = path.split('/');
    const plural = parts[parts.length - 1];
    if (!COLLECTIONS.has(plural)) return undefined;
    const namespaced = parts[parts.length - 3] === 'namespaces';
    const base = parts.slice(0, namespaced ? -3 : -1).join('/');
    const namespace = namespaced ? parts[parts.length - 2] : undefined;
    const items: KubeObject[] = [];
    for (const [p, object] of this.objects) {
      const q = p.split('/');
      if (
        q[q.length - 2] === plural &&
        q[q.length - 4] === 'namespaces' &&
        q.slice(0, -4).join('/') === base &&
        (!namespace || q[q.length - 3] === namespace)
      ) {
        items.push(object);
      }
    }
    return items;
  }

  /** Sends every later write of the collection (all namespaces) until aborted. */
  watch(
    ref: ResourceRef,
    _resourceVersion: string | undefined,
    onEvent: (event: WatchEvent) => void,
    signal: AbortSignal,
  ): Promise<void> {
    const path = resourcePath(ref);
    this.requests.push(`WATCH ${path}`);
    const watcher = { path, onEvent };
    this.watchers.add(watcher);
    return new Promise(resolve => {
      const done = () => {
        this.watchers.delete(watcher);
        resolve();
      };
      if (signal.aborted) done();
      signal.addEventListener('abort', done);
    });
  }
}
