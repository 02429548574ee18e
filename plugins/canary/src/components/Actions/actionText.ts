import type { RolloutAction } from '@backstage-canary/plugin-canary-common';

const TITLES: Record<RolloutAction, string> = {
  pause: 'Pause',
  resume: 'Resume',
  promote: 'Promote',
  abort: 'Abort',
  retry: 'Retry',
  approve: 'Approve',
};

/** The button label of an action. */
export function actionTitle(action: RolloutAction): string {
  return TITLES[action] ?? action;
}
