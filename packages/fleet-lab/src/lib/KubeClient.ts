import https from 'node:https';

/** A Kubernetes object as the API returns it. */
export type KubeObject = {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    resourceVersion?: string;
    generation?: number;
    uid?: string;
    creationTimestamp?: string;
    ownerReferences?: Array<Record<string, unknown>>;
    [key: string]: unknown;
  };
  spec?: any;
  status?: any;
  [key: string]: any;
};

export type KubeList<T = KubeObject> = {
  items: T[];
  metadata: { resourceVersion?: string; continue?: string };
};

/** An error answer of the API server, with the parts of its Status object tests assert on. */
export class KubeError extends Error {
  constructor(
    readonly statusCode: number,
    readonly reason: string,
    message: string,
    readonly body: unknown,
  ) {
    super(message);
    this.name = 'KubeError';
  }
}

export function isNotFound(error: unknown) {
  return error instanceof KubeError && error.statusCode === 404;
}

export function isConflict(error: unknown) {
  return error instanceof KubeError && error.statusCode === 409;
}

/** Kind → (plural, namespaced) for every kind the lab touches. */
const KINDS: Record<string, { plural: string; namespaced: boolean }> = {
  Namespace: { plural: 'namespaces', namespaced: false },
  Service: { plural: 'services', namespaced: true },
  Secret: { plural: 'secrets', namespaced: true },
  ConfigMap: { plural: 'configmaps', namespaced: true },
  ServiceAccount: { plural: 'serviceaccounts', namespaced: true },
  Event: { plural: 'events', namespaced: true },
  Deployment: { plural: 'deployments', namespaced: true },
  Ingress: { plural: 'ingresses', namespaced: true },
  ClusterRole: { plural: 'clusterroles', namespaced: false },
  ClusterRoleBinding: { plural: 'clusterrolebindings', namespaced: false },
  Role: { plural: 'roles', namespaced: true },
  RoleBinding: { plural: 'rolebindings', namespaced: true },
  CustomResourceDefinition: {
    plural: 'customresourcedefinitions',
    namespaced: false,
  },
  Canary: { plural: 'canaries', namespaced: true },
  MetricTemplate: { plural: 'metrictemplates', namespaced: true },
  AlertProvider: { plural: 'alertproviders', namespaced: true },
  Application: { plural: 'applications', namespaced: true },
  Fleet: { plural: 'fleets', namespaced: true },
  AttachedCluster: { plural: 'attachedclusters', namespaced: true },
  Cluster: { plural: 'clusters', namespaced: true },
};

export type ResourceRef = {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name?: string;
  subresource?: string;
};

/** The REST path of a collection or object, e.g. `/apis/flagger.app/v1beta1/namespaces/x/canaries/y`. */
export function resourcePath(ref: ResourceRef): string {
  const info = KINDS[ref.kind];
  if (!info) {
    throw new Error(`fleet-lab does not know the kind ${ref.kind}`);
  }
  const base = ref.apiVersion.includes('/')
    ? `/apis/${ref.apiVersion}`
    : `/api/${ref.apiVersion}`;
  let p = base;
  if (info.namespaced && ref.namespace) {
    p += `/namespaces/${encodeURIComponent(ref.namespace)}`;
  }
  p += `/${info.plural}`;
  if (ref.name) {
    p += `/${encodeURIComponent(ref.name)}`;
    if (ref.subresource) {
      p += `/${ref.subresource}`;
    }
  }
  return p;
}

export type KubeClientOptions = {
  server: string;
  caPem: string;
  token: string;
  /** Milliseconds before a request is abandoned (watches excepted). */
  timeoutMs?: number;
};

export type PatchType = 'merge' | 'json' | 'strategic';

const PATCH_CONTENT_TYPES: Record<PatchType, string> = {
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
  strategic: 'application/strategic-merge-patch+json',
};

export type WatchEvent = {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: KubeObject;
};

