import {
  KubeClient,
  KubeError,
  KubeObject,
  ResourceRef,
  WatchEvent,
} from './KubeClient';

/** What the cache needs of a client: a list and a watch of one collection. */
export type ObjectCacheClient = Pick<KubeClient, 'list' | 'watch'>;

export type CacheEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export type ObjectCacheOptions = {
  client: ObjectCacheClient;
  /** The collection (apiVersion and kind, all namespaces unless `namespace` is set). */
  ref: ResourceRef;
  /** Called after the store changed: a watch event, or a difference found by a (re)list. */
  onChange?: (type: CacheEventType, object: KubeObject) => void;
  log?: (message: string) => void;
  /** First delay before listing again after an error; doubles up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
};

export function objectKey(namespace: string | undefined, name: string) {
  return `${namespace ?? ''}/${name}`;
}

/** The watch ended because its resourceVersion is too old (410 Gone): list again. */
class ExpiredError extends Error {}

function isExpired(status: any): boolean {
  return status?.code === 410 || status?.reason === 'Expired';
}

/**
 * A watch-fed copy of one collection, like client-go's informer: one list, then a watch from the
 * list's resourceVersion, watched again from the last seen version when the server ends the
 * stream, and listed again after a 410 Gone or an error (with back-off, so a stopped API server
 * costs nothing but a retry now and then). Reads (`get`, `values`) never touch the API.
 */
export class ObjectCache {
  private readonly store = new Map<string, KubeObject>();
  private resourceVersion?: string;
  private abort?: AbortController;
  private stopped = true;
  private loop?: Promise<void>;
  private syncedOnce = false;
  private readonly syncWaiters: Array<() => void> = [];
  private wakeUp?: () => void;
  /** The last error, cleared by the next successful list or watch event. */
  lastError?: string;
  /** How many times the collection was listed (the first list included). */
  lists = 0;

  constructor(private readonly options: ObjectCacheOptions) {}

  get synced(): boolean {
    return this.syncedOnce;
  }

  get size(): number {
    return this.store.size;
  }

  get(namespace: string | undefined, name: string): KubeObject | undefined {
    return this.store.get(objectKey(namespace, name));
  }

  values(): KubeObject[] {
    return [...this.store.values()];
  }

  /** Resolves once the first list is in the store. */
  whenSynced(): Promise<void> {
    if (this.syncedOnce) return Promise.resolve();
    return new Promise(resolve => this.syncWaiters.push(resolve));
  }

  start() {
    if (!this.stopped) return;
    this.stopped = false;
    this.loop = this.run();
  }

  /** Ends the watch; resolves when the loop has stopped. */
  async stop() {
    this.stopped = true;
    this.abort?.abort();
    this.wakeUp?.();
    await this.loop;
  }

  private async run() {
    const first = this.options.retryMs ?? 1000;
    let delay = first;
    while (!this.stopped) {
      try {
        if (this.resourceVersion === undefined) {
          await this.relist();
        }
        const began = Date.now();
        await this.watchOnce();
        if (Date.now() - began < 1000) {
          // a server that ends every watch at once is not watched in a busy loop
          await this.sleep(delay);
          delay = Math.min(delay * 2, this.options.maxRetryMs ?? 10_000);
        } else {
          delay = first;
        }
      } catch (error) {
        if (this.stopped) break;
        // Any failure lists again: the stream may have missed events.
        this.resourceVersion = undefined;
        if (error instanceof ExpiredError) {
          continue;
        }
        const message = (error as Error).message;
        if (message !== this.lastError) {
          this.options.log?.(
            `watch of ${this.options.ref.kind} failed: ${message}`,
          );
        }
        this.lastError = message;
        await this.sleep(delay);
        delay = Math.min(delay * 2, this.options.maxRetryMs ?? 10_000);
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise(resolve => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }

  private async relist() {
    const list = await this.options.client.list(this.options.ref);
    this.lists++;
    this.lastError = undefined;
    const fresh = new Map<string, KubeObject>();
    for (const item of list.items) {
      fresh.set(objectKey(item.metadata.namespace, item.metadata.name), item);
    }
    const changes: Array<[CacheEventType, KubeObject]> = [];
    for (const [key, old] of this.store) {
      if (!fresh.has(key)) changes.push(['DELETED', old]);
    }
    for (const [key, item] of fresh) {
      const old = this.store.get(key);
      if (!old) changes.push(['ADDED', item]);
      else if (old.metadata.resourceVersion !== item.metadata.resourceVersion)
        changes.push(['MODIFIED', item]);
    }
    this.store.clear();
    for (const [key, item] of fresh) this.store.set(key, item);
    this.resourceVersion = list.metadata?.resourceVersion ?? '';
    if (!this.syncedOnce) {
      this.syncedOnce = true;
      for (const resolve of this.syncWaiters.splice(0)) resolve();
    }
    for (const [type, object] of changes) this.notify(type, object);
  }

  private notify(type: CacheEventType, object: KubeObject) {
    try {
      this.options.onChange?.(type, object);
    } catch (error) {
      this.options.log?.(
        `${this.options.ref.kind} handler failed: ${(error as Error).message}`,
      );
    }
  }

  /** Applies one watch event to the store (exported for tests through `apply`). */
  apply(event: WatchEvent) {
    const { type, object } = event;
    if (type === 'ERROR') {
      throw isExpired(object)
        ? new ExpiredError('resource version expired')
        : new Error(`watch error: ${(object as any)?.message ?? 'unknown'}`);
    }
    const rv = object?.metadata?.resourceVersion;
    if (rv) this.resourceVersion = rv;
    if (type === 'BOOKMARK') return;
    const item: KubeObject = {
      ...object,
      apiVersion: object.apiVersion ?? this.options.ref.apiVersion,
      kind: object.kind ?? this.options.ref.kind,
    };
    const key = objectKey(item.metadata.namespace, item.metadata.name);
    this.lastError = undefined;
    if (type === 'DELETED') {
      this.store.delete(key);
    } else {
      this.store.set(key, item);
    }
    this.notify(type, item);
  }

  private async watchOnce() {
    const abort = new AbortController();
    this.abort = abort;
    let failure: Error | undefined;
    try {
      await this.options.client.watch(
        this.options.ref,
        this.resourceVersion || undefined,
        event => {
          if (failure) return;
          try {
            this.apply(event);
          } catch (error) {
            failure = error as Error;
            abort.abort();
          }
        },
        abort.signal,
      );
    } catch (error) {
      if (
        error instanceof KubeError &&
        (error.statusCode === 410 || isExpired(error.body))
      ) {
        throw new ExpiredError(error.message);
      }
      if (!failure) throw error;
    }
    if (failure) throw failure;
  }
}
