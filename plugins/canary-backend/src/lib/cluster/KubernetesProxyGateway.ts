import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import type {
  ClusterCallContext,
  ClusterGateway,
  KubeList,
  KubePatchType,
  KubeWatchEvent,
} from './ClusterGateway';
import { clusterError, type KubeStatus } from './clusterErrors';

const HEADER_CLUSTER = 'Backstage-Kubernetes-Cluster';
const HEADER_PROVIDER_AUTH = 'Backstage-Kubernetes-Authorization';
const PATCH_CONTENT_TYPES: Record<KubePatchType, string> = {
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
};
const LIST_PAGE_SIZE = '500';

/**
 * Reaches clusters through Backstage's Kubernetes plugin (its `/proxy` endpoint), so every cluster
 * locator and auth provider configured under `kubernetes.clusterLocatorMethods` works, with the
 * Kubernetes plugin's own permission checks and audit events.
 */
export class KubernetesProxyGateway implements ClusterGateway {
  private readonly auth: AuthService;
  private readonly discovery: DiscoveryService;
  private readonly fetchImpl: typeof fetch;

  constructor(options: {
    auth: AuthService;
    discovery: DiscoveryService;
    fetch?: typeof fetch;
  }) {
    this.auth = options.auth;
    this.discovery = options.discovery;
    // Resolved per call, so a fetch installed later (instrumentation, test servers) is used.
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  }

  async listClusters(context: ClusterCallContext = {}): Promise<string[]> {
    const base = await this.discovery.getBaseUrl('kubernetes');
    const response = await this.fetchImpl(`${base}/clusters`, {
      headers: await this.headers(context),
      signal: context.signal,
    });
    if (!response.ok) {
      throw new ServiceUnavailableError(
        `The Kubernetes plugin did not list its clusters: HTTP ${response.status}`,
      );
    }
    const body = (await response.json()) as { items: Array<{ name: string }> };
    return body.items.map(cluster => cluster.name);
  }

  async get<T>(
    cluster: string,
    path: string,
    context: ClusterCallContext = {},
  ): Promise<T> {
    return this.request<T>(cluster, path, { method: 'GET' }, context);
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
        `${path}?${params}`,
        { method: 'GET' },
        context,
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
    const target = context.dryRun ? `${path}?dryRun=All` : path;
    return this.request<T>(
      cluster,
      target,
      {
        method: 'PATCH',
        body: JSON.stringify(patch),
        headers: { 'Content-Type': PATCH_CONTENT_TYPES[type] },
      },
      context,
    );
  }

  async create<T>(
    cluster: string,
    collectionPath: string,
    object: unknown,
    context: ClusterCallContext & { dryRun?: boolean } = {},
  ): Promise<T> {
    const target = context.dryRun
      ? `${collectionPath}?dryRun=All`
      : collectionPath;
    return this.request<T>(
      cluster,
      target,
      {
        method: 'POST',
        body: JSON.stringify(object),
        headers: { 'Content-Type': 'application/json' },
      },
      context,
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
    const response = await this.send(
      cluster,
      `${path}?${params}`,
      { method: 'GET' },
      context,
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

  private async request<T>(
    cluster: string,
    path: string,
    init: RequestInit,
    context: ClusterCallContext,
  ): Promise<T> {
    const response = await this.send(cluster, path, init, context);
    return (await response.json()) as T;
  }

  private async send(
    cluster: string,
    path: string,
    init: RequestInit,
    context: ClusterCallContext,
  ): Promise<Response> {
    const base = await this.discovery.getBaseUrl('kubernetes');
    let response: Response;
    try {
      response = await this.fetchImpl(`${base}/proxy${path}`, {
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
      const body = (await response.json().catch(() => undefined)) as
        | KubeStatus
        | undefined;
      throw clusterError(cluster, response.status, body);
    }
    return response;
  }

  private async headers(
    context: ClusterCallContext,
  ): Promise<Record<string, string>> {
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf:
        context.credentials ?? (await this.auth.getOwnServiceCredentials()),
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
