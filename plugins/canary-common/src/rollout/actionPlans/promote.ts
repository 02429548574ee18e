import { CANARY_PHASE } from '../../model/canaryPhases';
import { rolloutActionPermission } from '../../rolloutActionPermissions';
import type { RolloutActionAvailability } from '../rolloutActions';
import type { ActionContext } from './actionContext';
import { applicationPolicyPatch, canaryPatch, gateCall } from './operations';
import { kuratorBlocked, notActive } from './preconditions';
import { findGate, swapPath } from './webhookGates';

/**
 * Promote: finish the run now with the new revision. Only while Flagger analyses a run (see
 * {@link notActive}), by the gentlest route the canary offers:
 *
 * - Kurator-managed: set `skipTrafficAnalysis` on the rollout policy (the only lever Kurator has);
 * - waiting at a loadtester confirm-promotion gate: open it, so Flagger promotes through its normal
 *   path;
 * - otherwise: set `spec.skipAnalysis`, a rolling update under full traffic.
 *
 * The skip flags must be cleared once the run succeeds, or every later revision skips its analysis:
 * hence the follow-ups.
 */
export function promoteAvailability(
  ctx: ActionContext,
): RolloutActionAvailability {
  const permission = rolloutActionPermission('promote').name;
  const inactive = notActive(ctx, 'promote', permission);
  if (inactive) return inactive;
  if (ctx.kuratorPolicy !== undefined) {
    return (
      kuratorBlocked(ctx, 'promote', permission) ?? {
        action: 'promote',
        permission,
        possible: true,
        route: 'application-policy-patch',
        effect: `Sets skipTrafficAnalysis: Flagger routes all traffic to the primary, copies the new spec into it and scales the canary down (Succeeded). ${ctx.scope}`,
        operation: applicationPolicyPatch(ctx, 'skipTrafficAnalysis', true),
        followUp: {
          when: 'once the canary is Succeeded, otherwise every later revision skips analysis',
          operation: applicationPolicyPatch(ctx, 'skipTrafficAnalysis', false),
        },
      }
    );
  }
  const promotionGate = findGate(
    ctx.webhooks,
    'confirm-promotion',
    '/gate/check',
  );
  if (
    ctx.phase === CANARY_PHASE.WaitingPromotion &&
    promotionGate?.mode === 'check'
  ) {
    const { url, name: webhook } = promotionGate.webhook;
    return {
      action: 'promote',
      permission,
      possible: true,
      route: 'gate',
      effect:
        'Opens the confirm-promotion gate: Flagger promotes on its next tick through the normal path (the canary keeps serving while the primary updates).',
      operation: gateCall(
        ctx,
        swapPath(url, '/gate/check', '/gate/open'),
        webhook,
      ),
      followUp: {
        when: 'when the phase leaves WaitingPromotion, otherwise every later release is approved too',
        operation: gateCall(
          ctx,
          swapPath(url, '/gate/check', '/gate/close'),
          webhook,
        ),
      },
    };
  }
  return {
    action: 'promote',
    permission,
    possible: true,
    route: 'canary-patch',
    effect:
      'Sets spec.skipAnalysis: Flagger routes 100% of traffic to the primary, copies the new spec into it (a plain rolling update under full traffic) and scales the canary down. If the canary exceeded its progress deadline, Flagger rolls back instead.',
    operation: canaryPatch(ctx, { skipAnalysis: true }),
    followUp: {
      when: 'once the canary is Succeeded, otherwise every later revision skips analysis',
      operation: canaryPatch(ctx, { skipAnalysis: false }),
    },
  };
}
