import type { RolloutRun } from '@backstage-canary/plugin-canary-common';

/** The time ranges the metrics panel offers. */
export type MetricsRangeChoice = 'run' | 'last-hour' | 'last-6-hours';

/**
 * A query range in unix seconds and, for a run's range, the run: the backend then answers that
 * run's failed checks only, not those of a neighbouring run within the margins.
 */
export type MetricsRange = {
  start: number;
  end: number;
  stepSeconds: number;
  runId?: number;
};

/** Seconds shown before a run's start and after its end, so its edges are visible. */
const RUN_MARGIN_SECONDS = 60;
/** About this many points per series. */
const TARGET_POINTS = 120;
const MIN_STEP_SECONDS = 5;

const withStep = (start: number, end: number): MetricsRange => ({
  start,
  end,
  stepSeconds: Math.max(
    MIN_STEP_SECONDS,
    Math.ceil((end - start) / TARGET_POINTS),
  ),
});

/**
 * The range of a choice at `nowMs`: a run's start to its end (now while it runs) with a minute on
 * either side, with the run's id, or the last hour or six hours. Without a run, "run" reads as the
 * last hour.
 */
export function resolveMetricsRange(
  choice: MetricsRangeChoice,
  run: RolloutRun | undefined,
  nowMs: number,
): MetricsRange {
  const now = Math.floor(nowMs / 1000);
  if (choice === 'run' && run) {
    const started = Math.floor(Date.parse(run.startedAt) / 1000);
    const ended = run.endedAt
      ? Math.ceil(Date.parse(run.endedAt) / 1000)
      : undefined;
    const start = started - RUN_MARGIN_SECONDS;
    const end =
      ended === undefined ? now : Math.min(now, ended + RUN_MARGIN_SECONDS);
    if (!Number.isNaN(start) && !Number.isNaN(end) && start < end) {
      return { ...withStep(start, end), runId: run.id };
    }
  }
  const hours = choice === 'last-6-hours' ? 6 : 1;
  return withStep(now - hours * 3600, now);
}

/** True when the data of a range can still change (it reaches up to now). */
export function isLiveRange(
  choice: MetricsRangeChoice,
  run: RolloutRun | undefined,
): boolean {
  return choice !== 'run' || !run || !run.endedAt;
}
