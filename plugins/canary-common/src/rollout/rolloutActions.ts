import { isAnalysisPhase } from '../model/canaryPhases';
import type { Canary, CanaryWebhook } from '../model/canary';
import { getCanaryAnalysis } from '../model/canary';
import { planCanaryWeights } from './plan';
import type { Application } from '../model/application';
import { rolloutActionPermission } from '../rolloutActionPermissions';
import { getKuratorRolloutPolicyName } from './kuratorOwnership';
import { type BackendGate, parseBackendGateUrl } from './backendGates';
import { flaggerCanaryChecksum } from './canaryChecksum';
import { getKuratorPolicyName } from '../kurator/kuratorPlacement';

// Gate webhooks served by the Canary backend, and Flagger's webhook checksum, are part of the
// rollout actions' public surface.
export * from './backendGates';
export * from './canaryChecksum';

/**
 * The rollout actions the product offers.
 *
 * @public
 */
export const ROLLOUT_ACTIONS = [
  'pause',
  'resume',
  'promote',
  'abort',
  'retry',
  'approve',
] as const;

/**
 * A rollout action.
 *
 * @public
 */
export type RolloutAction = (typeof ROLLOUT_ACTIONS)[number];

/**
 * How an action reaches the cluster.
 *
 * - `application-policy-patch`: a JSON patch of the Kurator Application's rollout policy (applies to
 *   every cluster of the policy once Kurator reconciles, up to ~30 s);
 * - `canary-patch`: a patch of the native Canary;
 * - `gate`: a call to the loadtester gate API (`/gate/open`, `/rollback/open`), or an approval stored
 *   by the Canary backend for its own gate webhooks (`/api/canary/gates/...`);
 * - `pod-template-annotation`: a pod-template annotation on the target workload (new revision).
 *
 * @public
 */
export type RolloutActionRoute =
  | 'application-policy-patch'
  | 'canary-patch'
  | 'gate'
  | 'pod-template-annotation';

/**
 * One JSON patch operation (RFC 6902).
 *
 * @public
 */
export type JsonPatchOperation = {
  op: 'add' | 'replace' | 'remove' | 'test';
  path: string;
  value?: unknown;
};

/**
 * A concrete operation that carries out an action.
 *
 * @public
 */
export type RolloutOperation =
  | {
      type: 'patch-canary';
      namespace: string;
      name: string;
      /** A JSON merge patch, or a JSON patch when `jsonPatch` is set. */
      mergePatch?: Record<string, unknown>;
      jsonPatch?: JsonPatchOperation[];
    }
  | {
      type: 'patch-application';
      namespace: string;
      name: string;
      jsonPatch: JsonPatchOperation[];
    }
  | {
      type: 'call-gate';
      /** Full URL of the loadtester endpoint, e.g. `http://flagger-loadtester.test/gate/open`. */
      url: string;
      /** The body the loadtester expects. */
      body: { name: string; namespace: string };
      /** The canary webhook the gate belongs to. */
      webhook: string;
    }
  | {
      /**
       * An approval (or rollback request) stored by the Canary backend for the gate webhooks it
       * serves: it opens `gate` for this canary and this revision only.
       */
      type: 'backend-gate';
      gate: BackendGate;
      /** The gate webhook's URL (`<backend>/api/canary/gates/<cluster>/<gate>`). */
      url: string;
      /** The cluster named in the URL. */
      cluster: string;
      namespace: string;
      name: string;
      /** The revision: the checksum Flagger sends in the webhook payload for the current run. */
      checksum: string;
      /** The canary webhook the gate belongs to. */
      webhook: string;
    }
  | {
      /**
       * Abort of a Kurator-managed canary: on every member of the policy, the target workload's
       * container images are set back to those of `<workload>-primary` (the promoted revision);
       * then the Application's rollout policy gets `jsonPatch` (skipTrafficAnalysis), so the
       * reverted revision finishes at once.
       */
      type: 'revert-to-primary';
      namespace: string;
      workload: string;
      primary: string;
      application: { namespace: string; name: string };
      jsonPatch: JsonPatchOperation[];
    }
  | {
      type: 'patch-workload';
      apiVersion: string;
      kind: string;
      namespace: string;
      name: string;
      mergePatch: Record<string, unknown>;
    };

