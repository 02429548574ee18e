import {
  canaryRolloutReadPermission,
  type CanaryRef,
  type EntityRolloutsResponse,
  type InboxResponse,
  type MetricsQuery,
  type Page,
  type RolloutDetail,
  type RolloutMetricsResponse,
  type RolloutRun,
  type TimelineItem,
  type TimelineQuery,
} from '@backstage-canary/plugin-canary-common';
import type { RolloutMetricsReader } from '../../lib/metrics/RolloutMetricsReader';
import type { RolloutDiagnoser } from '../../lib/read/RolloutDiagnoser';
import type { RolloutInbox } from '../../lib/read/RolloutInbox';
import type { RolloutReader } from '../../lib/read/RolloutReader';
import {
  addRecordedContext,
  addRecordedContextToRollout,
} from '../../lib/read/recordedContext';
import type { RolloutStore } from '../../lib/store/RolloutStore';
import { type CanaryCaller, clusterContextOf } from './CanaryCaller';
import type { CanaryEntityAccess, EntityName } from './EntityAccess';

/** A page of a list: how many items and where to continue. */
export type PageQuery = { limit?: number; cursor?: string };

/**
 * The reads of the Canary backend for a caller: every one checks `canary.rollout.read` on the
 * entity before reading a cluster or the store. The HTTP routes and the registered actions both
 * call these, so they answer the same.
 */
export class RolloutReadOperations {
  private readonly access: CanaryEntityAccess;
  private readonly reader: RolloutReader;
  private readonly store: RolloutStore;
  private readonly metrics: RolloutMetricsReader;
  private readonly inbox: RolloutInbox;
  private readonly diagnoser?: RolloutDiagnoser;

  constructor(options: {
    access: CanaryEntityAccess;
    reader: RolloutReader;
    store: RolloutStore;
    metrics: RolloutMetricsReader;
    inbox: RolloutInbox;
    /** Says why a rollout meant to move does not; without it, lanes carry no diagnosis. */
    diagnoser?: RolloutDiagnoser;
  }) {
    this.access = options.access;
    this.reader = options.reader;
    this.store = options.store;
    this.metrics = options.metrics;
    this.inbox = options.inbox;
    this.diagnoser = options.diagnoser;
  }

  /**
   * The entity's rollouts across the fleet, with per-cluster errors, and what the history adds to
   * each lane (its run, what is pending, a failing cluster's last recorded state).
   */
  async entityRollouts(
    caller: CanaryCaller,
    entity: EntityName,
  ): Promise<EntityRolloutsResponse> {
    const found = await this.access.authorizedEntity(
      caller,
      entity,
      canaryRolloutReadPermission,
    );
    const context = clusterContextOf(caller);
    const lanes = await addRecordedContext(
      await this.reader.listForEntity(found, context),
      this.store.recorded,
    );
    return this.diagnoser ? this.diagnoser.addTo(lanes, context) : lanes;
  }

  /**
   * One rollout of the entity in detail: its summary (with what the history adds, as on its lane),
   * the Canary as its cluster holds it and, for a Kurator-managed canary, the Application (gate
   * secrets redacted).
   */
  async detailOf(
    caller: CanaryCaller,
    entity: EntityName,
    canary: CanaryRef,
  ): Promise<RolloutDetail> {
    const { rollout, rollouts, context } = await this.access.entityCanary(
      caller,
      entity,
      canary,
    );
    const detail = await this.reader.detail(
      rollout,
      rollouts.rollouts,
      context,
    );
    const lane = await addRecordedContextToRollout(
      detail.rollout,
      this.store.recorded,
    );
    return {
      ...detail,
      rollout: this.diagnoser
        ? await this.diagnoser.addToRollout(lane, undefined, context)
        : lane,
    };
  }

  /** The runs of one rollout of the entity, newest first. */
  async runs(
    caller: CanaryCaller,
    entity: EntityName,
    canary: CanaryRef,
    page: PageQuery = {},
  ): Promise<Page<RolloutRun>> {
    const { key } = await this.access.entityCanary(caller, entity, canary);
    return this.store.listRuns(key, page);
  }

  /** The timeline of one rollout of the entity: transitions, events and actions, newest first. */
  async timeline(
    caller: CanaryCaller,
    entity: EntityName,
    canary: CanaryRef,
    query: TimelineQuery = {},
  ): Promise<Page<TimelineItem>> {
    const { key } = await this.access.entityCanary(caller, entity, canary);
    return this.store.timeline(key, query);
  }

  /**
   * The analysis metrics of one rollout of the entity over a time range, with the failed checks of
   * the run asked for (404 when it is not a run of that canary), else of the range.
   */
  async metricsOf(
    caller: CanaryCaller,
    entity: EntityName,
    canary: CanaryRef,
    query: MetricsQuery = {},
  ): Promise<RolloutMetricsResponse> {
    const { rollout, context } = await this.access.entityCanary(
      caller,
      entity,
      canary,
    );
    return this.metrics.read(rollout, query, context);
  }

  /**
   * The rollouts waiting for approval or failed across the entities the caller may read, each with
   * what the history adds to its lane.
   */
  async inboxOf(
    caller: CanaryCaller,
    page: PageQuery = {},
  ): Promise<InboxResponse> {
    this.access.checkService(caller, canaryRolloutReadPermission);
    const inbox = await this.inbox.list({
      credentials: caller.credentials,
      providerTokens: caller.providerTokens,
      ...page,
    });
    // Each row says what its lane says: a promote that waits for Flagger's next check, the run.
    const context = clusterContextOf(caller);
    const items = await Promise.all(
      inbox.items.map(async item => {
        const rollout = await addRecordedContextToRollout(
          item.rollout,
          this.store.recorded,
        );
        return {
          ...item,
          rollout: this.diagnoser
            ? await this.diagnoser.addToRollout(rollout, undefined, context)
            : rollout,
        };
      }),
    );
    return { ...inbox, items };
  }
}
