import type {
  RolloutAction,
  RolloutActionAvailability,
} from '@backstage-canary/plugin-canary-common';

const TITLES: Record<RolloutAction, string> = {
  pause: 'Pause',
  resume: 'Resume',
  promote: 'Promote',
  abort: 'Abort',
  retry: 'Retry',
  approve: 'Approve',
};

/**
 * The button label of an action. An approval that opens one weight step (a Backstage
 * confirm-traffic-increase gate) says where it takes the traffic: "Advance to 30%".
 */
export function actionTitle(
  action: RolloutAction | Pick<RolloutActionAvailability, 'action' | 'step'>,
): string {
  if (typeof action !== 'string') {
    if (action.step) return `Advance to ${action.step.to}%`;
    return actionTitle(action.action);
  }
  return TITLES[action] ?? action;
}