/**
 * Whether an action is possible for a canary in its current phase, and how.
 *
 * @public
 */
export type RolloutActionAvailability = {
  action: RolloutAction;
  possible: boolean;
  /** The permission a user needs (name of a `canary.rollout.*` permission). */
  permission: string;
  /** How the action reaches the cluster (also set when not possible, if the route is known). */
  route?: RolloutActionRoute;
  /** What the action does and what it affects, in words. */
  effect?: string;
  /** Why the action is not possible now. */
  reason?: string;
  /** How to make the action possible, when it can be. */
  howToEnable?: string;
  /** The operation to run. */
  operation?: RolloutOperation;
  /** An operation to run afterwards (close a gate, reset skipAnalysis), and when. */
  followUp?: { when: string; operation: RolloutOperation };
  /**
   * An approval that advances the run by one weight step (a Backstage confirm-traffic-increase
   * gate): the canary's traffic weight now and after the step.
   */
  step?: { from: number; to: number };
};

/**
 * What the caller knows beyond the Canary itself.
 *
 * @public
 */
export type RolloutActionContext = {
  /** The Kurator Application rendering the canary, to locate its sync policy. */
  application?: Application;
  /** The time used for retry annotations (ISO 8601); defaults to now. */
  now?: string;
  /** Number of member clusters the Kurator policy applies to, to say so in `effect`. */
  clusterCount?: number;
};

/**
 * The pod-template annotation a retry sets, the same one `kubectl rollout restart` uses.
 *
 * @public
 */
export const RESTARTED_AT_ANNOTATION = 'kubectl.kubernetes.io/restartedAt';

type GateHook = {
  webhook: CanaryWebhook;
  index: number;
  mode: 'check' | 'halt';
};

function findGate(
  webhooks: CanaryWebhook[],
  type: CanaryWebhook['type'],
  checkPath: string,
): GateHook | undefined {
  for (let index = 0; index < webhooks.length; index++) {
    const webhook = webhooks[index];
    if (webhook.type !== type) continue;
    const url = webhook.url.replace(/\/+$/, '');
    if (url.endsWith(checkPath)) return { webhook, index, mode: 'check' };
    if (checkPath === '/gate/check' && url.endsWith('/gate/halt')) {
      return { webhook, index, mode: 'halt' };
    }
  }
  return undefined;
}

/** The first webhook of a type that points at a Canary backend gate. */
function findBackendGate(
  webhooks: CanaryWebhook[],
  type: CanaryWebhook['type'],
) {
  for (const webhook of webhooks) {
    if ((webhook.type || 'rollout') !== type) continue;
    const parsed = parseBackendGateUrl(webhook.url);
    if (parsed) return { webhook, ...parsed };
  }
  return undefined;
}

function swapPath(url: string, from: string, to: string): string {
  const trimmed = url.replace(/\/+$/, '');
  return trimmed.slice(0, trimmed.length - from.length) + to;
}

/**
 * Locates the sync policy of an Application whose rollout renders a canary: by `kurator.dev/rollout`
 * (policy name, default `<app>-<index>`) and workload name.
 *
 * @public
 */
export function findKuratorSyncPolicyIndex(
  application: Application,
  policyName: string,
  workloadName?: string,
): number | undefined {
  const policies = application.spec.syncPolicies;
  for (let i = 0; i < policies.length; i++) {
    const name = getKuratorPolicyName(application, i, policies[i]);
    if (name !== policyName || !policies[i].rollout) continue;
    if (workloadName && policies[i].rollout?.workload.name !== workloadName)
      continue;
    return i;
  }
  return undefined;
}

/**
 * Which actions (pause, resume, promote, abort, retry, approve) are possible for a canary in its
 * phase, by which route, with a reason and how to enable them when they are not. Kurator-managed
 * canaries (annotation `kurator.dev/rollout`) are acted on through the Application's rollout policy
 * only: Kurator re-renders the Canary every ~30 s and cannot express gates or rollback hooks.
 *
 * @public
 */
