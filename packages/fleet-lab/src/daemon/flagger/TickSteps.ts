import type { CanaryPhase } from '@backstage-canary/plugin-canary-common';
import { isNotFound } from '../../lib/KubeClient';
import type { Routes } from '../RouteTable';
import {
  analysisOf,
  failedChecksThreshold,
  skipsAnalysis,
  targetName,
} from './canarySpec';
import type { CanaryReadiness } from './DeploymentController';
import type { RolloutOutcomes } from './RolloutOutcomes';
import type { RolloutStrategies } from './RolloutStrategies';
import type { SchedulerParts } from './schedulerParts';
import type { Canary } from './schedulerTypes';

/** Phases in which a canary has not been initialized yet. */
export const isNew = (phase: string) =>
  phase === '' || phase === 'Initializing';

/**
 * The steps of `CanaryScheduler.advance`, in tick order (pkg/controller/scheduler.go
 * advanceCanary and the checks it calls), kept apart so `advance` reads as the decision tree
 * alone. Steps named as questions (`is…`, `has…`, `should…`) resolve whether the tick goes on;
 * the others do their work and end the tick.
 */
export class TickSteps {
  constructor(
    private readonly p: SchedulerParts,
    private readonly strategies: RolloutStrategies,
    private readonly outcomes: RolloutOutcomes,
  ) {}

  /** A suspended canary, or a target kind the lab does not simulate, is left as it is. */
  async isSchedulable(cd: Canary): Promise<boolean> {
    if (cd.spec.suspend) {
      await this.p.events.event(cd, 'suspended');
      return false;
    }
    if (cd.spec.targetRef.kind !== 'Deployment') {
      await this.p.events.warning(
        cd,
        `fleet-lab simulates Deployment targets only, not ${cd.spec.targetRef.kind}`,
      );
      return false;
    }
    return true;
  }

  /**
   * Services, (for a new canary) metric providers, the primary Deployment and the mesh routes.
   * An error is a Warning event and ends the tick.
   */
  async areResourcesReconciled(cd: Canary): Promise<boolean> {
    try {
      await this.p.router.reconcileServices(cd);
    } catch (error) {
      await this.p.events.warning(cd, (error as Error).message);
      return false;
    }
    if (!skipsAnalysis(cd) && isNew(cd.status?.phase ?? '')) {
      await this.p.metricChecks.checkProviders(cd);
    }
    try {
      await this.p.deployments.initialize(cd);
    } catch (error) {
      await this.p.events.warning(
        cd,
        isNotFound(error)
          ? `deployments.apps "${targetName(cd)}" not found`
          : (error as Error).message,
      );
      return false;
    }
    this.p.router.reconcileMeshRoutes(cd);
    return true;
  }

  /** setPhaseInitialized: a new canary's first tick ends once its primary exists. */
  async setInitialized(cd: Canary) {
    const namespace = cd.metadata.namespace!;
    await this.p.status.syncStatus(cd, { phase: 'Initialized' });
    this.p.deps.metrics.setStatus(targetName(cd), namespace, 'Initialized');
    await this.p.events.event(cd, 'initialized', cd.metadata.name, namespace);
  }

  /** shouldAdvance: a run is under way, or the target changed since the last promoted or applied spec. */
  async shouldAdvance(
    cd: Canary,
    phase: CanaryPhase,
    hash: string,
  ): Promise<boolean> {
    let should =
      !cd.status?.lastAppliedSpec ||
      [
        'Initializing',
        'Progressing',
        'Waiting',
        'WaitingPromotion',
        'Promoting',
        'Finalising',
      ].includes(phase);
    if (!should) {
      const { lastAppliedSpec, lastPromotedSpec } = cd.status;
      if (phase === 'Failed' && lastAppliedSpec !== hash) {
        // Flagger re-syncs lastAppliedSpec of a failed canary on every tick (so the same failed
        // spec never starts a new run), then compares with the values it read before.
        await this.p.status.updateStatus(cd, status => {
          status.lastAppliedSpec = hash;
        });
      }
      should = lastPromotedSpec !== hash && lastAppliedSpec !== hash;
    }
    if (!should) {
      this.p.deps.metrics.setStatus(
        targetName(cd),
        cd.metadata.namespace!,
        phase,
      );
    }
    return should;
  }

  /** With analysis, nothing moves while the primary cannot carry the traffic (a Warning). */
  async isPrimaryReady(cd: Canary): Promise<boolean> {
    if (skipsAnalysis(cd)) {
      return true;
    }
    const { deployments } = this.p;
    const error = deployments.primaryNotReady(
      cd,
      await deployments.getPrimary(cd),
    );
    if (error) {
      await this.p.events.warning(cd, error);
      return false;
    }
    return true;
  }

  /** The current split, which `flagger_canary_weight` reports on every advancing tick. */
  currentRoutes(cd: Canary): Routes {
    const routes = this.p.router.getRoutes(cd);
    this.p.deps.metrics.setWeight(
      targetName(cd),
      cd.metadata.namespace!,
      routes.primary,
      routes.canary,
    );
    return routes;
  }

