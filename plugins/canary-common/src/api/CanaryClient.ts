import { parseEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { CANARY_PLUGIN_ID } from '../constants';
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
 * An HTTP client of the Canary backend, for the browser and for other backends.
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

  getEntityRollouts(
    entityRef: string,
    options?: CanaryRequestOptions,
  ): Promise<EntityRolloutsResponse> {
    return this.get(`${entityPath(entityRef)}/rollouts`, {}, options);
  }

  getInbox(
    page: { limit?: number; cursor?: string } = {},
    options?: CanaryRequestOptions,
  ): Promise<InboxResponse> {
    return this.get('/inbox', page, options);
  }

  getRolloutDetail(
    entityRef: string,
    canary: CanaryRef,
    options?: CanaryRequestOptions,
  ): Promise<RolloutDetail> {
    return this.get(canaryPath(entityRef, canary), {}, options);
  }

  listRuns(
    entityRef: string,
    canary: CanaryRef,
    page: { limit?: number; cursor?: string } = {},
    options?: CanaryRequestOptions,
  ): Promise<Page<RolloutRun>> {
    return this.get(`${canaryPath(entityRef, canary)}/runs`, page, options);
  }

  getTimeline(
    entityRef: string,
    canary: CanaryRef,
    query: TimelineQuery = {},
    options?: CanaryRequestOptions,
  ): Promise<Page<TimelineItem>> {
    return this.get(
      `${canaryPath(entityRef, canary)}/timeline`,
      {
        run: query.runId,
        kind: query.kinds?.join(','),
        limit: query.limit,
        cursor: query.cursor,
      },
      options,
    );
  }

  getMetrics(
    entityRef: string,
    canary: CanaryRef,
    query: MetricsQuery = {},
    options?: CanaryRequestOptions,
  ): Promise<RolloutMetricsResponse> {
    return this.get(
      `${canaryPath(entityRef, canary)}/metrics`,
      {
        start: query.start,
        end: query.end,
        step: query.stepSeconds,
        run: query.runId,
      },
      options,
    );
  }

  runAction(
    entityRef: string,
    canary: CanaryRef,
    action: RolloutAction,
    body: { reason: string; acknowledgeFailedChecks?: boolean },
    options?: CanaryRequestOptions,
  ): Promise<RolloutActionResult> {
    return this.request(
      'POST',
      `${canaryPath(entityRef, canary)}/actions/${action}`,
      {},
      options,
      body,
    );
  }

  rollbackToRevision(
    entityRef: string,
    canary: CanaryRef,
    body: RevisionRollbackRequest,
    options?: CanaryRequestOptions,
  ): Promise<RevisionRollbackResult> {
    return this.request(
      'POST',
      `${canaryPath(entityRef, canary)}/rollback`,
      {},
      options,
      body,
    );
  }

  getPolicies(
    entityRef: string,
    options?: CanaryRequestOptions,
  ): Promise<EntityPoliciesResponse> {
    return this.get(`${entityPath(entityRef)}/policy`, {}, options);
  }

  validatePolicy(
    entityRef: string,
    request: PolicyRequest,
    options?: CanaryRequestOptions,
  ): Promise<PolicyValidationResponse> {
    return this.postPolicy(entityRef, 'validate', request, options);
  }

  previewPolicy(
    entityRef: string,
    request: PolicyRequest,
    options?: CanaryRequestOptions,
  ): Promise<PolicyPreviewResponse> {
    return this.postPolicy(entityRef, 'preview', request, options);
  }

  dryRunPolicy(
    entityRef: string,
    request: PolicyRequest,
    options?: CanaryRequestOptions,
  ): Promise<PolicyChangeResponse> {
    return this.postPolicy(entityRef, 'dry-run', request, options);
  }

  applyPolicy(
    entityRef: string,
    request: PolicyApplyRequest,
    options?: CanaryRequestOptions,
  ): Promise<PolicyChangeResponse> {
    return this.postPolicy(entityRef, 'apply', request, options);
  }

  private postPolicy<T>(
    entityRef: string,
    step: 'validate' | 'preview' | 'dry-run' | 'apply',
    request: PolicyRequest,
    options?: CanaryRequestOptions,
  ): Promise<T> {
    return this.request(
      'POST',
      `${entityPath(entityRef)}/policy/${step}`,
      {},
      options,
      request,
    );
  }

  private get<T>(
    path: string,
    query: Record<string, string | number | undefined>,
    options: CanaryRequestOptions = {},
  ): Promise<T> {
    return this.request('GET', path, query, options);
  }

  private async request<T>(
    method: 'GET' | 'POST',
    path: string,
    query: Record<string, string | number | undefined>,
    options: CanaryRequestOptions = {},
    body?: unknown,
  ): Promise<T> {
    const base = await this.discoveryApi.getBaseUrl(CANARY_PLUGIN_ID);
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== '') params.set(key, String(value));
    }
    const search = params.size ? `?${params}` : '';
    const headers: Record<string, string> = {};
    if (options.token) headers.Authorization = `Bearer ${options.token}`;
    for (const [provider, token] of Object.entries(
      options.providerTokens ?? {},
    )) {
      headers[`Backstage-Kubernetes-Authorization-${provider}`] = token;
    }
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await this.fetchApi.fetch(`${base}${path}${search}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: options.signal,
    });
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  }
}

function entityPath(entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `/entities/${encodeURIComponent(
    kind.toLocaleLowerCase('en-US'),
  )}/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`;
}

function canaryPath(entityRef: string, canary: CanaryRef): string {
  return `${entityPath(entityRef)}/rollouts/${encodeURIComponent(
    canary.cluster,
  )}/${encodeURIComponent(canary.namespace)}/${encodeURIComponent(
    canary.name,
  )}`;
}
