import type { Canary, CanaryPhase } from '../model/canary';
import { getCanaryAnalysis } from '../model/canary';
import { planCanaryRollout, type RolloutPlan } from './plan';
import { getKuratorRolloutPolicyName } from './kuratorOwnership';

/**
 * The traffic split of a canary: what the status says and what is really routed where known.
 *
 * @public
 */
export type WeightReading = {
  /** `status.canaryWeight` as written by Flagger. */
  status: number;
  /** The real percentage routed to the canary, when known. */
  effective?: number;
  /** Where `effective` comes from: the status itself, or the plan because the status reads 0. */
  source: 'status' | 'plan' | 'unknown';
  /** For A/B testing: the canary receives the matched requests, not a percentage of all traffic. */
  matchedRequestsOnly?: boolean;
  /** Why `effective` differs from `status`, in words. */
  note?: string;
};

/**
 * Where a run stands within its plan.
 *
 * @public
 */
export type RolloutProgress = {
  /** Steps of the plan completed so far. */
  completedSteps: number;
  totalSteps: number;
  /** `completedSteps / totalSteps`, 0..1. */
  fraction: number;
  /**
   * How a run ended before its last step: rolled back there, or promoted with the analysis of the
   * remaining steps skipped (they are not done).
   */
  ended?: 'rolled-back' | 'analysis-skipped';
};

/**
 * A visual tone for a state.
 *
 * @public
 */
export type RolloutTone =
  | 'neutral'
  | 'progress'
  | 'waiting'
  | 'success'
  | 'failure'
  | 'paused';

/**
 * A human-readable reading of a canary's state.
 *
 * @public
 */
export type RolloutState = {
  phase: CanaryPhase;
  /** Short label, e.g. "Progressing", "Waiting for promotion approval", "Failed, reverted". */
  label: string;
  /** One or two sentences explaining the state to a service owner. */
  description: string;
  tone: RolloutTone;
  /** `spec.suspend` is set: Flagger skips every run until it is cleared. */
  suspended: boolean;
  /** The Kurator sync policy that owns this canary, when Kurator-managed. */
  kuratorPolicy?: string;
  weight: WeightReading;
  plan: RolloutPlan;
  /** Progress of the current or last run, when the phase allows knowing it. */
  progress?: RolloutProgress;
  failedChecks: number;
  /** Failed checks that trigger a rollback (`analysis.threshold`, default 1). */
  failedChecksThreshold: number;
  /** A/B and Blue/Green iteration counter. */
  iterations?: number;
  /** `lastAppliedSpec != lastPromotedSpec`: a revision is pending, running or failed. */
  revisionPending: boolean;
  /** Failed with the workload reverted to the promoted revision: nothing is running. */
  reverted: boolean;
  /** The message of the `Promoted` condition. */
  conditionMessage?: string;
};

function finalWeight(plan: RolloutPlan): number | undefined {
  for (let i = plan.steps.length - 1; i >= 0; i--) {
    const step = plan.steps[i];
    if (step.kind === 'weight') return step.weight;
    if (step.kind === 'route-all-to-canary') return 100;
  }
  return undefined;
}

function progressOf(
  phase: CanaryPhase,
  plan: RolloutPlan,
  weight: number,
  iterations: number,
): RolloutProgress | undefined {
  const total = plan.steps.length;
  const make = (completed: number) => {
    const c = Math.max(0, Math.min(total, completed));
    return {
      completedSteps: c,
      totalSteps: total,
      fraction: total ? c / total : 0,
    };
  };
  switch (phase) {
    case 'Progressing': {
      if (plan.strategy === 'canary') {
        return make(
          plan.steps.filter(s => s.kind === 'weight' && s.weight <= weight)
            .length,
        );
      }
      return make(Math.min(iterations, total - 1));
    }
    case 'WaitingPromotion':
    case 'Promoting':
    case 'Finalising':
      return make(total - 1);
    case 'Succeeded':
      return make(total);
    case 'Waiting':
      return make(0);
    default:
      return undefined;
  }
}

/**
 * Reads a canary into a human-readable state: label, description, the real traffic weight where
 * the status reads 0 (WaitingPromotion, Promoting on older Flagger versions), progress within the
 * planned steps, "Failed, reverted" when the workload was reverted to the promoted revision, and
 * whether it is paused or Kurator-managed.
 *
 * @public
 */