export function getRolloutActions(
  canary: Canary,
  context: RolloutActionContext = {},
): RolloutActionAvailability[] {
  const name = canary.metadata.name ?? '';
  const namespace = canary.metadata.namespace ?? 'default';
  const phase = canary.status?.phase ?? '';
  const suspended = canary.spec.suspend === true;
  const webhooks = getCanaryAnalysis(canary)?.webhooks ?? [];
  const kuratorPolicy = getKuratorRolloutPolicyName(canary);
  const reverted =
    phase === 'Failed' &&
    canary.status?.lastAppliedSpec !== undefined &&
    canary.status.lastAppliedSpec === canary.status.lastPromotedSpec;
  const target = canary.spec.targetRef;
  const gone = phase === 'Terminating' || phase === 'Terminated';

  // Kurator: where in the Application the policy lives.
  let policyPath: string | undefined;
  let kuratorUnresolved: string | undefined;
  if (kuratorPolicy !== undefined) {
    const app = context.application;
    const index = app
      ? findKuratorSyncPolicyIndex(app, kuratorPolicy, name)
      : undefined;
    if (app && index !== undefined) {
      policyPath = `/spec/syncPolicies/${index}/rollout/rolloutPolicy`;
    } else {
      kuratorUnresolved = app
        ? `Application ${app.metadata.namespace}/${app.metadata.name} has no sync policy "${kuratorPolicy}" with a rollout of workload ${name}.`
        : `This canary is rendered by Kurator sync policy "${kuratorPolicy}", but its Application was not found; actions must go to the Application, not the Canary.`;
    }
  }
  const scope =
    kuratorPolicy !== undefined
      ? `Changes Kurator sync policy "${kuratorPolicy}", so it applies to every cluster of the policy${
          context.clusterCount ? ` (${context.clusterCount})` : ''
        } once Kurator reconciles (up to ~30 s), then on Flagger's next analysis tick.`
      : "Takes effect on Flagger's next analysis tick.";
  const app = context.application;
  const appPatch = (field: string, value: boolean): RolloutOperation => ({
    type: 'patch-application',
    namespace: app?.metadata.namespace ?? 'default',
    name: app?.metadata.name ?? '',
    jsonPatch: [{ op: 'add', path: `${policyPath}/${field}`, value }],
  });
  const canaryPatch = (spec: Record<string, unknown>): RolloutOperation => ({
    type: 'patch-canary',
    namespace,
    name,
    mergePatch: { spec },
  });
  const checksum = flaggerCanaryChecksum(canary.status ?? {});
  const backendGateOp = (
    hook: NonNullable<ReturnType<typeof findBackendGate>>,
  ): RolloutOperation => ({
    type: 'backend-gate',
    gate: hook.gate,
    url: hook.webhook.url,
    cluster: hook.cluster,
    namespace,
    name,
    checksum,
    webhook: hook.webhook.name,
  });
  const gateCall = (url: string, webhook: string): RolloutOperation => ({
    type: 'call-gate',
    url,
    body: { name, namespace },
    webhook,
  });
  const kuratorBlocked = (
    action: RolloutAction,
    permission: string,
  ): RolloutActionAvailability | undefined =>
    kuratorUnresolved
      ? {
          action,
          permission,
          possible: false,
          route: 'application-policy-patch',
          reason: kuratorUnresolved,
          howToEnable:
            'Annotate the entity with backstage-canary.io/kurator-application so the Application can be resolved.',
        }
      : undefined;

  const results: RolloutActionAvailability[] = [];

  // Pause / resume.
  for (const action of ['pause', 'resume'] as const) {
    const permission = rolloutActionPermission('pause').name;
    const wantSuspend = action === 'pause';
    const route: RolloutActionRoute =
      kuratorPolicy !== undefined ? 'application-policy-patch' : 'canary-patch';
    if (gone) {
      results.push({
        action,
        permission,
        possible: false,
        route,
        reason: `The canary is ${phase.toLowerCase()}.`,
      });
      continue;
    }
    if (suspended === wantSuspend) {
      results.push({
        action,
        permission,
        possible: false,
        route,
        reason: wantSuspend
          ? 'The canary is already paused.'
          : 'The canary is not paused.',
      });
      continue;
    }
    const blocked = kuratorBlocked(action, permission);
    if (blocked) {
      results.push(blocked);
      continue;
    }
    results.push({
      action,
      permission,
      possible: true,
      route,
      effect: `${
        wantSuspend
          ? 'Sets suspend: Flagger stops reconciling this canary and freezes the traffic split; nothing else changes until resumed.'
          : 'Clears suspend: Flagger resumes the analysis where it stopped.'
      } ${scope}`,
      operation:
        kuratorPolicy !== undefined
          ? appPatch('suspend', wantSuspend)
          : canaryPatch({ suspend: wantSuspend }),
    });
  }

  const notActive = (
    action: RolloutAction,
    permission: string,
  ): RolloutActionAvailability | undefined => {
    if (suspended) {
      return {
        action,
        permission,
        possible: false,
        reason:
          'The canary is paused: Flagger skips every run while spec.suspend is set.',
        howToEnable: 'Resume the canary first.',
      };
    }
    if (!isAnalysisPhase(phase)) {
      return {
        action,
        permission,
        possible: false,
        reason: `No run to act on: the canary is ${
          phase || 'not initialized'
        }; this is only possible while Progressing or WaitingPromotion.`,
      };
    }
    return undefined;
  };

  // Promote.
  {
    const permission = rolloutActionPermission('promote').name;
    const inactive = notActive('promote', permission);
    const promotionGate = findGate(
      webhooks,
      'confirm-promotion',
      '/gate/check',
    );
    if (inactive) {
      results.push(inactive);
    } else if (kuratorPolicy !== undefined) {
      results.push(
        kuratorBlocked('promote', permission) ?? {
          action: 'promote',
          permission,
          possible: true,
          route: 'application-policy-patch',
          effect: `Sets skipTrafficAnalysis: Flagger routes all traffic to the primary, copies the new spec into it and scales the canary down (Succeeded). ${scope}`,
          operation: appPatch('skipTrafficAnalysis', true),
          followUp: {
            when: 'once the canary is Succeeded, otherwise every later revision skips analysis',
            operation: appPatch('skipTrafficAnalysis', false),
          },
        },
      );
    } else if (
      phase === 'WaitingPromotion' &&
      promotionGate?.mode === 'check'
    ) {
      const url = swapPath(
        promotionGate.webhook.url,
        '/gate/check',
        '/gate/open',
      );
      results.push({
        action: 'promote',
        permission,
        possible: true,
        route: 'gate',
        effect:
          'Opens the confirm-promotion gate: Flagger promotes on its next tick through the normal path (the canary keeps serving while the primary updates).',
        operation: gateCall(url, promotionGate.webhook.name),
        followUp: {
          when: 'when the phase leaves WaitingPromotion, otherwise every later release is approved too',
          operation: gateCall(
            swapPath(promotionGate.webhook.url, '/gate/check', '/gate/close'),
            promotionGate.webhook.name,
          ),
        },
      });
    } else {
      results.push({
        action: 'promote',
        permission,
        possible: true,
        route: 'canary-patch',
        effect:
          'Sets spec.skipAnalysis: Flagger routes 100% of traffic to the primary, copies the new spec into it (a plain rolling update under full traffic) and scales the canary down. If the canary exceeded its progress deadline, Flagger rolls back instead.',
        operation: canaryPatch({ skipAnalysis: true }),
        followUp: {
          when: 'once the canary is Succeeded, otherwise every later revision skips analysis',
          operation: canaryPatch({ skipAnalysis: false }),
        },
      });
    }
  }

  // Abort.
  {
    const permission = rolloutActionPermission('abort').name;
    const inactive = notActive('abort', permission);
    const rollbackHook = findGate(webhooks, 'rollback', '/rollback/check');
    const backendRollback = findBackendGate(webhooks, 'rollback');
    if (inactive) {
      results.push(inactive);
    } else if (kuratorPolicy !== undefined) {
      // Kurator cannot express rollback webhooks: the workload itself goes back to the promoted
      // revision, and skipping the analysis finishes that revision at once.
      const skip = appPatch('skipTrafficAnalysis', true);
      results.push(
        kuratorBlocked('abort', permission) ?? {
          action: 'abort',
          permission,
          possible: true,
          route: 'application-policy-patch',
          effect: `Sets the container images of ${target.kind} ${
            target.name
          } back to those of ${
            target.name
          }-primary (the promoted revision) on every cluster of the policy${
            context.clusterCount ? ` (${context.clusterCount})` : ''
          }, then sets skipTrafficAnalysis on Kurator sync policy "${kuratorPolicy}" so Flagger finishes the reverted revision at once; it is cleared again when the run ends. The Application's source (Git) still names the new revision: a later sync of a changed source brings it back, so revert the source too.`,
          operation: {
            type: 'revert-to-primary',
            namespace,
            workload: target.name,
            primary: `${target.name}-primary`,
            application: {
              namespace: app?.metadata.namespace ?? 'default',
              name: app?.metadata.name ?? '',
            },
            jsonPatch: skip.type === 'patch-application' ? skip.jsonPatch : [],
          },
          followUp: {
            when: 'once the reverted revision has finished, otherwise every later revision skips analysis',
            operation: appPatch('skipTrafficAnalysis', false),
          },
        },
      );
    } else if (backendRollback) {
      results.push({
        action: 'abort',
        permission,
        possible: true,
        route: 'gate',
        effect: `Records a rollback request at the Backstage rollback gate (webhook ${backendRollback.webhook.name}) for revision ${checksum}: on its next tick Flagger routes all traffic to the primary, scales the canary to zero and marks the run Failed. The request holds for this revision only and ends with the run.`,
        operation: backendGateOp(backendRollback),
      });
    } else if (rollbackHook) {
      results.push({
        action: 'abort',
        permission,
        possible: true,
        route: 'gate',
        effect:
          'Requests a rollback: on its next tick Flagger routes all traffic to the primary, scales the canary to zero and marks the run Failed.',
        operation: gateCall(
          swapPath(
            rollbackHook.webhook.url,
            '/rollback/check',
            '/rollback/open',
          ),
          rollbackHook.webhook.name,
        ),
        followUp: {
          when: 'once the phase is Failed, otherwise every later run is rolled back on its first tick',
          operation: gateCall(
            swapPath(
              rollbackHook.webhook.url,
              '/rollback/check',
              '/rollback/close',
            ),
            rollbackHook.webhook.name,
          ),
        },
      });
    } else {
      results.push({
        action: 'abort',
        permission,
        possible: false,
        route: 'gate',
        reason:
          'The canary has no rollback webhook, and Flagger has no other abort API.',
        howToEnable:
          "Add a webhook of type rollback whose url is the Backstage rollback gate (<backend>/api/canary/gates/<cluster>/rollback with metadata.token) or the loadtester's /rollback/check (e.g. http://flagger-loadtester.<namespace>/rollback/check).",
      });
    }
  }

  // Retry.
  {
    const permission = rolloutActionPermission('retry').name;
    const route: RolloutActionRoute = 'pod-template-annotation';
    if (phase !== 'Failed') {
      results.push({
        action: 'retry',
        permission,
        possible: false,
        route,
        reason: `Only a failed run can be retried; the canary is ${
          phase || 'not initialized'
        }.`,
      });
    } else if (reverted) {
      results.push({
        action: 'retry',
        permission,
        possible: false,
        route,
        reason: `${target.name} was reverted to the promoted revision; there is no failed revision left to retry.`,
        howToEnable: 'Deploy a new revision of the workload.',
      });
    } else {
      const now = context.now ?? new Date().toISOString();
      results.push({
        action: 'retry',
        permission,
        possible: true,
        route,
        effect: `Sets ${RESTARTED_AT_ANNOTATION} on the pod template of ${
          target.kind
        } ${
          target.name
        }: a new revision that starts a new run with weight, checks and iterations reset.${
          kuratorPolicy !== undefined
            ? " The workload comes from the Application's Git source: the edit lasts only while the Flux sync interval is 0s, as in Kurator's examples."
            : ' Under GitOps a sync may revert this edit.'
        }`,
        operation: {
          type: 'patch-workload',
          apiVersion: target.apiVersion,
          kind: target.kind,
          namespace,
          name: target.name,
          mergePatch: {
            spec: {
              template: {
                metadata: { annotations: { [RESTARTED_AT_ANNOTATION]: now } },
              },
            },
          },
        },
      });
    }
  }

  // Approve.
  {
    const permission = rolloutActionPermission('approve').name;
    const gateByPhase: Record<
      string,
      'confirm-rollout' | 'confirm-promotion' | 'confirm-traffic-increase'
    > = {
      Waiting: 'confirm-rollout',
      WaitingPromotion: 'confirm-promotion',
      Progressing: 'confirm-traffic-increase',
    };
    const gateType = gateByPhase[phase];
    if (kuratorPolicy !== undefined) {
      results.push({
        action: 'approve',
        permission,
        possible: false,
        route: 'gate',
        reason:
          'Kurator cannot express confirm gates, so a Kurator-managed canary never waits for approval.',
        howToEnable: 'Use promote (skipTrafficAnalysis) to finish a run early.',
      });
    } else if (suspended) {
      results.push({
        action: 'approve',
        permission,
        possible: false,
        reason:
          'The canary is paused: Flagger skips every run while spec.suspend is set.',
        howToEnable: 'Resume the canary first.',
      });
    } else if (!gateType) {
      results.push({
        action: 'approve',
        permission,
        possible: false,
        reason: `Nothing waits for approval: the canary is ${
          phase || 'not initialized'
        }.`,
      });
    } else {
      const gate = findGate(webhooks, gateType, '/gate/check');
      const backendGate = findBackendGate(webhooks, gateType);
      const step =
        backendGate?.gate === 'confirm-traffic-increase'
          ? nextWeightStep(canary)
          : undefined;
      if (backendGate) {
        results.push({
          action: 'approve',
          permission,
          possible: true,
          route: 'gate',
          effect: `Approves the Backstage gate ${backendGate.gate} (webhook ${
            backendGate.webhook.name
          }) for revision ${checksum} only: Flagger proceeds on its next tick.${
            step
              ? ` The approval opens one weight step: the canary's traffic goes from ${step.from}% to ${step.to}%, then the run waits at the gate again.`
              : ''
          } The approval is spent by this run and never opens a later revision's gate.`,
          operation: backendGateOp(backendGate),
          ...(step ? { step } : {}),
        });
      } else if (!gate) {
        results.push({
          action: 'approve',
          permission,
          possible: false,
          route: 'gate',
          reason: `The canary has no ${gateType} webhook pointing at a loadtester gate.`,
          howToEnable: `Add a webhook of type ${gateType} whose url is the Backstage gate <backend>/api/canary/gates/<cluster>/${gateType} (with metadata.token), or the loadtester's /gate/check.`,
        });
      } else if (gate.mode === 'check') {
        results.push({
          action: 'approve',
          permission,
          possible: true,
          route: 'gate',
          effect: `Opens the gate of webhook ${gate.webhook.name} (${gateType}); Flagger proceeds on its next tick. The loadtester keeps one gate per canary, so every confirm-* hook on /gate/check is approved too.`,
          operation: gateCall(
            swapPath(gate.webhook.url, '/gate/check', '/gate/open'),
            gate.webhook.name,
          ),
          followUp: {
            when: `when the phase leaves ${phase}, otherwise every later release is approved too`,
            operation: gateCall(
              swapPath(gate.webhook.url, '/gate/check', '/gate/close'),
              gate.webhook.name,
            ),
          },
        });
      } else {
        // Pointing /gate/halt at /gate/approve would open the gate for every later run too.
        results.push({
          action: 'approve',
          permission,
          possible: false,
          route: 'gate',
          reason: `Webhook ${gate.webhook.name} (${gateType}) is a loadtester /gate/halt gate: approving it means pointing it at /gate/approve, which would approve every later release as well, so Backstage never does it.`,
          howToEnable: `Point the webhook at the Backstage gate <backend>/api/canary/gates/<cluster>/${gateType} (with the canary's gate secret as metadata.token): its approvals hold for one run only.`,
        });
      }
    }
  }

  const order = new Map(ROLLOUT_ACTIONS.map((a, i) => [a, i]));
  return results.sort((a, b) => order.get(a.action)! - order.get(b.action)!);
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
