import type { Canary } from '../model/canary';
import type { Application } from '../model/application';
import type { BackendGate } from './backendGates';
import {
  type ActionContext,
  createActionContext,
} from './actionPlans/actionContext';
import { pauseAvailability } from './actionPlans/pause';
import { resumeAvailability } from './actionPlans/resume';
import { promoteAvailability } from './actionPlans/promote';
import { abortAvailability } from './actionPlans/abort';
import { retryAvailability } from './actionPlans/retry';
import { approveAvailability } from './actionPlans/approve';

// Gate webhooks served by the Canary backend, and Flagger's webhook checksum, are part of the
// rollout actions' public surface.
export * from './backendGates';
export * from './canaryChecksum';
// Declared next to the code that uses them, public from here.
export { findKuratorSyncPolicyIndex } from './actionPlans/actionContext';
export { RESTARTED_AT_ANNOTATION } from './actionPlans/retry';

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
 * Each action's decision, one file each under `./actions`; a `Record` so that an action added to
 * {@link ROLLOUT_ACTIONS} does not compile until it has one.
 */
const AVAILABILITY: Record<
  RolloutAction,
  (ctx: ActionContext) => RolloutActionAvailability
> = {
  pause: pauseAvailability,
  resume: resumeAvailability,
  promote: promoteAvailability,
  abort: abortAvailability,
  retry: retryAvailability,
  approve: approveAvailability,
};

/**
 * Which actions (pause, resume, promote, abort, retry, approve) are possible for a canary in its
 * phase, by which route, with a reason and how to enable them when they are not. Kurator-managed
 * canaries (annotation `kurator.dev/rollout`) are acted on through the Application's rollout policy
 * only: Kurator re-renders the Canary every ~30 s and cannot express gates or rollback hooks.
 *
 * The canary is read once into an action context (`./actions/actionContext`); each action then
 * decides on its own, and the result lists every action, in {@link ROLLOUT_ACTIONS} order.
 *
 * @public
 */
export function getRolloutActions(
  canary: Canary,
  context: RolloutActionContext = {},
): RolloutActionAvailability[] {
  const ctx = createActionContext(canary, context);
  return ROLLOUT_ACTIONS.map(action => AVAILABILITY[action](ctx));
}
