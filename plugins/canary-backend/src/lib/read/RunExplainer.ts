import {
  CANARY_PHASE,
  type Canary,
  type CanaryRef,
  explainRun,
  isAnalysisPhase,
  isRunPhase,
  runOutcomeOf,
  type RunExplanation,
  type TimelineKind,
} from '@backstage-canary/plugin-canary-common';
import type { RolloutStore } from '../store/RolloutStore';

/** What of a run's history an explanation reads: its transitions, actions and these events. */
const EXPLAINING_KINDS: TimelineKind[] = [
  'transition',
  'action',
  'halted',
  'rollback',
  'promotion-failed',
  'promotion-completed',
];

/**
 * Explains a canary's current run from its recorded history (see `explainRun` in common): why it
 * failed or halts, or who promoted it with the analysis skipped.
 */
export class RunExplainer {
  private readonly store: RolloutStore;

  constructor(options: { store: RolloutStore }) {
    this.store = options.store;
  }

  /** Whether a canary in this state may have something to explain (saves reading its history). */
  static mayExplain(canary: Canary): boolean {
    const status = canary.status ?? {};
    const phase = status.phase;
    // A run that ended, or one past its confirm-rollout gate, may have something to explain (a
    // halt, a rollback, a skipped analysis); one in analysis only once a check failed.
    if (runOutcomeOf(phase)) return true;
    if (isAnalysisPhase(phase)) return (status.failedChecks ?? 0) > 0;
    return isRunPhase(phase) && phase !== CANARY_PHASE.Waiting;
  }

  async explain(
    key: CanaryRef,
    canary: Canary,
    primaryImages?: string[],
  ): Promise<RunExplanation | undefined> {
    if (!RunExplainer.mayExplain(canary)) return undefined;
    const [run] = (await this.store.listRuns(key, { limit: 1 })).items;
    const items = run
      ? (
          await this.store.timeline(key, {
            runId: run.id,
            kinds: EXPLAINING_KINDS,
            limit: 500,
          })
        ).items
      : [];
    return explainRun({ canary, items, primaryImages });
  }
}
