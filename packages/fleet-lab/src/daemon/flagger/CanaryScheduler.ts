import type { CanaryPhase } from '@backstage-canary/plugin-canary-common';
import type { Routes } from '../RouteTable';
import { CanaryEvents } from './CanaryEvents';
import { analysisIntervalMs, providerOf, skipsAnalysis } from './canarySpec';
import { CanaryStatusStore } from './CanaryStatusStore';
import { DeploymentController } from './DeploymentController';
import { HookRunner } from './HookRunner';
import { KubernetesRouter } from './KubernetesRouter';
import { MetricChecks } from './MetricChecks';
import { RolloutOutcomes } from './RolloutOutcomes';
import { RolloutStrategies } from './RolloutStrategies';
import type { SchedulerParts } from './schedulerParts';
import {
  ACTIVE_PHASES,
  type Canary,
  type SchedulerDeps,
} from './schedulerTypes';
import { templateHash } from './templateHash';
import { TickSteps, isNew } from './TickSteps';
import { type Webhook, callWebhook } from './webhooks';

export { MIN_SCALED_TICK_MS } from './canarySpec';
export {
  type CachedReads,
  NoValuesFoundError,
  type SchedulerDeps,
} from './schedulerTypes';

/**
 * One Flagger analysis tick for one Canary (pkg/controller/scheduler.go `advanceCanary`), for
 * Deployment targets. `advance` is the order of Flagger's steps (`TickSteps`); the work behind
 * them lives with its Flagger seam:
 * - `DeploymentController`: the target, its primary, readiness, promotion and scaling;
 * - `KubernetesRouter`: services and the traffic split;
 * - `CanaryStatusStore`: reading the Canary and writing its status;
 * - `HookRunner`: the webhooks, one table of hook type -> when it runs, what its answer does;
 * - `MetricChecks`: the analysis's metric checks;
 * - `RolloutStrategies`: canary, A/B testing and blue/green stepping, and the promotion;
 * - `RolloutOutcomes`: how a run ends (Failed, Succeeded).
 */
export class CanaryScheduler {
  private readonly p: SchedulerParts;
  private readonly strategies: RolloutStrategies;
  private readonly outcomes: RolloutOutcomes;
  private readonly steps: TickSteps;

  constructor(private readonly deps: SchedulerDeps) {
    const deployments = new DeploymentController(deps);
    const status = new CanaryStatusStore(deps, deployments);
    // every recorded event is also handed to the canary's `event` webhooks
    const events = new CanaryEvents(deps, (cd, type, message) =>
      this.p.hooks.notify(cd, type, message),
    );
    this.p = {
      deps,
      events,
      status,
      deployments,
      router: new KubernetesRouter(deps, deployments),
      hooks: new HookRunner(deps, { events, status }),
      metricChecks: new MetricChecks(deps, events),
    };
    this.strategies = new RolloutStrategies(this.p);
    this.outcomes = new RolloutOutcomes(this.p);
    this.steps = new TickSteps(this.p, this.strategies, this.outcomes);
  }

  /** CallWebhook: success is an HTTP status <= 202; otherwise the body (or transport error) is the error. */
  async callWebhook(cd: Canary, phase: string, hook: Webhook): Promise<void> {
    return callWebhook(this.deps, cd, phase, hook);
  }

  /** Drops what the scheduler remembers of a deleted Canary. */
  forget(namespace: string, name: string) {
    this.p.status.forget(namespace, name);
  }

  /** `syncHandler` for a new canary: conditions nil -> Initializing. */
  async ensureInitializing(cd: Canary) {
    await this.p.status.ensureInitializing(cd);
  }

  /**
   * The job period for a canary at the lab's time scale. Sped-up ticks stay at least 3 s apart:
   * Prometheus scrapes every second and `rate()` needs a few samples of canary traffic.
   */
  intervalMs(cd: Canary): number {
    return analysisIntervalMs(cd, this.deps.timeScale);
  }

  /**
   * One tick: each line is one of Flagger's steps, in Flagger's order. The gates end the tick
   * early; a canary past them starts a run, restarts it, or advances it.
   */
  async advance(name: string, namespace: string): Promise<void> {
    const begin = Date.now();
    const s = this.steps;
    const cd = await this.p.status.readCanary(namespace, name);
    if (!cd || !(await s.isSchedulable(cd))) return;
    if (!(await s.areResourcesReconciled(cd))) return;
    if (isNew(cd.status?.phase ?? '')) {
      await s.setInitialized(cd);
      return;
    }
    const hash = templateHash(await this.p.deployments.getTarget(cd));
    const phase = cd.status?.phase as CanaryPhase;
    if (!(await s.shouldAdvance(cd, phase, hash))) return;
    if (!(await s.isPrimaryReady(cd))) return;
    const routes = s.currentRoutes(cd);

    if (!ACTIVE_PHASES.includes(phase)) await s.startNewRun(cd);
    else if (s.hasRevisionChanged(cd, phase, hash)) await s.restartRun(cd);
    else await this.advanceRun(cd, phase, routes, begin);
  }

  /** A tick of a run under way (Progressing, WaitingPromotion, Promoting or Finalising). */
  private async advanceRun(
    cd: Canary,
    phase: CanaryPhase,
    routes: Routes,
    begin: number,
  ) {
    const s = this.steps;
    const provider = providerOf(cd, this.deps.meshProvider);
    const readiness = await this.p.deployments.canaryReadiness(cd);
    if (readiness.error && readiness.retriable) {
      await this.p.events.warning(cd, readiness.error);
    } else if (skipsAnalysis(cd)) {
      await s.skipAnalysis(cd, readiness);
    } else if (await s.isRollbackRequested(cd, phase)) {
      await s.rollbackOnRequest(cd);
    } else if (phase === 'Promoting') {
      await this.strategies.stepPromotion(cd, provider, routes.primary);
    } else if (phase === 'Finalising') {
      await this.outcomes.finalise(cd);
    } else if (s.hasFailed(cd, readiness)) {
      await s.rollbackOnFailure(cd, readiness);
    } else {
      await s.analyseAndStep(cd, provider, routes, begin);
    }
  }
}
