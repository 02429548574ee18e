import type { RolloutOperation } from '../rolloutActions';
import type { ActionContext } from './actionContext';
import type { BackendGateHook } from './webhookGates';

/**
 * The operations the actions send, built in one place so that an action and its follow-up (set a
 * flag, then clear it; open a gate, then close it) always address the same object.
 */

/**
 * A JSON patch setting one field of the Kurator rollout policy: the only way to act on a
 * Kurator-managed canary, which Kurator re-renders from the Application every ~30 s.
 */
export function applicationPolicyPatch(
  ctx: ActionContext,
  field: string,
  value: boolean,
): Extract<RolloutOperation, { type: 'patch-application' }> {
  return {
    type: 'patch-application',
    namespace: ctx.application?.metadata.namespace ?? 'default',
    name: ctx.application?.metadata.name ?? '',
    jsonPatch: [{ op: 'add', path: `${ctx.policyPath}/${field}`, value }],
  };
}

/** A JSON merge patch of a native canary's spec. */
export function canaryPatch(
  ctx: ActionContext,
  spec: Record<string, unknown>,
): RolloutOperation {
  return {
    type: 'patch-canary',
    namespace: ctx.namespace,
    name: ctx.name,
    mergePatch: { spec },
  };
}

/** A call to a loadtester gate endpoint, with the body the loadtester expects. */
export function gateCall(
  ctx: ActionContext,
  url: string,
  webhook: string,
): RolloutOperation {
  return {
    type: 'call-gate',
    url,
    body: { name: ctx.name, namespace: ctx.namespace },
    webhook,
  };
}

/**
 * An approval (or rollback request) stored by the Canary backend for one of its gate webhooks,
 * bound to the current revision's checksum so that it never opens a later revision's gate.
 */
export function backendGateOperation(
  ctx: ActionContext,
  hook: BackendGateHook,
): RolloutOperation {
  return {
    type: 'backend-gate',
    gate: hook.gate,
    url: hook.webhook.url,
    cluster: hook.cluster,
    namespace: ctx.namespace,
    name: ctx.name,
    checksum: ctx.checksum,
    webhook: hook.webhook.name,
  };
}
