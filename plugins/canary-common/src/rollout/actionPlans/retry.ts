import { CANARY_PHASE } from '../../model/canaryPhases';
import { rolloutActionPermission } from '../../rolloutActionPermissions';
import type {
  RolloutActionAvailability,
  RolloutActionRoute,
} from '../rolloutActions';
import type { ActionContext } from './actionContext';

/**
 * The pod-template annotation a retry sets, the same one `kubectl rollout restart` uses.
 *
 * @public
 */
export const RESTARTED_AT_ANNOTATION = 'kubectl.kubernetes.io/restartedAt';

/**
 * Retry: start a new run of a failed revision. Flagger only starts a run on a new revision, so the
 * retry annotates the workload's pod template, which makes one. The route is the same for native and
 * Kurator-managed canaries (the effect says how long the edit lasts under a Git source). Not
 * possible once Flagger reverted the workload to the promoted revision: the failed one is gone.
 */
export function retryAvailability(
  ctx: ActionContext,
): RolloutActionAvailability {
  const permission = rolloutActionPermission('retry').name;
  const route: RolloutActionRoute = 'pod-template-annotation';
  const { target } = ctx;
  if (ctx.phase !== CANARY_PHASE.Failed) {
    return {
      action: 'retry',
      permission,
      possible: false,
      route,
      reason: `Only a failed run can be retried; the canary is ${
        ctx.phase || 'not initialized'
      }.`,
    };
  }
  if (ctx.reverted) {
    return {
      action: 'retry',
      permission,
      possible: false,
      route,
      reason: `${target.name} was reverted to the promoted revision; there is no failed revision left to retry.`,
      howToEnable: 'Deploy a new revision of the workload.',
    };
  }
  const now = ctx.now ?? new Date().toISOString();
  return {
    action: 'retry',
    permission,
    possible: true,
    route,
    effect: `Sets ${RESTARTED_AT_ANNOTATION} on the pod template of ${
      target.kind
    } ${
      target.name
    }: a new revision that starts a new run with weight, checks and iterations reset.${
      ctx.kuratorPolicy !== undefined
        ? " The workload comes from the Application's Git source: the edit lasts only while the Flux sync interval is 0s, as in Kurator's examples."
        : ' Under GitOps a sync may revert this edit.'
    }`,
    operation: {
      type: 'patch-workload',
      apiVersion: target.apiVersion,
      kind: target.kind,
      namespace: ctx.namespace,
      name: target.name,
      mergePatch: {
        spec: {
          template: {
            metadata: { annotations: { [RESTARTED_AT_ANNOTATION]: now } },
          },
        },
      },
    },
  };
}
