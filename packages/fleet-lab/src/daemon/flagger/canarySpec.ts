import { parseGoDuration } from '../../domain/goFormat';
import { type Canary, FLAGGER_GROUP_VERSION } from './schedulerTypes';

/**
 * Pure readings of a Canary's spec (Flagger's `apis/flagger/v1beta1` getters). They take no
 * dependencies, so every part of the scheduler reads the spec the same way.
 */

/** Shortest analysis period when the lab runs sped up. */
export const MIN_SCALED_TICK_MS = 3000;

/** `spec.analysis`, or the deprecated `spec.canaryAnalysis`; `{}` when neither is set. */
export function analysisOf(cd: Canary): any {
  return cd.spec.analysis ?? cd.spec.canaryAnalysis ?? {};
}

/** `skipAnalysis`, which a Canary without any analysis block implies. */
export function skipsAnalysis(cd: Canary): boolean {
  return (
    !!cd.spec.skipAnalysis || !(cd.spec.analysis ?? cd.spec.canaryAnalysis)
  );
}

/** GetAnalysisThreshold: failed checks that roll back; unset or 0 means 1. */
export function failedChecksThreshold(cd: Canary): number {
  const t = analysisOf(cd).threshold ?? 0;
  return t > 0 ? t : 1;
}

/** The target Deployment's name (`spec.targetRef.name`). */
export function targetName(cd: Canary): string {
  return cd.spec.targetRef.name;
}

/** The apex service name: `spec.service.name`, by default the target's name. */
export function serviceName(cd: Canary): string {
  return cd.spec.service?.name || targetName(cd);
}

/** The provider routing this canary: its own `spec.provider`, else the controller's mesh. */
export function providerOf(cd: Canary, meshProvider: string): string {
  return cd.spec.provider || meshProvider;
}

/** GetMaxWeight: the last of `stepWeights`, else `maxWeight`, else 100. */
export function maxWeight(cd: Canary): number {
  const a = analysisOf(cd);
  const steps: number[] = a.stepWeights ?? [];
  if (steps.length > 0) {
    return Math.min(100, steps[steps.length - 1]);
  }
  return a.maxWeight > 0 ? a.maxWeight : 100;
}

/** GetNextStepWeight: `stepWeight`, or the distance to the next of `stepWeights`. */
export function nextStepWeight(cd: Canary, canaryWeight: number): number {
  const a = analysisOf(cd);
  const steps: number[] = a.stepWeights ?? [];
  if ((a.stepWeight ?? 0) > 0 || steps.length === 0) {
    return a.stepWeight ?? 0;
  }
  const maxStep = 100 - canaryWeight;
  if (maxStep === 0) {
    return 1;
  }
  for (const w of steps) {
    if (w > canaryWeight) {
      return w - canaryWeight;
    }
  }
  return maxStep;
}

/** How the canary shifts traffic: iterations with match rules, iterations alone, or weights. */
export type StrategyName = 'ab-testing' | 'blue-green' | 'canary';

/** The `deployment_strategy` label of Flagger's metrics, and the stepping `advance` applies. */
export function strategyOf(cd: Canary): StrategyName {
  const a = analysisOf(cd);
  if ((a.iterations ?? 0) > 0 && (a.match ?? []).length > 0)
    return 'ab-testing';
  if ((a.iterations ?? 0) > 0) return 'blue-green';
  return 'canary';
}

/** `progressDeadlineSeconds` (600 by default), shortened by the lab's time scale. */
export function deadlineSeconds(cd: Canary, timeScale: number): number {
  return (cd.spec.progressDeadlineSeconds ?? 600) / timeScale;
}

/**
 * The job period for a canary at the lab's time scale. Sped-up ticks stay at least 3 s apart:
 * Prometheus scrapes every second and `rate()` needs a few samples of canary traffic.
 */
export function analysisIntervalMs(cd: Canary, timeScale: number): number {
  // Flagger's GetAnalysisInterval: 1m when unset, at least 10s.
  const interval = analysisOf(cd).interval;
  const parsed = interval ? parseGoDuration(interval) : undefined;
  const real = parsed && parsed > 0 ? Math.max(parsed, 10_000) : 60_000;
  return Math.max(real / timeScale, Math.min(real, MIN_SCALED_TICK_MS));
}

/** The owner reference Flagger puts on everything it generates, so deleting the Canary GCs it. */
export function ownerReference(cd: Canary) {
  return {
    apiVersion: FLAGGER_GROUP_VERSION,
    kind: 'Canary',
    name: cd.metadata.name,
    uid: cd.metadata.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}
