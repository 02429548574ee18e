import type { RolloutActionAvailability } from '../rolloutActions';
import type { ActionContext } from './actionContext';
import { suspensionAvailability } from './suspension';

/**
 * Resume: clears `suspend` so Flagger picks the analysis up where it stopped. Possible only on a
 * paused canary; the decision is shared with pause, see {@link suspensionAvailability}.
 */
export function resumeAvailability(
  ctx: ActionContext,
): RolloutActionAvailability {
  return suspensionAvailability(ctx, 'resume');
}