export function describeRolloutState(canary: Canary): RolloutState {
  const status = canary.status ?? {};
  const phase: CanaryPhase = status.phase ?? '';
  const plan = planCanaryRollout(canary);
  const analysis = getCanaryAnalysis(canary);
  const statusWeight = status.canaryWeight ?? 0;
  const iterations = status.iterations ?? 0;
  const failedChecks = status.failedChecks ?? 0;
  const threshold =
    analysis?.threshold && analysis.threshold > 0 ? analysis.threshold : 1;
  const suspended = canary.spec.suspend === true;
  const revisionPending =
    status.lastAppliedSpec !== undefined &&
    status.lastAppliedSpec !== status.lastPromotedSpec;
  const reverted =
    phase === 'Failed' &&
    status.lastAppliedSpec !== undefined &&
    status.lastAppliedSpec === status.lastPromotedSpec;
  const promotionFailed = phase === 'Failed' && statusWeight === 100;
  const abTesting = plan.strategy === 'ab-testing';
  const planned = finalWeight(plan);
  const target = canary.spec.targetRef.name;

  let weight: WeightReading = {
    status: statusWeight,
    effective: statusWeight,
    source: 'status',
  };
  let label: string;
  let description: string;
  let tone: RolloutTone;

  switch (phase) {
    case '':
      label = 'Pending';
      description = 'Flagger has not picked up this canary yet.';
      tone = 'neutral';
      break;
    case 'Initializing':
      label = 'Initializing';
      description = `Flagger is creating ${target}-primary and the routes; the new workload is not serving yet.`;
      tone = 'progress';
      break;
    case 'Initialized':
      label = 'Initialized';
      description = `${target}-primary serves all traffic. A new revision of ${target} starts a run.`;
      tone = 'neutral';
      break;
    case 'Waiting':
      label = 'Waiting for approval';
      description =
        'A new revision is waiting at the confirm-rollout gate; the canary is not scaled up yet.';
      tone = 'waiting';
      weight = { status: statusWeight, effective: 0, source: 'status' };
      break;
    case 'Progressing': {
      label = 'Progressing';
      if (plan.strategy === 'canary') {
        description = `Analysing the canary at ${statusWeight}% of traffic (promotion at ${plan.maxWeight}%).`;
      } else {
        description = `Analysis iteration ${iterations} of ${
          plan.steps.filter(s => s.kind === 'iteration').length
        }.`;
      }
      if (failedChecks > 0) {
        description += ` ${failedChecks} of ${threshold} allowed failed checks used.`;
      }
      tone = 'progress';
      break;
    }
    case 'WaitingPromotion':
      label = 'Waiting for promotion approval';
      description =
        'The analysis reached its last step and waits at the confirm-promotion gate; metric checks keep running and can still roll back.';
      tone = 'waiting';
      weight = {
        status: statusWeight,
        effective: abTesting ? undefined : planned,
        source: planned === undefined && !abTesting ? 'unknown' : 'plan',
        note: "Flagger writes 0 to status.canaryWeight in this phase, but the routes still send the last step's traffic to the canary.",
      };
      break;
    case 'Promoting':
      label = 'Promoting';
      description = `Copying the canary spec to ${target}-primary; the canary keeps serving until the primary is ready.`;
      tone = 'progress';
      if (statusWeight === 0 && planned !== undefined && !abTesting) {
        weight = {
          status: 0,
          effective: planned,
          source: 'plan',
          note: "Older Flagger versions write 0 to status.canaryWeight while promoting; the routes still send the last step's traffic to the canary.",
        };
      }
      break;
    case 'Finalising':
      label = 'Finalising';
      description = `All traffic is routed back to ${target}-primary; the canary is being scaled down.`;
      tone = 'progress';
      weight = { status: statusWeight, effective: 0, source: 'status' };
      break;
    case 'Succeeded':
      label = 'Succeeded';
      description =
        'The last run was promoted; the primary serves all traffic.';
      tone = 'success';
      break;
    case 'Failed':
      if (promotionFailed) {
        label = 'Failed, promotion failed';
        description = `The primary did not become ready during promotion; Flagger routes all traffic to the canary ${target}.`;
      } else if (reverted) {
        label = 'Failed, reverted';
        description = `The last run failed and ${target} was reverted to the promoted revision; the primary serves all traffic and nothing is running.`;
      } else {
        label = 'Failed, rolled back';
        description = `The last run failed and was rolled back: the primary serves all traffic and the canary is scaled to zero. Re-applying the same revision does not start a new run.`;
      }
      tone = 'failure';
      break;
    case 'Terminating':
      label = 'Terminating';
      description =
        'The canary is being deleted and Flagger reverts the workload, services and routes.';
      tone = 'neutral';
      break;
    case 'Terminated':
    default:
      label = 'Terminated';
      description = 'The canary was deleted.';
      tone = 'neutral';
      break;
  }

  if (
    abTesting &&
    (phase === 'Progressing' ||
      phase === 'WaitingPromotion' ||
      phase === 'Promoting')
  ) {
    weight = {
      ...weight,
      matchedRequestsOnly: true,
      note: 'A/B testing: the canary receives the requests that match the conditions, all other traffic goes to the primary.',
    };
  }

  if (suspended) {
    label = `Paused (${label})`;
    description = `spec.suspend is set: Flagger skips every run and keeps the current routes. ${description}`;
    tone = 'paused';
  }

  const condition = status.conditions?.find(c => c.type === 'Promoted');
  const kuratorPolicy = getKuratorRolloutPolicyName(canary);
  const progress = progressOf(phase, plan, statusWeight, iterations);
  return {
    phase,
    label,
    description,
    tone,
    suspended,
    ...(kuratorPolicy !== undefined ? { kuratorPolicy } : {}),
    weight,
    plan,
    ...(progress ? { progress } : {}),
    failedChecks,
    failedChecksThreshold: threshold,
    ...(plan.strategy !== 'canary' ? { iterations } : {}),
    revisionPending,
    reverted,
    ...(condition?.message ? { conditionMessage: condition.message } : {}),
  };
}
