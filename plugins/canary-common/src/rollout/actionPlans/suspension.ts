import { rolloutActionPermission } from '../../rolloutActionPermissions';
import type {
  RolloutActionAvailability,
  RolloutActionRoute,
} from '../rolloutActions';
import type { ActionContext } from './actionContext';
import { applicationPolicyPatch, canaryPatch } from './operations';
import { kuratorBlocked } from './preconditions';

/**
 * Pause and resume are one switch, `suspend` (on the Canary, or on the Kurator rollout policy), set
 * one way or the other: they share this decision and the `canary.rollout.pause` permission, and
 * differ only in the value they want.
 */
export function suspensionAvailability(
  ctx: ActionContext,
  action: 'pause' | 'resume',
): RolloutActionAvailability {
  const permission = rolloutActionPermission('pause').name;
  const wantSuspend = action === 'pause';
  const route: RolloutActionRoute =
    ctx.kuratorPolicy !== undefined
      ? 'application-policy-patch'
      : 'canary-patch';
  if (ctx.gone) {
    return {
      action,
      permission,
      possible: false,
      route,
      reason: `The canary is ${ctx.phase.toLowerCase()}.`,
    };
  }
  if (ctx.suspended === wantSuspend) {
    return {
      action,
      permission,
      possible: false,
      route,
      reason: wantSuspend
        ? 'The canary is already paused.'
        : 'The canary is not paused.',
    };
  }
  const blocked = kuratorBlocked(ctx, action, permission);
  if (blocked) return blocked;
  return {
    action,
    permission,
    possible: true,
    route,
    effect: `${
      wantSuspend
        ? 'Sets suspend: Flagger stops reconciling this canary and freezes the traffic split; nothing else changes until resumed.'
        : 'Clears suspend: Flagger resumes the analysis where it stopped.'
    } ${ctx.scope}`,
    operation:
      ctx.kuratorPolicy !== undefined
        ? applicationPolicyPatch(ctx, 'suspend', wantSuspend)
        : canaryPatch(ctx, { suspend: wantSuspend }),
  };
}
