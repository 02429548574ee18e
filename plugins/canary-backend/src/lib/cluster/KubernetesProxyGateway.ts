import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import pLimit from 'p-limit';
import type {
  ClusterCallContext,
  ClusterGateway,
  KubeList,
  KubePatchType,
  KubeWatchEvent,
} from './ClusterGateway';
import { clusterError, type KubeStatus } from './clusterErrors';
import type { ClusterAuthInfo } from './clientSideAuth';
import { assertKubeApiPath } from './kubeNames';

const HEADER_CLUSTER = 'Backstage-Kubernetes-Cluster';
const HEADER_PROVIDER_AUTH = 'Backstage-Kubernetes-Authorization';
const PATCH_CONTENT_TYPES: Record<KubePatchType, string> = {
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
};
const LIST_PAGE_SIZE = '500';
/** How long a cluster may take to answer a call (watches excepted), by default. */
export const DEFAULT_CLUSTER_REQUEST_TIMEOUT_MS = 10_000;
/** How many calls to one cluster may be in flight at once, by default (watches not counted). */
export const DEFAULT_CLUSTER_CONCURRENCY = 8;

/**
 * Reaches clusters through Backstage's Kubernetes plugin (its `/proxy` endpoint), so every cluster
 * locator and auth provider configured under `kubernetes.clusterLocatorMethods` works, with the
 * Kubernetes plugin's own audit events. Every call is made as the Canary plugin's service
 * principal; callers are authorised before, by the `canary.*` permissions on the entity.
 *
 * Every API path is checked before it is sent (see `assertKubeApiPath`): a name read from a URL or a
 * cluster object that would walk elsewhere in the API (`..`, an encoded slash) is refused with an
 * InputError and never reaches the proxy. Only `get` takes a query in its path; the other calls
 * add their own.
 *
 * A cluster that does not answer costs only its own calls: each call but a watch has a timeout
 * after which it fails with a ServiceUnavailableError naming the cluster, and at
 * most `maxConcurrentRequests` calls per cluster are in flight, the rest wait their turn.
 */
export class KubernetesProxyGateway implements ClusterGateway {
  private readonly auth: AuthService;
  private readonly discovery: DiscoveryService;
  private readonly fetchImpl: typeof fetch;
  private readonly requestTimeoutMs: number;
  private readonly maxConcurrentRequests: number;
  private readonly limits = new Map<string, pLimit.Limit>();

  constructor(options: {
    auth: AuthService;
    discovery: DiscoveryService;
    fetch?: typeof fetch;
    /** Default {@link DEFAULT_CLUSTER_REQUEST_TIMEOUT_MS}. */
    requestTimeoutMs?: number;
    /** Default {@link DEFAULT_CLUSTER_CONCURRENCY}. */
    maxConcurrentRequests?: number;
  }) {
    this.auth = options.auth;
    this.discovery = options.discovery;
    this.requestTimeoutMs =
      options.requestTimeoutMs ?? DEFAULT_CLUSTER_REQUEST_TIMEOUT_MS;
    this.maxConcurrentRequests =
      options.maxConcurrentRequests ?? DEFAULT_CLUSTER_CONCURRENCY;
    // Resolved per call, so a fetch installed later (instrumentation, test servers) is used.
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  }

  async listClusters(context: ClusterCallContext = {}): Promise<string[]> {
    return (await this.listClusterAuth(context)).map(cluster => cluster.name);
  }

  /** The Kubernetes plugin's clusters with how each authenticates (its `GET /clusters`). */
  async listClusterAuth(
    context: ClusterCallContext = {},
  ): Promise<ClusterAuthInfo[]> {
    const base = await this.discovery.getBaseUrl('kubernetes');
    const deadline = this.deadline(context.signal);
    try {
      const response = await this.fetchImpl(`${base}/clusters`, {
        headers: await this.headers(context),
        signal: deadline.signal,
      });
      if (!response.ok) {
        throw new ServiceUnavailableError(
          `The Kubernetes plugin did not list its clusters: HTTP ${response.status}`,
        );
      }
      const body = (await response.json()) as { items: ClusterAuthInfo[] };
      return body.items.map(({ name, authProvider, oidcTokenProvider }) => ({
        name,
        authProvider,
        ...(oidcTokenProvider ? { oidcTokenProvider } : {}),
      }));
    } catch (error) {
      throw deadline.explain(
        error,
        'The Kubernetes plugin did not list its clusters',
      );
    } finally {
      deadline.clear();
    }
  }

