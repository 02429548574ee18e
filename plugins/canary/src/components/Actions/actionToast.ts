import type {
  RolloutAction,
  RolloutActionResult,
  RolloutSummary,
} from '@backstage-canary/plugin-canary-common';

const DONE: Record<RolloutAction, string> = {
  pause: 'Paused',
  resume: 'Resumed',
  promote: 'Promote requested for',
  abort: 'Rollback requested for',
  retry: 'Retry requested for',
  approve: 'Approved',
};

const STATE: Record<RolloutAction, string> = {
  pause: 'already paused',
  resume: 'not paused',
  promote: 'already promoted',
  abort: 'already rolling back',
  retry: 'already retried',
  approve: 'already approved',
};

/** A one-line toast after an action: its outcome, the details are in the lane and the timeline. */
export type ActionToast = {
  message: string;
  severity: 'success' | 'info';
};

/**
 * The toast of an action that ran: one line stating the outcome ("Paused webapp/backend on 2
 * clusters"), or that nothing changed because the canary was already in the asked state.
 */
export function actionToast(
  action: RolloutAction,
  rollout: Pick<RolloutSummary, 'cluster' | 'namespace' | 'name'>,
  result: Pick<RolloutActionResult, 'affects' | 'changed'>,
): ActionToast {
  const clusters = [
    ...new Set((result.affects ?? []).map(affected => affected.cluster)),
  ];
  const where =
    clusters.length > 1
      ? `on ${clusters.length} clusters`
      : `on ${clusters[0] ?? rollout.cluster}`;
  const canary = `${rollout.namespace}/${rollout.name}`;
  if (result.changed === false) {
    return {
      message: `Nothing changed: ${canary} ${where} was ${
        STATE[action] ?? 'already in that state'
      }`,
      severity: 'info',
    };
  }
  return {
    message: `${DONE[action] ?? action} ${canary} ${where}`,
    severity: 'success',
  };
}
