import { rolloutActionPermission } from '../../rolloutActionPermissions';
import type { RolloutActionAvailability } from '../rolloutActions';
import type { ActionContext } from './actionContext';
import {
  applicationPolicyPatch,
  backendGateOperation,
  gateCall,
} from './operations';
import { kuratorBlocked, notActive } from './preconditions';
import { findBackendGate, findGate, swapPath } from './webhookGates';

/**
 * Abort: roll the run back to the promoted revision. Flagger has no abort API, only rollback
 * webhooks, so abort is possible only while Flagger analyses a run (see {@link notActive}) and
 * through:
 *
 * - Kurator-managed: Kurator cannot express rollback webhooks, so the workload itself goes back to
 *   the primary's images and `skipTrafficAnalysis` finishes that revision at once;
 * - a Backstage rollback gate: a request bound to this revision, preferred because it ends with the
 *   run;
 * - a loadtester `/rollback/check` gate: opened, then closed once the run failed, or every later
 *   run would be rolled back on its first tick.
 */
export function abortAvailability(
  ctx: ActionContext,
): RolloutActionAvailability {
  const permission = rolloutActionPermission('abort').name;
  const inactive = notActive(ctx, 'abort', permission);
  if (inactive) return inactive;
  if (ctx.kuratorPolicy !== undefined) {
    return kuratorBlocked(ctx, 'abort', permission) ?? kuratorAbort(ctx);
  }
  const backendRollback = findBackendGate(ctx.webhooks, 'rollback');
  if (backendRollback) {
    return {
      action: 'abort',
      permission,
      possible: true,
      route: 'gate',
      effect: `Records a rollback request at the Backstage rollback gate (webhook ${backendRollback.webhook.name}) for revision ${ctx.checksum}: on its next tick Flagger routes all traffic to the primary, scales the canary to zero and marks the run Failed. The request holds for this revision only and ends with the run.`,
      operation: backendGateOperation(ctx, backendRollback),
    };
  }
  const rollbackHook = findGate(ctx.webhooks, 'rollback', '/rollback/check');
  if (rollbackHook) {
    const { url, name: webhook } = rollbackHook.webhook;
    return {
      action: 'abort',
      permission,
      possible: true,
      route: 'gate',
      effect:
        'Requests a rollback: on its next tick Flagger routes all traffic to the primary, scales the canary to zero and marks the run Failed.',
      operation: gateCall(
        ctx,
        swapPath(url, '/rollback/check', '/rollback/open'),
        webhook,
      ),
      followUp: {
        when: 'once the phase is Failed, otherwise every later run is rolled back on its first tick',
        operation: gateCall(
          ctx,
          swapPath(url, '/rollback/check', '/rollback/close'),
          webhook,
        ),
      },
    };
  }
  return {
    action: 'abort',
    permission,
    possible: false,
    route: 'gate',
    reason:
      'The canary has no rollback webhook, and Flagger has no other abort API.',
    howToEnable:
      "Add a webhook of type rollback whose url is the Backstage rollback gate (<backend>/api/canary/gates/<cluster>/rollback with metadata.token) or the loadtester's /rollback/check (e.g. http://flagger-loadtester.<namespace>/rollback/check).",
  };
}

/**
 * Abort of a Kurator-managed canary whose policy was found. The Application's source still names
 * the new revision, which the effect says: a later sync of a changed source brings it back.
 */
function kuratorAbort(ctx: ActionContext): RolloutActionAvailability {
  const { target } = ctx;
  return {
    action: 'abort',
    permission: rolloutActionPermission('abort').name,
    possible: true,
    route: 'application-policy-patch',
    effect: `Sets the container images of ${target.kind} ${
      target.name
    } back to those of ${
      target.name
    }-primary (the promoted revision) on every cluster of the policy${
      ctx.clusterCount ? ` (${ctx.clusterCount})` : ''
    }, then sets skipTrafficAnalysis on Kurator sync policy "${
      ctx.kuratorPolicy
    }" so Flagger finishes the reverted revision at once; it is cleared again when the run ends. The Application's source (Git) still names the new revision: a later sync of a changed source brings it back, so revert the source too.`,
    operation: {
      type: 'revert-to-primary',
      namespace: ctx.namespace,
      workload: target.name,
      primary: `${target.name}-primary`,
      application: {
        namespace: ctx.application?.metadata.namespace ?? 'default',
        name: ctx.application?.metadata.name ?? '',
      },
      jsonPatch: applicationPolicyPatch(ctx, 'skipTrafficAnalysis', true)
        .jsonPatch,
    },
    followUp: {
      when: 'once the reverted revision has finished, otherwise every later revision skips analysis',
      operation: applicationPolicyPatch(ctx, 'skipTrafficAnalysis', false),
    },
  };
}
