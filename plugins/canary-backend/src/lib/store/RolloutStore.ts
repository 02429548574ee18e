import type { Knex } from 'knex';
import type {
  Canary,
  TimelineEntry,
} from '@backstage-canary/plugin-canary-common';
import type {
  ActionRecord,
  CanaryKey,
  Page,
  RolloutRun,
  TimelineItem,
} from './HistoryTypes';
import { FollowUpStore } from './FollowUpStore';
import { PendingActionStore } from './PendingActionStore';
import { RecordedRolloutReads } from './RecordedRolloutReads';
import {
  RolloutHistoryWrites,
  type StoredEventInput,
} from './RolloutHistoryWrites';
import { RolloutTimeline, type TimelineQuery } from './RolloutTimeline';
import { type HaltedChecksOf, RunHistoryReads } from './RunHistoryReads';
import { RecorderCursors } from './RecorderCursors';
import { HistoryPruner } from './HistoryPruner';

export type { StoredEventInput } from './RolloutHistoryWrites';
export type { HaltedChecksOf } from './RunHistoryReads';

/**
 * The rollout history in the plugin's database: canaries with their last snapshot, runs (one
 * revision's journey, numbered per canary; see `planRun`), phase/weight transitions, parsed events
 * and the action log, each entry in the run it belongs to. Writes are idempotent, so a watch that
 * replays an object or an event after a restart or a 410 relist records nothing twice.
 *
 * One object over the parts of the history, so that the recorder, the operations, the notifier
 * and the bench share one handle on the database; each method hands over to the part that holds
 * it, where the how and why are documented: {@link RolloutHistoryWrites} (what is recorded),
 * {@link RolloutTimeline} (the merged timeline), {@link RunHistoryReads} (runs and halts),
 * {@link RecorderCursors} (where the recorder's watches resume) and {@link HistoryPruner}
 * (retention).
 */
export class RolloutStore {
  private readonly writes: RolloutHistoryWrites;
  private readonly timelines: RolloutTimeline;
  private readonly runs: RunHistoryReads;
  private readonly cursors: RecorderCursors;
  private readonly pruner: HistoryPruner;

  constructor(options: { db: Knex }) {
    const { db } = options;
    this.writes = new RolloutHistoryWrites({ db });
    this.timelines = new RolloutTimeline({ db });
    this.runs = new RunHistoryReads({ db });
    this.cursors = new RecorderCursors({ db });
    this.pruner = new HistoryPruner({ db });
    this.followUps = new FollowUpStore({ db });
    this.pendingActions = new PendingActionStore({ db });
    this.recorded = new RecordedRolloutReads({ db });
  }

  /** What the entity's lanes show from the history: runs, promote requests, last snapshots. */
  readonly recorded: RecordedRolloutReads;

  /** Pending follow-ups of rollout actions (a promote's skipAnalysis to clear). */
  readonly followUps: FollowUpStore;

  /** Actions whose cluster write has no known outcome yet. */
  readonly pendingActions: PendingActionStore;

  /**
   * Records a canary as observed: updates its snapshot, opens or ends runs and stores a transition
   * when its phase, weight, failed checks or iterations changed, in the run it belongs to.
   * Returns whether a transition was recorded, that run, and whether it was opened now.
   */
  recordCanary(
    cluster: string,
    canary: Canary,
    observedAt: Date = new Date(),
  ): Promise<{ transition: boolean; runId?: number; newRun: boolean }> {
    return this.writes.recordCanary(cluster, canary, observedAt);
  }

  /** Stores the images a run rolls out, when the recorder reads them from the workload. */
  setRunImages(runId: number, images: string[]): Promise<void> {
    return this.writes.setRunImages(runId, images);
  }

  /**
   * Records a Kubernetes Event of a canary, parsed into a timeline entry. An event the correlator
   * updated (a higher count) is a new entry; the same uid and count are recorded once.
   */
  recordEvent(key: CanaryKey, event: StoredEventInput): Promise<boolean> {
    return this.writes.recordEvent(key, event);
  }

  /**
   * The recorded halts of a canary's analysis, oldest first: those of one run, or those recorded
   * between two times, whichever run they belong to.
   */
  haltedChecks(
    key: CanaryKey,
    which: HaltedChecksOf,
  ): Promise<Array<{ at: string; entry: TimelineEntry }>> {
    return this.runs.haltedChecks(key, which);
  }

  /**
   * Appends an action to the action log, in the run open when it was taken; a retry, or an action
   * taken while no run is open, belongs to the next run that opens.
   */
  recordAction(
    key: CanaryKey,
    action: Omit<ActionRecord, 'type' | 'id' | 'at' | 'runId'> & {
      entityRef: string;
      at?: Date;
    },
  ): Promise<void> {
    return this.writes.recordAction(key, action);
  }

  /** After a full list of a cluster: marks the canaries it no longer has as deleted. */
  markMissingDeleted(
    cluster: string,
    present: Canary[],
    at: Date = new Date(),
  ): Promise<void> {
    return this.writes.markMissingDeleted(cluster, present, at);
  }

  /** Marks a canary deleted from its cluster; its history stays. */
  markDeleted(key: CanaryKey, at: Date = new Date()): Promise<void> {
    return this.writes.markDeleted(key, at);
  }

  /** The runs of a canary, newest first. */
  listRuns(
    key: CanaryKey,
    options: { limit?: number; cursor?: string } = {},
  ): Promise<Page<RolloutRun>> {
    return this.runs.listRuns(key, options);
  }

  /** One run of a canary by its id; none when that id is not a run of this canary. */
  findRun(key: CanaryKey, runId: number): Promise<RolloutRun | undefined> {
    return this.runs.findRun(key, runId);
  }

  /**
   * The timeline of a canary, newest first: transitions, events and the action log, optionally of
   * one run and of some kinds. The cursor is opaque: pass `nextCursor` back for the next page.
   */
  timeline(
    key: CanaryKey,
    options: TimelineQuery = {},
  ): Promise<Page<TimelineItem>> {
    return this.timelines.timeline(key, options);
  }

  /**
   * Deletes the history older than the cutoff, in small batches that leave the database to other
   * work between them (see {@link HistoryPruner.prune}); returns how many rows went.
   */
  prune(
    olderThan: Date,
    options: { batchSize?: number } = {},
  ): Promise<number> {
    return this.pruner.prune(olderThan, options);
  }

  /** Where a watch of the recorder resumes. */
  getCursor(cluster: string, resource: string): Promise<string | undefined> {
    return this.cursors.getCursor(cluster, resource);
  }

  /** Stores where a watch of the recorder resumes. */
  setCursor(
    cluster: string,
    resource: string,
    resourceVersion: string,
  ): Promise<void> {
    return this.cursors.setCursor(cluster, resource, resourceVersion);
  }
}
