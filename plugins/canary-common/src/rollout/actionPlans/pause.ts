import type { RolloutActionAvailability } from '../rolloutActions';
import type { ActionContext } from './actionContext';
import { suspensionAvailability } from './suspension';

/**
 * Pause: sets `suspend` so Flagger freezes the canary where it is (traffic split included) until
 * resumed. Possible in any phase but while the canary is being deleted; the decision is shared with
 * resume, see {@link suspensionAvailability}.
 */
export function pauseAvailability(
  ctx: ActionContext,
): RolloutActionAvailability {
  return suspensionAvailability(ctx, 'pause');
}