  async get<T>(
    cluster: string,
    path: string,
    context: ClusterCallContext = {},
  ): Promise<T> {
    const at = path.indexOf('?');
    return at < 0
      ? this.request<T>(cluster, path, { method: 'GET' }, context)
      : this.request<T>(
          cluster,
          path.slice(0, at),
          { method: 'GET' },
          context,
          new URLSearchParams(path.slice(at + 1)),
        );
  }

  async list<T>(
    cluster: string,
    path: string,
    query: Record<string, string> = {},
    context: ClusterCallContext = {},
  ): Promise<KubeList<T>> {
    const items: T[] = [];
    let continueToken: string | undefined;
    let resourceVersion: string | undefined;
    do {
      const params = new URLSearchParams({ ...query, limit: LIST_PAGE_SIZE });
      if (continueToken) params.set('continue', continueToken);
      const page = await this.request<KubeList<T>>(
        cluster,
        path,
        { method: 'GET' },
        context,
        params,
      );
      items.push(...page.items);
      continueToken = page.metadata.continue || undefined;
      resourceVersion = page.metadata.resourceVersion;
    } while (continueToken);
    return { items, metadata: { resourceVersion } };
  }

  async patch<T>(
    cluster: string,
    path: string,
    patch: unknown,
    type: KubePatchType,
    context: ClusterCallContext & { dryRun?: boolean } = {},
  ): Promise<T> {
    return this.request<T>(
      cluster,
      path,
      {
        method: 'PATCH',
        body: JSON.stringify(patch),
        headers: { 'Content-Type': PATCH_CONTENT_TYPES[type] },
      },
      context,
      dryRunQuery(context.dryRun),
    );
  }

  async create<T>(
    cluster: string,
    collectionPath: string,
    object: unknown,
    context: ClusterCallContext & { dryRun?: boolean } = {},
  ): Promise<T> {
    return this.request<T>(
      cluster,
      collectionPath,
      {
        method: 'POST',
        body: JSON.stringify(object),
        headers: { 'Content-Type': 'application/json' },
      },
      context,
      dryRunQuery(context.dryRun),
    );
  }

  async watch<T>(
    cluster: string,
    path: string,
    options: {
      resourceVersion?: string;
      timeoutSeconds?: number;
      query?: Record<string, string>;
    },
    onEvent: (event: KubeWatchEvent<T>) => void | Promise<void>,
    context: ClusterCallContext = {},
  ): Promise<void> {
    const params = new URLSearchParams({
      ...options.query,
      watch: '1',
      allowWatchBookmarks: 'true',
      timeoutSeconds: String(options.timeoutSeconds ?? 300),
    });
    if (options.resourceVersion) {
      params.set('resourceVersion', options.resourceVersion);
    }
    // Uncompressed: Backstage's root router compresses what it proxies, and a compressed stream
    // is flushed only when the compressor's buffer fills or the watch ends, so events would arrive
    // in bursts up to a whole watch late.
    // No timeout: the Kubernetes plugin's proxy sends a watch's response headers only with its
    // first event, so a quiet watch is indistinguishable from a slow start. The caller's signal
    // bounds it (the recorder and the fleet state give up on a watch that stays silent).
    const response = await this.send(
      cluster,
      path,
      { method: 'GET', headers: { 'Accept-Encoding': 'identity' } },
      context,
      params,
    );
    if (!response.body) return;
    const decoder = new TextDecoder();
    let buffered = '';
    for await (const chunk of response.body) {
      buffered += decoder.decode(chunk as Uint8Array, { stream: true });
      let newline = buffered.indexOf('\n');
      while (newline >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (line) await onEvent(JSON.parse(line) as KubeWatchEvent<T>);
        newline = buffered.indexOf('\n');
      }
    }
    if (buffered.trim()) {
      await onEvent(JSON.parse(buffered) as KubeWatchEvent<T>);
    }
  }

  /** One call with its answer read, within the timeout, in the cluster's concurrency limit. */
  private async request<T>(
    cluster: string,
    path: string,
    init: RequestInit,
    context: ClusterCallContext,
    query?: URLSearchParams,
  ): Promise<T> {
    // The deadline counts from the call, not from its turn: a call that waited for one of the
    // cluster's slots until its deadline fails then, and gives its turn up unused.
    const deadline = this.deadline(context.signal);
    // A call that ignores its abort still gives its turn back at the deadline.
    const call = this.limitOf(cluster)(() => {
      deadline.signal.throwIfAborted();
      const work = this.send(
        cluster,
        path,
        init,
        { ...context, signal: deadline.signal },
        query,
      ).then(response => readJson(response, deadline.signal) as Promise<T>);
      return untilAborted(work, deadline.signal);
    });
    try {
      return await untilAborted(call, deadline.signal);
    } catch (error) {
      throw deadline.explain(error, `Cluster ${cluster} did not answer`);
    } finally {
      deadline.clear();
    }
  }