  /** checkCanaryStatus: a new revision starts a run (Progressing) once confirm-rollout passes. */
  async startNewRun(cd: Canary) {
    if (!(await this.p.hooks.run('confirm-rollout', cd))) {
      return;
    }
    const namespace = cd.metadata.namespace!;
    await this.p.events.event(cd, 'newRevision', targetName(cd), namespace);
    await this.p.deployments.scaleFromZero(cd);
    await this.p.status.syncStatus(cd, { phase: 'Progressing' });
    this.p.deps.metrics.setStatus(targetName(cd), namespace, 'Progressing');
  }

  /** hasCanaryRevisionChanged: the target changed again during a run. */
  hasRevisionChanged(cd: Canary, phase: CanaryPhase, hash: string) {
    return (
      (phase === 'Progressing' || phase === 'WaitingPromotion') &&
      cd.status.lastAppliedSpec !== hash &&
      cd.status.lastPromotedSpec !== hash
    );
  }

  /** The run starts over on the new revision: all traffic on the primary, counters reset. */
  async restartRun(cd: Canary) {
    await this.p.events.event(
      cd,
      'analysisRestarted',
      targetName(cd),
      cd.metadata.namespace!,
    );
    this.p.router.setRoutes(cd, 100, 0, false);
    await this.p.status.syncStatus(cd, {
      phase: 'Progressing',
      canaryWeight: 0,
      failedChecks: 0,
      iterations: 0,
    });
  }

  /** shouldSkipAnalysis: promote at once, unless the canary missed its progress deadline. */
  async skipAnalysis(cd: Canary, readiness: CanaryReadiness) {
    if (!readiness.retriable) {
      await this.rollbackOnFailure(cd, readiness);
      return;
    }
    await this.outcomes.promoteSkippingAnalysis(cd);
  }

  /** Rollback hooks are asked in Progressing and WaitingPromotion only. */
  async isRollbackRequested(cd: Canary, phase: CanaryPhase): Promise<boolean> {
    if (phase !== 'Progressing' && phase !== 'WaitingPromotion') {
      return false;
    }
    return this.p.hooks.run('rollback', cd, phase);
  }

  /** A rollback hook fired: the run fails at once, whatever its checks say. */
  async rollbackOnRequest(cd: Canary) {
    await this.p.events.event(
      cd,
      'rollbackManualWebhook',
      cd.metadata.name,
      cd.metadata.namespace!,
    );
    await this.outcomes.rollback(cd);
  }

  /** The canary missed its progress deadline, or failed checks reached the threshold. */
  hasFailed(cd: Canary, readiness: CanaryReadiness): boolean {
    return (
      !readiness.retriable ||
      (cd.status.failedChecks ?? 0) >= failedChecksThreshold(cd)
    );
  }

  /** Rolls back with the reason Flagger gives: the deadline first, else the failed checks. */
  async rollbackOnFailure(cd: Canary, readiness: CanaryReadiness) {
    if (!readiness.retriable) {
      await this.p.events.event(
        cd,
        'rollbackProgressDeadline',
        cd.metadata.name,
        cd.metadata.namespace!,
        readiness.error ?? '',
      );
    } else {
      await this.p.events.event(
        cd,
        'rollbackFailedChecks',
        cd.metadata.name,
        cd.metadata.namespace!,
        cd.status.failedChecks ?? 0,
      );
    }
    await this.outcomes.rollback(cd);
  }

  /**
   * The analysis tick proper, timed by `flagger_canary_duration_seconds`: the checks, then a
   * strategy step when they pass or one more failed check when they do not.
   */
  async analyseAndStep(
    cd: Canary,
    provider: string,
    routes: Routes,
    begin: number,
  ) {
    try {
      if (!(await this.checksPass(cd, routes))) {
        await this.p.status.setStatusField(
          cd,
          'failedChecks',
          (cd.status.failedChecks ?? 0) + 1,
        );
        return;
      }
      await this.strategies.step(cd, provider, routes);
    } finally {
      this.p.deps.metrics.duration.observe(
        { name: targetName(cd), namespace: cd.metadata.namespace! },
        (Date.now() - begin) / 1000,
      );
    }
  }

  /**
   * The first tick of a run (no weight, no iteration, not mirroring) runs the pre-rollout hooks;
   * later ticks run the analysis: rollout hooks, builtin metrics, then templated metrics.
   */
  private async checksPass(cd: Canary, routes: Routes): Promise<boolean> {
    if (
      routes.canary === 0 &&
      (cd.status.iterations ?? 0) === 0 &&
      !(analysisOf(cd).mirror && routes.mirrored)
    ) {
      await this.p.events.event(
        cd,
        'analysisStarted',
        targetName(cd),
        cd.metadata.namespace!,
      );
      return this.p.hooks.run('pre-rollout', cd);
    }
    return (
      (await this.p.hooks.run('rollout', cd)) &&
      (await this.p.metricChecks.runBuiltinChecks(cd)) &&
      (await this.p.metricChecks.runTemplatedChecks(cd))
    );
  }
}