/** A small client for the Kubernetes REST API over TLS with a bearer token. */
export class KubeClient {
  private readonly agent: https.Agent;
  private readonly url: URL;

  constructor(private readonly options: KubeClientOptions) {
    this.url = new URL(options.server);
    this.agent = new https.Agent({
      ca: options.caPem,
      keepAlive: true,
      maxSockets: 8,
    });
  }

  get server() {
    return this.options.server;
  }

  close() {
    this.agent.destroy();
  }

  async request<T = any>(
    method: string,
    path: string,
    options: {
      body?: unknown;
      contentType?: string;
      query?: Record<string, string | number | undefined>;
    } = {},
  ): Promise<T> {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(options.query ?? {})) {
      if (v !== undefined) {
        query.set(k, String(v));
      }
    }
    const qs = query.toString();
    const body =
      options.body === undefined ? undefined : JSON.stringify(options.body);
    return new Promise<T>((resolve, reject) => {
      const req = https.request(
        {
          protocol: this.url.protocol,
          hostname: this.url.hostname,
          port: this.url.port,
          method,
          path: qs ? `${path}?${qs}` : path,
          agent: this.agent,
          timeout: this.options.timeoutMs ?? 15000,
          headers: {
            Authorization: `Bearer ${this.options.token}`,
            Accept: 'application/json',
            ...(body !== undefined
              ? {
                  'Content-Type': options.contentType ?? 'application/json',
                  'Content-Length': Buffer.byteLength(body),
                }
              : {}),
          },
        },
        res => {
          const chunks: Buffer[] = [];
          res.on('data', c => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let json: any = undefined;
            try {
              json = text ? JSON.parse(text) : undefined;
            } catch {
              json = undefined;
            }
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) {
              resolve(json as T);
              return;
            }
            reject(
              new KubeError(
                status,
                json?.reason ?? String(status),
                `${method} ${path}: ${status} ${json?.message ?? text}`,
                json ?? text,
              ),
            );
          });
          res.on('error', reject);
        },
      );
      req.on('timeout', () => {
        req.destroy(new Error(`${method} ${path}: timed out`));
      });
      req.on('error', reject);
      if (body !== undefined) {
        req.write(body);
      }
      req.end();
    });
  }

  get<T = KubeObject>(ref: ResourceRef): Promise<T> {
    return this.request<T>('GET', resourcePath(ref));
  }

  async getOrUndefined<T = KubeObject>(
    ref: ResourceRef,
  ): Promise<T | undefined> {
    try {
      return await this.get<T>(ref);
    } catch (error) {
      if (isNotFound(error)) {
        return undefined;
      }
      throw error;
    }
  }

  /** Lists a collection; items get their apiVersion and kind (the API omits them in lists). */
  async list<T extends KubeObject = KubeObject>(
    ref: ResourceRef,
    query: { labelSelector?: string; fieldSelector?: string } = {},
  ): Promise<KubeList<T>> {
    const list = await this.request<KubeList<T>>('GET', resourcePath(ref), {
      query,
    });
    list.items = (list.items ?? []).map(item => ({
      ...item,
      apiVersion: ref.apiVersion,
      kind: ref.kind,
    }));
    return list;
  }

  create<T = KubeObject>(obj: KubeObject): Promise<T> {
    return this.request<T>(
      'POST',
      resourcePath({
        apiVersion: obj.apiVersion,
        kind: obj.kind,
        namespace: obj.metadata.namespace,
      }),
      { body: obj },
    );
  }

  replace<T = KubeObject>(obj: KubeObject, subresource?: string): Promise<T> {
    return this.request<T>(
      'PUT',
      resourcePath({
        apiVersion: obj.apiVersion,
        kind: obj.kind,
        namespace: obj.metadata.namespace,
        name: obj.metadata.name,
        subresource,
      }),
      { body: obj },
    );
  }

  patch<T = KubeObject>(
    ref: ResourceRef,
    patch: unknown,
    type: PatchType = 'merge',
  ): Promise<T> {
    return this.request<T>('PATCH', resourcePath(ref), {
      body: patch,
      contentType: PATCH_CONTENT_TYPES[type],
    });
  }

  async delete(ref: ResourceRef): Promise<boolean> {
    try {
      await this.request('DELETE', resourcePath(ref));
      return true;
    } catch (error) {
      if (isNotFound(error)) {
        return false;
      }
      throw error;
    }
  }

  /**
   * Creates the object, or replaces its spec-level content when it exists (keeping status and the
   * server's metadata). Returns the stored object.
   */
  async apply<T extends KubeObject = KubeObject>(obj: KubeObject): Promise<T> {
    const ref = {
      apiVersion: obj.apiVersion,
      kind: obj.kind,
      namespace: obj.metadata.namespace,
      name: obj.metadata.name,
    };
    for (let attempt = 0; attempt < 5; attempt++) {
      const existing = await this.getOrUndefined<KubeObject>(ref);
      if (!existing) {
        try {
          return await this.create<T>(obj);
        } catch (error) {
          if (error instanceof KubeError && error.statusCode === 409) {
            continue;
          }
          throw error;
        }
      }
      const merged: KubeObject = {
        ...existing,
        ...obj,
        metadata: {
          ...existing.metadata,
          labels: { ...existing.metadata.labels, ...obj.metadata.labels },
          annotations: {
            ...existing.metadata.annotations,
            ...obj.metadata.annotations,
          },
          resourceVersion: existing.metadata.resourceVersion,
        },
        status: existing.status,
      };
      try {
        return await this.replace<T>(merged);
      } catch (error) {
        if (isConflict(error)) {
          continue;
        }
        throw error;
      }
    }
    throw new Error(
      `Could not apply ${obj.kind} ${obj.metadata.namespace ?? ''}/${
        obj.metadata.name
      }: conflicts`,
    );
  }

  /**
   * Streams watch events of a collection until `signal` aborts or the server ends the stream.
   * Resolves when the stream ends.
   */
  watch(
    ref: ResourceRef,
    resourceVersion: string | undefined,
    onEvent: (event: WatchEvent) => void,
    signal: AbortSignal,
  ): Promise<void> {
    const query = new URLSearchParams({ watch: '1' });
    if (resourceVersion) {
      query.set('resourceVersion', resourceVersion);
    }
    query.set('timeoutSeconds', '300');
    const path = `${resourcePath(ref)}?${query}`;
    return new Promise<void>((resolve, reject) => {
      const req = https.request(
        {
          protocol: this.url.protocol,
          hostname: this.url.hostname,
          port: this.url.port,
          method: 'GET',
          path,
          agent: this.agent,
          signal,
          headers: {
            Authorization: `Bearer ${this.options.token}`,
            Accept: 'application/json',
          },
        },
        res => {
          if ((res.statusCode ?? 0) >= 300) {
            const chunks: Buffer[] = [];
            res.on('data', c => chunks.push(c));
            res.on('end', () =>
              reject(
                new KubeError(
                  res.statusCode ?? 0,
                  String(res.statusCode),
                  `watch ${path}: ${res.statusCode} ${Buffer.concat(
                    chunks,
                  ).toString('utf8')}`,
                  undefined,
                ),
              ),
            );
            return;
          }
          let buffer = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            buffer += chunk;
            let newline = buffer.indexOf('\n');
            while (newline >= 0) {
              const line = buffer.slice(0, newline).trim();
              buffer = buffer.slice(newline + 1);
              if (line) {
                try {
                  onEvent(JSON.parse(line));
                } catch {
                  // ignore a malformed line
                }
              }
              newline = buffer.indexOf('\n');
            }
          });
          res.on('end', () => resolve());
          res.on('error', error =>
            signal.aborted ? resolve() : reject(error),
          );
        },
      );
      req.on('error', error => (signal.aborted ? resolve() : reject(error)));
      req.end();
    });
  }
}