  private limitOf(cluster: string): pLimit.Limit {
    let limit = this.limits.get(cluster);
    if (!limit) {
      limit = pLimit(this.maxConcurrentRequests);
      this.limits.set(cluster, limit);
    }
    return limit;
  }

  /**
   * A signal that aborts when the caller's does or when the timeout passes, and turns the abort
   * of a timeout into a ServiceUnavailableError saying so.
   */
  private deadline(callerSignal: AbortSignal | undefined) {
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), this.requestTimeoutMs);
    const seconds = this.requestTimeoutMs / 1000;
    return {
      signal: callerSignal
        ? AbortSignal.any([callerSignal, timeout.signal])
        : timeout.signal,
      clear: () => clearTimeout(timer),
      explain: (error: unknown, what: string): unknown =>
        timeout.signal.aborted && !callerSignal?.aborted
          ? new ServiceUnavailableError(`${what} within ${seconds} s`)
          : error,
    };
  }

  /** Every call to the proxy goes through here, its path checked first. */
  private async send(
    cluster: string,
    path: string,
    init: RequestInit,
    context: ClusterCallContext,
    query?: URLSearchParams,
  ): Promise<Response> {
    assertKubeApiPath(path);
    const search = query && String(query) ? `?${query}` : '';
    const base = await this.discovery.getBaseUrl('kubernetes');
    let response: Response;
    try {
      response = await this.fetchImpl(`${base}/proxy${path}${search}`, {
        ...init,
        headers: {
          ...(init.headers as Record<string, string>),
          ...(await this.headers(context)),
          [HEADER_CLUSTER]: cluster,
        },
        signal: context.signal,
      });
    } catch (error) {
      if (context.signal?.aborted) throw error;
      throw new ServiceUnavailableError(
        `Cluster ${cluster}: the Kubernetes plugin's proxy could not be reached (${
          (error as Error).message
        })`,
      );
    }
    if (!response.ok) {
      const body = (await (context.signal
        ? readJson(response, context.signal)
        : response.json()
      ).catch(() => undefined)) as KubeStatus | undefined;
      throw clusterError(cluster, response.status, body);
    }
    return response;
  }

  private async headers(
    context: ClusterCallContext,
  ): Promise<Record<string, string>> {
    // Always the plugin's own service identity: users need no `kubernetes.proxy` permission, and
    // the `canary.*` permissions on the entity stay the only door to a cluster. A user's cluster
    // token (client-side auth providers) still goes along, so that cluster's RBAC applies too.
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: await this.auth.getOwnServiceCredentials(),
      targetPluginId: 'kubernetes',
    });
    const headers: Record<string, string> = {
      Authorization: `Bearer ${token}`,
    };
    for (const [provider, providerToken] of Object.entries(
      context.providerTokens ?? {},
    )) {
      headers[`${HEADER_PROVIDER_AUTH}-${provider}`] = providerToken;
    }
    return headers;
  }
}

/**
 * The response's JSON, or the signal's abort: a body that stops half-way fails with the call's
 * timeout even where aborting the request does not end its body stream.
 */
function readJson(response: Response, signal: AbortSignal): Promise<unknown> {
  return untilAborted(response.json(), signal, () =>
    response.body?.cancel().catch(() => undefined),
  );
}

/** `work`, or a rejection with the signal's reason as soon as it aborts (then `onAbort`). */
async function untilAborted<T>(
  work: Promise<T>,
  signal: AbortSignal,
  onAbort?: () => void,
): Promise<T> {
  let abort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    abort = () => {
      onAbort?.();
      reject(signal.reason);
    };
    if (signal.aborted) abort();
    else signal.addEventListener('abort', abort, { once: true });
  });
  try {
    return await Promise.race([work, aborted]);
  } finally {
    signal.removeEventListener('abort', abort!);
  }
}

function dryRunQuery(dryRun: boolean | undefined): URLSearchParams | undefined {
  return dryRun ? new URLSearchParams({ dryRun: 'All' }) : undefined;
}
