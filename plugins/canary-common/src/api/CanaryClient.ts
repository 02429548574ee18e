import { parseEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import createClient, { type Client } from 'openapi-fetch';
import { CANARY_PLUGIN_ID } from '../constants';
import type { CanaryApiPaths } from './generated/openapi';
import type { RolloutAction } from '../rollout/rolloutActions';
import type {
  CanaryRef,
  EntityRolloutsResponse,
  InboxResponse,
  MetricsQuery,
  Page,
  RolloutActionResult,
  RolloutDetail,
  RolloutMetricsResponse,
  RolloutRun,
  TimelineItem,
  TimelineQuery,
} from './rolloutTypes';
import type {
  EntityPoliciesResponse,
  PolicyApplyRequest,
  PolicyChangeResponse,
  PolicyPreviewResponse,
  PolicyRequest,
  PolicyValidationResponse,
} from './policyTypes';
import type {
  RevisionRollbackRequest,
  RevisionRollbackResult,
} from './rollbackTypes';

/**
 * Options of every call: the upstream tokens of clusters whose auth provider runs in the browser
 * (oidc, google, aks), keyed as the Kubernetes plugin keys them (`oidc-okta`, `google`), and a token
 * for backend-to-backend calls.
 *
 * @public
 */
export type CanaryRequestOptions = {
  providerTokens?: Record<string, string>;
  token?: string;
  signal?: AbortSignal;
};

/**
 * The Canary backend's API.
 *
 * @public
 */
export interface CanaryApi {
  /** The entity's rollouts on every cluster, with per-cluster errors. */
  getEntityRollouts(
    entityRef: string,
    options?: CanaryRequestOptions,
  ): Promise<EntityRolloutsResponse>;
  /**
   * The rollouts waiting for approval or failed across the entities the user may read, a page of
   * entities at a time.
   */
  getInbox(
    page?: { limit?: number; cursor?: string },
    options?: CanaryRequestOptions,
  ): Promise<InboxResponse>;
  /**
   * One of the entity's canaries in detail: its summary, the Canary as its cluster holds it and,
   * for Kurator-managed canaries, the Application.
   */
  getRolloutDetail(
    entityRef: string,
    canary: CanaryRef,
    options?: CanaryRequestOptions,
  ): Promise<RolloutDetail>;
  /** The runs of one of the entity's canaries, newest first. */
  listRuns(
    entityRef: string,
    canary: CanaryRef,
    page?: { limit?: number; cursor?: string },
    options?: CanaryRequestOptions,
  ): Promise<Page<RolloutRun>>;
  /** The recorded timeline of one of the entity's canaries, newest first. */
  getTimeline(
    entityRef: string,
    canary: CanaryRef,
    query?: TimelineQuery,
    options?: CanaryRequestOptions,
  ): Promise<Page<TimelineItem>>;
  /**
   * The analysis metrics of one of the entity's canaries over a time range (unix seconds; default
   * the run's window with `runId`, else the last hour; at the analysis interval): canary and
   * primary series, thresholds, failed checks (of the run with `runId`, else within the range).
   */
  getMetrics(
    entityRef: string,
    canary: CanaryRef,
    query?: MetricsQuery,
    options?: CanaryRequestOptions,
  ): Promise<RolloutMetricsResponse>;
  /**
   * Runs a rollout action (pause, resume, promote, abort, retry, approve) on one of the entity's
   * canaries, with the reason recorded in the audit log. A promote of a canary with failed checks
   * needs `acknowledgeFailedChecks: true` (else 409).
   */
  runAction(
    entityRef: string,
    canary: CanaryRef,
    action: RolloutAction,
    body: { reason: string; acknowledgeFailedChecks?: boolean },
    options?: CanaryRequestOptions,
  ): Promise<RolloutActionResult>;
  /**
   * Sets the canary's target workload (for a Kurator canary: on every member of its policy) back to
   * the images of a recorded revision. Permission `canary.rollout.abort`.
   */
  rollbackToRevision(
    entityRef: string,
    canary: CanaryRef,
    body: RevisionRollbackRequest,
    options?: CanaryRequestOptions,
  ): Promise<RevisionRollbackResult>;
  /**
   * The entity's current rollout policies (its Kurator Application's rollout policies, its native
   * canaries), each in the provider-neutral model, with per-cluster errors.
   */
  getPolicies(
    entityRef: string,
    options?: CanaryRequestOptions,
  ): Promise<EntityPoliciesResponse>;
  /** Validates a policy for a target; every issue names its field. */
  validatePolicy(
    entityRef: string,
    request: PolicyRequest,
    options?: CanaryRequestOptions,
  ): Promise<PolicyValidationResponse>;
  /**
   * What a policy renders to: the object applied (the Kurator Application, or the native Canary
   * and MetricTemplates) and, per member cluster, what Kurator will render there.
   */
  previewPolicy(
    entityRef: string,
    request: PolicyRequest,
    options?: CanaryRequestOptions,
  ): Promise<PolicyPreviewResponse>;
  /**
   * A server-side dry run of a policy on each target cluster, with a diff against what is there;
   * nothing is changed.
   */
  dryRunPolicy(
    entityRef: string,
    request: PolicyRequest,
    options?: CanaryRequestOptions,
  ): Promise<PolicyChangeResponse>;
  /**
   * Applies a policy on each target cluster (permission `canary.policy.create`), with the reason
   * kept in the audit log.
   */
  applyPolicy(
    entityRef: string,
    request: PolicyApplyRequest,
    options?: CanaryRequestOptions,
  ): Promise<PolicyChangeResponse>;
}

/**
 * An HTTP client of the Canary backend, for the browser and for other backends. Its requests are
 * typed by the API's spec (`CanaryApiPaths`, generated from `openapi.yaml`): a path, parameter or
 * body the spec does not have does not compile. Answers are returned as the domain types, which
 * the backend's router is typed to answer within the spec.
 *
 * @public
 */
export class CanaryClient implements CanaryApi {
  private readonly discoveryApi: {
    getBaseUrl(pluginId: string): Promise<string>;
  };
  private readonly fetchApi: { fetch: typeof fetch };

  constructor(options: {
    discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
    fetchApi?: { fetch: typeof fetch };
  }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi ?? { fetch: (...args) => fetch(...args) };
  }

  async getEntityRollouts(
    entityRef: string,
    options?: CanaryRequestOptions,
  ): Promise<EntityRolloutsResponse> {
    const api = await this.client();
    const { data } = await api.request(
      'get',
      '/entities/{kind}/{namespace}/{name}/rollouts',
      { params: { path: entityPath(entityRef) }, ...init(options) },
    );
    return data as EntityRolloutsResponse;
  }

  async getInbox(
    page: { limit?: number; cursor?: string } = {},
    options?: CanaryRequestOptions,
  ): Promise<InboxResponse> {
    const api = await this.client();
    const { data } = await api.request('get', '/inbox', {
      params: { query: page },
      ...init(options),
    });
    return data as InboxResponse;
  }

  async getRolloutDetail(
    entityRef: string,
    canary: CanaryRef,
    options?: CanaryRequestOptions,
  ): Promise<RolloutDetail> {
    const api = await this.client();
    const { data } = await api.request(
      'get',
      '/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{canaryNamespace}/{canaryName}',
      { params: { path: canaryPath(entityRef, canary) }, ...init(options) },
    );
    return data as RolloutDetail;
  }

  async listRuns(
    entityRef: string,
    canary: CanaryRef,
    page: { limit?: number; cursor?: string } = {},
    options?: CanaryRequestOptions,
  ): Promise<Page<RolloutRun>> {
    const api = await this.client();
    const { data } = await api.request(
      'get',
      '/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{canaryNamespace}/{canaryName}/runs',
      {
        params: { path: canaryPath(entityRef, canary), query: page },
        ...init(options),
      },
    );
    return data as Page<RolloutRun>;
  }

  async getTimeline(
    entityRef: string,
    canary: CanaryRef,
    query: TimelineQuery = {},
    options?: CanaryRequestOptions,
  ): Promise<Page<TimelineItem>> {
    const api = await this.client();
    const { data } = await api.request(
      'get',
      '/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{canaryNamespace}/{canaryName}/timeline',
      {
        params: {
          path: canaryPath(entityRef, canary),
          query: {
            run: query.runId,
            kind: query.kinds?.length ? query.kinds : undefined,
            limit: query.limit,
            cursor: query.cursor,
          },
        },
        ...init(options),
      },
    );
    return data as Page<TimelineItem>;
  }

  async getMetrics(
    entityRef: string,
    canary: CanaryRef,
    query: MetricsQuery = {},
    options?: CanaryRequestOptions,
  ): Promise<RolloutMetricsResponse> {
    const api = await this.client();
    const { data } = await api.request(
      'get',
      '/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{canaryNamespace}/{canaryName}/metrics',
      {
        params: {
          path: canaryPath(entityRef, canary),
          query: {
            start: query.start,
            end: query.end,
            step: query.stepSeconds,
            run: query.runId,
          },
        },
        ...init(options),
      },
    );
    return data as RolloutMetricsResponse;
  }

  async runAction(
    entityRef: string,
    canary: CanaryRef,
    action: RolloutAction,
    body: { reason: string; acknowledgeFailedChecks?: boolean },
    options?: CanaryRequestOptions,
  ): Promise<RolloutActionResult> {
    const api = await this.client();
    const { data } = await api.request(
      'post',
      `/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{canaryNamespace}/{canaryName}/actions/${action}`,
      {
        params: { path: canaryPath(entityRef, canary) },
        body,
        ...init(options),
      },
    );
    return data as RolloutActionResult;
  }

  async rollbackToRevision(
    entityRef: string,
    canary: CanaryRef,
    body: RevisionRollbackRequest,
    options?: CanaryRequestOptions,
  ): Promise<RevisionRollbackResult> {
    const api = await this.client();
    const { data } = await api.request(
      'post',
      '/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{canaryNamespace}/{canaryName}/rollback',
      {
        params: { path: canaryPath(entityRef, canary) },
        body,
        ...init(options),
      },
    );
    return data as RevisionRollbackResult;
  }

  async getPolicies(
    entityRef: string,
    options?: CanaryRequestOptions,
  ): Promise<EntityPoliciesResponse> {
    const api = await this.client();
    const { data } = await api.request(
      'get',
      '/entities/{kind}/{namespace}/{name}/policy',
      { params: { path: entityPath(entityRef) }, ...init(options) },
    );
    return data as EntityPoliciesResponse;
  }

  async validatePolicy(
    entityRef: string,
    request: PolicyRequest,
    options?: CanaryRequestOptions,
  ): Promise<PolicyValidationResponse> {
    const api = await this.client();
    const { data } = await api.request(
      'post',
      '/entities/{kind}/{namespace}/{name}/policy/validate',
      {
        params: { path: entityPath(entityRef) },
        body: request,
        ...init(options),
      },
    );
    return data as PolicyValidationResponse;
  }

  async previewPolicy(
    entityRef: string,
    request: PolicyRequest,
    options?: CanaryRequestOptions,
  ): Promise<PolicyPreviewResponse> {
    const api = await this.client();
    const { data } = await api.request(
      'post',
      '/entities/{kind}/{namespace}/{name}/policy/preview',
      {
        params: { path: entityPath(entityRef) },
        body: request,
        ...init(options),
      },
    );
    return data as PolicyPreviewResponse;
  }

  async dryRunPolicy(
    entityRef: string,
    request: PolicyRequest,
    options?: CanaryRequestOptions,
  ): Promise<PolicyChangeResponse> {
    const api = await this.client();
    const { data } = await api.request(
      'post',
      '/entities/{kind}/{namespace}/{name}/policy/dry-run',
      {
        params: { path: entityPath(entityRef) },
        body: request,
        ...init(options),
      },
    );
    return data as PolicyChangeResponse;
  }

  async applyPolicy(
    entityRef: string,
    request: PolicyApplyRequest,
    options?: CanaryRequestOptions,
  ): Promise<PolicyChangeResponse> {
    const api = await this.client();
    const { data } = await api.request(
      'post',
      '/entities/{kind}/{namespace}/{name}/policy/apply',
      {
        params: { path: entityPath(entityRef) },
        body: request,
        ...init(options),
      },
    );
    return data as PolicyChangeResponse;
  }

  /** A client of the backend at its current base URL; an answer other than 2xx throws. */
  private async client(): Promise<Client<CanaryApiPaths>> {
    const client = createClient<CanaryApiPaths>({
      baseUrl: await this.discoveryApi.getBaseUrl(CANARY_PLUGIN_ID),
      // Handed to the fetch API as a URL and options, not as openapi-fetch's Request: Backstage's
      // fetch middleware builds a Request of its own from what it gets (once per middleware), and
      // a Request whose body was taken once cannot be taken again.
      fetch: async request =>
        this.fetchApi.fetch(request.url, {
          method: request.method,
          headers: request.headers,
          body: request.body ? await request.text() : undefined,
          signal: request.signal,
        }),
      // `kind=transition,halted` as the spec's `explode: false` says.
      querySerializer: { array: { style: 'form', explode: false } },
    });
    client.use({
      async onResponse({ response }) {
        if (!response.ok) throw await ResponseError.fromResponse(response);
        return undefined;
      },
    });
    return client;
  }
}

/** The headers and signal of a call. */
function init(options: CanaryRequestOptions = {}) {
  const headers: Record<string, string> = {};
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  for (const [provider, token] of Object.entries(
    options.providerTokens ?? {},
  )) {
    headers[`Backstage-Kubernetes-Authorization-${provider}`] = token;
  }
  return { headers, signal: options.signal };
}

/** The path parameters of an entity, its kind in lower case as the catalog's routes write it. */
function entityPath(entityRef: string) {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return { kind: kind.toLocaleLowerCase('en-US'), namespace, name };
}

/** The path parameters of one of an entity's canaries. */
function canaryPath(entityRef: string, canary: CanaryRef) {
  return {
    ...entityPath(entityRef),
    cluster: canary.cluster,
    canaryNamespace: canary.namespace,
    canaryName: canary.name,
  };
}
