import type { Canary } from '../../model/canary';
import { getCanaryAnalysis } from '../../model/canary';
import { CANARY_PHASE } from '../../model/canaryPhases';
import { rolloutActionPermission } from '../../rolloutActionPermissions';
import { planCanaryWeights } from '../plan';
import type { RolloutActionAvailability } from '../rolloutActions';
import type { ActionContext } from './actionContext';
import { backendGateOperation, gateCall } from './operations';
import { findBackendGate, findGate, swapPath } from './webhookGates';

type ConfirmGate =
  | 'confirm-rollout'
  | 'confirm-promotion'
  | 'confirm-traffic-increase';

/** The confirm gate a run can be waiting at in each phase; other phases wait for nothing. */
const GATE_BY_PHASE: Record<string, ConfirmGate> = {
  [CANARY_PHASE.Waiting]: 'confirm-rollout',
  [CANARY_PHASE.WaitingPromotion]: 'confirm-promotion',
  [CANARY_PHASE.Progressing]: 'confirm-traffic-increase',
};

/**
 * Approve: open the confirm gate the run waits at in its phase. Refused for Kurator-managed
 * canaries (Kurator cannot express confirm gates) and paused ones; then, by gate:
 *
 * - a Backstage gate: an approval bound to this revision (and, for confirm-traffic-increase, one
 *   weight step), preferred because it never opens a later revision's gate;
 * - a loadtester `/gate/check` gate: opened, then closed when the phase moves on;
 * - a loadtester `/gate/halt` gate: refused, since approving it means repointing the webhook, which
 *   would approve every later release too.
 */
export function approveAvailability(
  ctx: ActionContext,
): RolloutActionAvailability {
  const permission = rolloutActionPermission('approve').name;
  if (ctx.kuratorPolicy !== undefined) {
    return {
      action: 'approve',
      permission,
      possible: false,
      route: 'gate',
      reason:
        'Kurator cannot express confirm gates, so a Kurator-managed canary never waits for approval.',
      howToEnable: 'Use promote (skipTrafficAnalysis) to finish a run early.',
    };
  }
  if (ctx.suspended) {
    return {
      action: 'approve',
      permission,
      possible: false,
      reason:
        'The canary is paused: Flagger skips every run while spec.suspend is set.',
      howToEnable: 'Resume the canary first.',
    };
  }
  const gateType = GATE_BY_PHASE[ctx.phase];
  if (!gateType) {
    return {
      action: 'approve',
      permission,
      possible: false,
      reason: `Nothing waits for approval: the canary is ${
        ctx.phase || 'not initialized'
      }.`,
    };
  }
  const backendGate = findBackendGate(ctx.webhooks, gateType);
  if (backendGate) {
    const step =
      backendGate.gate === 'confirm-traffic-increase'
        ? nextWeightStep(ctx.canary)
        : undefined;
    return {
      action: 'approve',
      permission,
      possible: true,
      route: 'gate',
      effect: `Approves the Backstage gate ${backendGate.gate} (webhook ${
        backendGate.webhook.name
      }) for revision ${ctx.checksum} only: Flagger proceeds on its next tick.${
        step
          ? ` The approval opens one weight step: the canary's traffic goes from ${step.from}% to ${step.to}%, then the run waits at the gate again.`
          : ''
      } The approval is spent by this run and never opens a later revision's gate.`,
      operation: backendGateOperation(ctx, backendGate),
      ...(step ? { step } : {}),
    };
  }
  const gate = findGate(ctx.webhooks, gateType, '/gate/check');
  if (!gate) {
    return {
      action: 'approve',
      permission,
      possible: false,
      route: 'gate',
      reason: `The canary has no ${gateType} webhook pointing at a loadtester gate.`,
      howToEnable: `Add a webhook of type ${gateType} whose url is the Backstage gate <backend>/api/canary/gates/<cluster>/${gateType} (with metadata.token), or the loadtester's /gate/check.`,
    };
  }
  if (gate.mode === 'check') {
    const { url, name: webhook } = gate.webhook;
    return {
      action: 'approve',
      permission,
      possible: true,
      route: 'gate',
      effect: `Opens the gate of webhook ${webhook} (${gateType}); Flagger proceeds on its next tick. The loadtester keeps one gate per canary, so every confirm-* hook on /gate/check is approved too.`,
      operation: gateCall(
        ctx,
        swapPath(url, '/gate/check', '/gate/open'),
        webhook,
      ),
      followUp: {
        when: `when the phase leaves ${ctx.phase}, otherwise every later release is approved too`,
        operation: gateCall(
          ctx,
          swapPath(url, '/gate/check', '/gate/close'),
          webhook,
        ),
      },
    };
  }
  // Pointing /gate/halt at /gate/approve would open the gate for every later run too.
  return {
    action: 'approve',
    permission,
    possible: false,
    route: 'gate',
    reason: `Webhook ${gate.webhook.name} (${gateType}) is a loadtester /gate/halt gate: approving it means pointing it at /gate/approve, which would approve every later release as well, so Backstage never does it.`,
    howToEnable: `Point the webhook at the Backstage gate <backend>/api/canary/gates/<cluster>/${gateType} (with the canary's gate secret as metadata.token): its approvals hold for one run only.`,
  };
}

/**
 * The weight step a confirm-traffic-increase approval opens: from the canary's traffic weight now
 * to the next weight of its plan. None when the plan has no weight above it (the run promotes).
 */
function nextWeightStep(
  canary: Canary,
): { from: number; to: number } | undefined {
  const from = canary.status?.canaryWeight ?? 0;
  const to = planCanaryWeights(getCanaryAnalysis(canary)).weights.find(
    weight => weight > from,
  );
  return to === undefined ? undefined : { from, to };
}
