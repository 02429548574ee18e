import type { Application } from '../../model/application';
import type { Canary, CanaryPhase, CanaryWebhook } from '../../model/canary';
import { getCanaryAnalysis } from '../../model/canary';
import { CANARY_PHASE } from '../../model/canaryPhases';
import { getKuratorPolicyName } from '../../kurator/kuratorPlacement';
import { getKuratorRolloutPolicyName } from '../kuratorOwnership';
import { flaggerCanaryChecksum } from '../canaryChecksum';
import type { RolloutActionContext } from '../rolloutActions';

/**
 * What every rollout action reads from a canary and its caller, read once by
 * {@link createActionContext} so that each action (one file each, next to this one) only decides
 * and never re-derives the canary's state: two actions can then never disagree on, say, whether the
 * canary is Kurator-managed or which revision a gate approval is for.
 */
export type ActionContext = {
  /** The canary itself, for the few facts only one action needs (its weight plan, for approve). */
  canary: Canary;
  name: string;
  namespace: string;
  /** `status.phase`; the empty string for a canary Flagger has not picked up yet. */
  phase: CanaryPhase;
  /** `spec.suspend`: Flagger skips every run of a paused canary, whatever the phase. */
  suspended: boolean;
  /** The analysis webhooks, where the gates (loadtester or Backstage) are declared. */
  webhooks: CanaryWebhook[];
  /** The workload the canary rolls out (`spec.targetRef`). */
  target: Canary['spec']['targetRef'];
  /**
   * The revision Flagger names in its webhook payloads: backend gate approvals hold for it only.
   */
  checksum: string;
  /**
   * The canary is being deleted: nothing it does matters any more, so even pause and resume are
   * refused.
   */
  gone: boolean;
  /**
   * The run failed and Flagger already put the promoted revision back into the workload: nothing
   * is left to retry.
   */
  reverted: boolean;
  /** The Kurator sync policy rendering the canary; `undefined` for a native canary. */
  kuratorPolicy: string | undefined;
  /** The Kurator Application, when the caller found it. */
  application: Application | undefined;
  /**
   * JSON pointer of the rollout policy inside the Application (`/spec/syncPolicies/<i>/rollout/
   * rolloutPolicy`), when the canary is Kurator-managed and the policy was found.
   */
  policyPath: string | undefined;
  /**
   * Why a Kurator-managed canary cannot be acted on: its Application or sync policy was not found.
   * Kurator re-renders the Canary every ~30 s, so patching the Canary instead would be undone.
   */
  kuratorUnresolved: string | undefined;
  /** Number of member clusters the Kurator policy applies to, to say so in `effect`. */
  clusterCount: number | undefined;
  /** The time for retry annotations (ISO 8601), when the caller fixed it. */
  now: string | undefined;
  /** When and where a patch takes effect, appended to the `effect` of pause, resume and promote. */
  scope: string;
};

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
 * Where a Kurator-managed canary's rollout policy lives in its Application, or why it cannot be
 * located. Actions on such a canary must patch the Application, so without the policy they are
 * refused rather than sent to the Canary.
 */
function locateKuratorPolicy(
  kuratorPolicy: string | undefined,
  name: string,
  application: Application | undefined,
): Pick<ActionContext, 'policyPath' | 'kuratorUnresolved'> {
  if (kuratorPolicy === undefined) {
    return { policyPath: undefined, kuratorUnresolved: undefined };
  }
  const index = application
    ? findKuratorSyncPolicyIndex(application, kuratorPolicy, name)
    : undefined;
  if (application && index !== undefined) {
    return {
      policyPath: `/spec/syncPolicies/${index}/rollout/rolloutPolicy`,
      kuratorUnresolved: undefined,
    };
  }
  return {
    policyPath: undefined,
    kuratorUnresolved: application
      ? `Application ${application.metadata.namespace}/${application.metadata.name} has no sync policy "${kuratorPolicy}" with a rollout of workload ${name}.`
      : `This canary is rendered by Kurator sync policy "${kuratorPolicy}", but its Application was not found; actions must go to the Application, not the Canary.`,
  };
}

/**
 * Reads, once, everything the rollout actions decide on: see {@link ActionContext}.
 */
export function createActionContext(
  canary: Canary,
  context: RolloutActionContext,
): ActionContext {
  const name = canary.metadata.name ?? '';
  const phase = canary.status?.phase ?? '';
  const kuratorPolicy = getKuratorRolloutPolicyName(canary);
  const application = context.application;
  return {
    canary,
    name,
    namespace: canary.metadata.namespace ?? 'default',
    phase,
    suspended: canary.spec.suspend === true,
    webhooks: getCanaryAnalysis(canary)?.webhooks ?? [],
    target: canary.spec.targetRef,
    checksum: flaggerCanaryChecksum(canary.status ?? {}),
    gone:
      phase === CANARY_PHASE.Terminating || phase === CANARY_PHASE.Terminated,
    // Flagger's rollback writes the promoted spec back as the last applied one.
    reverted:
      phase === CANARY_PHASE.Failed &&
      canary.status?.lastAppliedSpec !== undefined &&
      canary.status.lastAppliedSpec === canary.status.lastPromotedSpec,
    kuratorPolicy,
    application,
    ...locateKuratorPolicy(kuratorPolicy, name, application),
    clusterCount: context.clusterCount,
    now: context.now,
    scope:
      kuratorPolicy !== undefined
        ? `Changes Kurator sync policy "${kuratorPolicy}", so it applies to every cluster of the policy${
            context.clusterCount ? ` (${context.clusterCount})` : ''
          } once Kurator reconciles (up to ~30 s), then on Flagger's next analysis tick.`
        : "Takes effect on Flagger's next analysis tick.",
  };
}
