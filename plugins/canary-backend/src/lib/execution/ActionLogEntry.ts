import type {
  CanaryRef,
  RolloutActionResult,
} from '@backstage-canary/plugin-canary-common';
import type { RolloutStore } from '../store/RolloutStore';
import type { PlannedActionWrite } from './RolloutActionRunner';

/** Who took an action, on which entity, and why: the same on every row it writes. */
export type ActionLogBase = {
  entityRef: string;
  action: string;
  actor: string;
  reason: string;
};

/**
 * The action-log rows of one admitted rollout action. Before the cluster is written they are stored
 * as `pending` with the write (`sent`), so that an answer that never comes leaves a record another
 * instance can settle from the cluster; the cluster's answer then gives them their outcome. An
 * action that writes no cluster (a gate approval, a no-op, a refusal before the write) gets its
 * rows when it ends.
 */
export class ActionLogEntry {
  private pendingIds: number[] = [];

  private readonly store: RolloutStore;
  private readonly base: ActionLogBase;
  private readonly target: CanaryRef;

  constructor(options: {
    store: RolloutStore;
    base: ActionLogBase;
    target: CanaryRef;
  }) {
    this.store = options.store;
    this.base = options.base;
    this.target = options.target;
  }

  /** Whether rows of this action are stored as pending. */
  get pending(): boolean {
    return this.pendingIds.length > 0;
  }

  /** The write is about to be sent: stores the pending rows, settled by others after `settleBy`. */
  async sent(planned: PlannedActionWrite, settleBy: Date): Promise<void> {
    this.pendingIds = await this.store.pendingActions.start(
      planned.affects.length ? planned.affects : [this.target],
      {
        ...this.base,
        route: planned.route,
        message: `${this.base.action} sent to ${planned.write.cluster}; waiting for the cluster's answer`,
        write: planned.write,
        settleBy,
      },
    );
  }

  /** The action did what `answer` says. Answers the bookkeeping errors, if any. */
  async answered(answer: RolloutActionResult): Promise<string[]> {
    const outcome = answer.changed ? 'succeeded' : 'unchanged';
    const problems: string[] = [];
    const note = (error: unknown) => {
      problems.push((error as Error).message);
    };
    if (this.pending) {
      await this.store.pendingActions
        .finish(this.pendingIds, { outcome, message: answer.message })
        .catch(note);
      return problems;
    }
    for (const affected of answer.affects.length
      ? answer.affects
      : [this.target]) {
      await this.store
        .recordAction(affected, {
          ...this.base,
          route: answer.route,
          outcome,
          message: answer.message,
        })
        .catch(note);
    }
    return problems;
  }

  /** The action was not applied. */
  async failed(message: string): Promise<void> {
    if (this.pending) {
      await this.store.pendingActions.finish(this.pendingIds, {
        outcome: 'failed',
        message,
      });
      return;
    }
    await this.store.recordAction(this.target, {
      ...this.base,
      outcome: 'failed',
      message,
    });
  }

  /** Whether the write landed is not known yet: the rows stay pending, saying why. */
  async unsettled(settleBy: Date, message: string): Promise<void> {
    await this.store.pendingActions.postpone(
      this.pendingIds,
      settleBy,
      message,
    );
  }
}
