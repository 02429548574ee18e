import {
  describeRolloutState,
  type EntityRolloutsResponse,
  pendingNewRevision,
  pendingPromote,
  type RecordedRolloutState,
  type RolloutSummary,
} from '@backstage-canary/plugin-canary-common';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { RecordedRolloutReads } from '../store/RecordedRolloutReads';
import { isDatabaseDown } from '../store/databaseDown';

/**
 * Adds to an entity's lanes what the history knows beyond the clusters' current state: the run of
 * each canary's current revision (its start, for the run clock), a promote or a new revision that
 * waits for Flagger's next check, and, for a canary whose cluster cannot be read, its last recorded
 * state with the time the backend last heard from the cluster. A failing history read leaves the
 * lane as the cluster gave it, unless the database cannot be reached at all: then the read fails.
 */
export async function addRecordedContext(
  response: EntityRolloutsResponse,
  reads: RecordedRolloutReads,
  logger?: LoggerService,
): Promise<EntityRolloutsResponse> {
  const lastContact = new Map(
    (response.freshness ?? [])
      .filter(f => f.lastContactAt && f.source === 'live')
      .map(f => [f.cluster, f.lastContactAt!]),
  );
  const items = await Promise.all(
    response.items.map(item =>
      addRecordedContextToRollout(
        item,
        reads,
        lastContact.get(item.cluster),
        logger,
      ),
    ),
  );
  return { ...response, items };
}

/**
 * What the history adds to one lane (see {@link addRecordedContext}): for the detail of a rollout
 * and the inbox's rows, which show the same lane. `lastContactAt` is when the backend last heard
 * from the lane's cluster, if known.
 */
export async function addRecordedContextToRollout(
  item: RolloutSummary,
  reads: RecordedRolloutReads,
  lastContactAt?: string,
  logger?: LoggerService,
): Promise<RolloutSummary> {
  try {
    return await withRecordedContext(item, reads, lastContactAt);
  } catch (error) {
    // A database that cannot be reached fails the read (503, try again later): lanes shown
    // without their runs would read as canaries without history.
    if (isDatabaseDown(error)) throw error;
    logger?.warn(
      `Could not read the history of canary ${item.namespace}/${item.name} on ${item.cluster}: ${error}`,
    );
    return item;
  }
}

async function withRecordedContext(
  item: RolloutSummary,
  reads: RecordedRolloutReads,
  lastContactAt: string | undefined,
): Promise<RolloutSummary> {
  // A rollout the cluster side does not bind to the entity shows nothing of its history.
  if (item.binding?.bound === false) return item;
  if (item.error) {
    const recorded = await recordedState(item, reads, lastContactAt);
    return recorded ? { ...item, recorded } : item;
  }
  const { state } = item;
  if (!item.found || !state) return item;
  const run = await reads.runOf(item, item.revision?.lastAppliedSpec);
  if (!run) return item;
  const intervalMs = state.plan.intervalMs;
  const pending =
    pendingPromote({
      phase: state.phase,
      request: await reads.lastPromote(item, run),
      intervalMs,
      kurator: Boolean(item.kurator),
    }) ??
    pendingNewRevision({
      phase: state.phase,
      images: item.revision?.images ?? [],
      previousImages: run.images,
      intervalMs,
    });
  return {
    ...item,
    run: {
      number: run.number,
      startedAt: run.startedAt,
      ...(run.endedAt ? { endedAt: run.endedAt } : {}),
    },
    ...(pending ? { pending } : {}),
  };
}

async function recordedState(
  item: RolloutSummary,
  reads: RecordedRolloutReads,
  lastContactAt: string | undefined,
): Promise<RecordedRolloutState | undefined> {
  const snapshot = await reads.lastSnapshot(item);
  if (!snapshot) return undefined;
  const { canary } = snapshot;
  const status = canary.status ?? {};
  const run = await reads.runOf(item, status.lastAppliedSpec);
  return {
    state: describeRolloutState(canary),
    revision: {
      images: run?.images ?? [],
      lastAppliedSpec: status.lastAppliedSpec,
      lastPromotedSpec: status.lastPromotedSpec,
    },
    ...(status.lastTransitionTime
      ? { lastTransitionTime: status.lastTransitionTime }
      : {}),
    recordedAt: snapshot.recordedAt,
    ...(lastContactAt ? { unreachableSince: lastContactAt } : {}),
  };
}
