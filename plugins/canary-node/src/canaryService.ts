import {
  type AuthService,
  type BackstageCredentials,
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import {
  type CanaryApi,
  CanaryClient,
  type CanaryRef,
  type EntityRolloutsResponse,
  type MetricsQuery,
  type Page,
  type RolloutAction,
  type RolloutActionResult,
  type RolloutMetricsResponse,
  type RolloutRun,
  type TimelineItem,
  type TimelineQuery,
} from '@backstage-canary/plugin-canary-common';

/**
 * The Canary backend's API for other backend plugins. Every call carries the caller's credentials:
 * the Canary backend checks the caller's permissions on the entity as it does for users.
 *
 * @public
 */
export interface CanaryService {
  getEntityRollouts(
    entityRef: string,
    options: { credentials: BackstageCredentials },
  ): Promise<EntityRolloutsResponse>;
  listRuns(
    entityRef: string,
    canary: CanaryRef,
    options: {
      credentials: BackstageCredentials;
      limit?: number;
      cursor?: string;
    },
  ): Promise<Page<RolloutRun>>;
  getTimeline(
    entityRef: string,
    canary: CanaryRef,
    options: { credentials: BackstageCredentials } & TimelineQuery,
  ): Promise<Page<TimelineItem>>;
  getMetrics(
    entityRef: string,
    canary: CanaryRef,
    options: { credentials: BackstageCredentials } & MetricsQuery,
  ): Promise<RolloutMetricsResponse>;
  runAction(
    entityRef: string,
    canary: CanaryRef,
    action: RolloutAction,
    options: { credentials: BackstageCredentials; reason: string },
  ): Promise<RolloutActionResult>;
}

/** Mints a token for the Canary backend on behalf of the caller for each call. */
export class DefaultCanaryService implements CanaryService {
  private readonly auth: AuthService;
  private readonly client: CanaryApi;

  constructor(options: { auth: AuthService; client: CanaryApi }) {
    this.auth = options.auth;
    this.client = options.client;
  }

  private async token(credentials: BackstageCredentials) {
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: credentials,
      targetPluginId: 'canary',
    });
    return { token };
  }

  async getEntityRollouts(
    entityRef: string,
    { credentials }: { credentials: BackstageCredentials },
  ) {
    return this.client.getEntityRollouts(
      entityRef,
      await this.token(credentials),
    );
  }

  async listRuns(
    entityRef: string,
    canary: CanaryRef,
    {
      credentials,
      ...page
    }: { credentials: BackstageCredentials; limit?: number; cursor?: string },
  ) {
    return this.client.listRuns(
      entityRef,
      canary,
      page,
      await this.token(credentials),
    );
  }

  async getTimeline(
    entityRef: string,
    canary: CanaryRef,
    {
      credentials,
      ...query
    }: { credentials: BackstageCredentials } & TimelineQuery,
  ) {
    return this.client.getTimeline(
      entityRef,
      canary,
      query,
      await this.token(credentials),
    );
  }

  async getMetrics(
    entityRef: string,
    canary: CanaryRef,
    {
      credentials,
      ...query
    }: { credentials: BackstageCredentials } & MetricsQuery,
  ) {
    return this.client.getMetrics(
      entityRef,
      canary,
      query,
      await this.token(credentials),
    );
  }

  async runAction(
    entityRef: string,
    canary: CanaryRef,
    action: RolloutAction,
    {
      credentials,
      reason,
    }: { credentials: BackstageCredentials; reason: string },
  ) {
    return this.client.runAction(
      entityRef,
      canary,
      action,
      { reason },
      await this.token(credentials),
    );
  }
}

/**
 * The Canary backend's API as a service other backend plugins and modules inject.
 *
 * @public
 */
export const canaryServiceRef = createServiceRef<CanaryService>({
  id: 'canary.client',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { auth: coreServices.auth, discovery: coreServices.discovery },
      factory: ({ auth, discovery }) =>
        new DefaultCanaryService({
          auth,
          client: new CanaryClient({ discoveryApi: discovery }),
        }),
    }),
});
