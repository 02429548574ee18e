import { isAnalysisPhase } from '../../model/canaryPhases';
import type {
  RolloutAction,
  RolloutActionAvailability,
} from '../rolloutActions';
import type { ActionContext } from './actionContext';

/**
 * Refusals several actions share, so that they explain the same situation in the same words.
 * Each returns the refusal, or `undefined` when the action may go on to decide for itself.
 */

/**
 * A Kurator-managed canary whose Application or sync policy was not found: its actions would have
 * to patch the Canary, which Kurator overwrites, so they are refused.
 */
export function kuratorBlocked(
  ctx: ActionContext,
  action: RolloutAction,
  permission: string,
): RolloutActionAvailability | undefined {
  return ctx.kuratorUnresolved
    ? {
        action,
        permission,
        possible: false,
        route: 'application-policy-patch',
        reason: ctx.kuratorUnresolved,
        howToEnable:
          'Annotate the entity with backstage-canary.io/kurator-application so the Application can be resolved.',
      }
    : undefined;
}

/**
 * No run Flagger is analysing (promote and abort act on one): the canary is paused, or its phase
 * is not an analysis phase.
 */
export function notActive(
  ctx: ActionContext,
  action: RolloutAction,
  permission: string,
): RolloutActionAvailability | undefined {
  if (ctx.suspended) {
    return {
      action,
      permission,
      possible: false,
      reason:
        'The canary is paused: Flagger skips every run while spec.suspend is set.',
      howToEnable: 'Resume the canary first.',
    };
  }
  if (!isAnalysisPhase(ctx.phase)) {
    return {
      action,
      permission,
      possible: false,
      reason: `No run to act on: the canary is ${
        ctx.phase || 'not initialized'
      }; this is only possible while Progressing or WaitingPromotion.`,
    };
  }
  return undefined;
}
