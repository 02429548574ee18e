import type {
  CanaryApi,
  CanaryRef,
  CanaryRequestOptions,
  EntityPoliciesResponse,
  EntityRolloutsResponse,
  InboxResponse,
  MetricsQuery,
  Page,
  PolicyApplyRequest,
  PolicyChangeResponse,
  PolicyPreviewResponse,
  PolicyRequest,
  PolicyValidationResponse,
  RolloutAction,
  RolloutActionResult,
  RolloutDetail,
  RolloutMetricsResponse,
  RevisionRollbackRequest,
  RevisionRollbackResult,
  RolloutRun,
  TimelineItem,
  TimelineQuery,
} from '@backstage-canary/plugin-canary-common';

/**
 * A {@link CanaryApi} that adds the user's cluster provider tokens to every call that reads or acts
 * on clusters (all but `validatePolicy`), unless the call brings its own. Calls go unchanged when
 * there are no tokens.
 */
export class ProviderTokensCanaryApi implements CanaryApi {
  constructor(
    private readonly api: CanaryApi,
    private readonly getProviderTokens: () => Promise<Record<string, string>>,
  ) {}

  async getEntityRollouts(
    entityRef: string,
    options?: CanaryRequestOptions,
  ): Promise<EntityRolloutsResponse> {
    return this.api.getEntityRollouts(entityRef, await this.with(options));
  }

  async getInbox(
    page?: { limit?: number; cursor?: string },
    options?: CanaryRequestOptions,
  ): Promise<InboxResponse> {
    return this.api.getInbox(page, await this.with(options));
  }

  async getRolloutDetail(
    entityRef: string,
    canary: CanaryRef,
    options?: CanaryRequestOptions,
  ): Promise<RolloutDetail> {
    return this.api.getRolloutDetail(
      entityRef,
      canary,
      await this.with(options),
    );
  }

  async listRuns(
    entityRef: string,
    canary: CanaryRef,
    page?: { limit?: number; cursor?: string },
    options?: CanaryRequestOptions,
  ): Promise<Page<RolloutRun>> {
    return this.api.listRuns(entityRef, canary, page, await this.with(options));
  }

  async getTimeline(
    entityRef: string,
    canary: CanaryRef,
    query?: TimelineQuery,
    options?: CanaryRequestOptions,
  ): Promise<Page<TimelineItem>> {
    return this.api.getTimeline(
      entityRef,
      canary,
      query,
      await this.with(options),
    );
  }

  async getMetrics(
    entityRef: string,
    canary: CanaryRef,
    query?: MetricsQuery,
    options?: CanaryRequestOptions,
  ): Promise<RolloutMetricsResponse> {
    return this.api.getMetrics(
      entityRef,
      canary,
      query,
      await this.with(options),
    );
  }

  async runAction(
    entityRef: string,
    canary: CanaryRef,
    action: RolloutAction,
    body: { reason: string; acknowledgeFailedChecks?: boolean },
    options?: CanaryRequestOptions,
  ): Promise<RolloutActionResult> {
    return this.api.runAction(
      entityRef,
      canary,
      action,
      body,
      await this.with(options),
    );
  }

  async rollbackToRevision(
    entityRef: string,
    canary: CanaryRef,
    body: RevisionRollbackRequest,
    options?: CanaryRequestOptions,
  ): Promise<RevisionRollbackResult> {
    return this.api.rollbackToRevision(
      entityRef,
      canary,
      body,
      await this.with(options),
    );
  }

  async getPolicies(
    entityRef: string,
    options?: CanaryRequestOptions,
  ): Promise<EntityPoliciesResponse> {
    return this.api.getPolicies(entityRef, await this.with(options));
  }

  /** Touches no cluster: sent as it is. */
  validatePolicy(
    entityRef: string,
    request: PolicyRequest,
    options?: CanaryRequestOptions,
  ): Promise<PolicyValidationResponse> {
    return this.api.validatePolicy(entityRef, request, options);
  }

  async previewPolicy(
    entityRef: string,
    request: PolicyRequest,
    options?: CanaryRequestOptions,
  ): Promise<PolicyPreviewResponse> {
    return this.api.previewPolicy(entityRef, request, await this.with(options));
  }

  async dryRunPolicy(
    entityRef: string,
    request: PolicyRequest,
    options?: CanaryRequestOptions,
  ): Promise<PolicyChangeResponse> {
    return this.api.dryRunPolicy(entityRef, request, await this.with(options));
  }

  async applyPolicy(
    entityRef: string,
    request: PolicyApplyRequest,
    options?: CanaryRequestOptions,
  ): Promise<PolicyChangeResponse> {
    return this.api.applyPolicy(entityRef, request, await this.with(options));
  }

  /** The call's options with the provider tokens, unless it has its own or there are none. */
  private async with(
    options?: CanaryRequestOptions,
  ): Promise<CanaryRequestOptions | undefined> {
    if (options?.providerTokens) return options;
    const providerTokens = await this.getProviderTokens();
    if (!Object.keys(providerTokens).length) return options;
    return { ...options, providerTokens };
  }
}
