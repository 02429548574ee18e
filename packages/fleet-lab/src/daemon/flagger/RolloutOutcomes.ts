import { strategyOf, targetName } from './canarySpec';
import type { Canary } from './schedulerTypes';
import type { SchedulerParts } from './schedulerParts';

/**
 * How a run ends (scheduler.go rollback, the Finalising branch and the skipAnalysis promotion):
 * Failed or Succeeded, the canary scaled to zero, Flagger's success/failure counters and, after a
 * completed run, the post-rollout hooks.
 */
export class RolloutOutcomes {
  constructor(private readonly p: SchedulerParts) {}

  /** Failed: all traffic back to the primary, the canary scaled down, checks and iterations reset. */
  async rollback(cd: Canary) {
    const namespace = cd.metadata.namespace!;
    this.p.router.setRoutes(cd, 100, 0, false);
    await this.p.events.event(cd, 'canaryFailed', cd.metadata.name, namespace);
    await this.p.deployments.scaleToZero(cd);
    // SyncStatus(canary, CanaryStatus{Phase: Failed, CanaryWeight: 0}): checks and iterations reset
    await this.p.status.syncStatus(cd, { phase: 'Failed', canaryWeight: 0 });
    this.p.deps.metrics.setStatus(targetName(cd), namespace, 'Failed');
    this.p.deps.metrics.failures.inc({
      name: targetName(cd),
      namespace,
      deployment_strategy: strategyOf(cd),
      analysis_status: 'completed',
    });
    await this.p.hooks.run('post-rollout', cd, 'Failed');
  }

  /** A tick in Finalising: the primary carries everything, so the canary scales down; Succeeded. */
  async finalise(cd: Canary) {
    const namespace = cd.metadata.namespace!;
    await this.p.deployments.scaleToZero(cd);
    await this.p.status.setStatusPhase(cd, 'Succeeded');
    this.p.deps.metrics.successes.inc({
      name: targetName(cd),
      namespace,
      deployment_strategy: strategyOf(cd),
      analysis_status: 'completed',
    });
    await this.p.hooks.run('post-rollout', cd, 'Succeeded');
    await this.p.events.event(
      cd,
      'promotionCompleted',
      targetName(cd),
      namespace,
    );
  }

  /**
   * `skipAnalysis`: route everything to the primary, promote and scale down in one tick. No
   * post-rollout hooks run on this path.
   */
  async promoteSkippingAnalysis(cd: Canary) {
    const namespace = cd.metadata.namespace!;
    this.p.router.setRoutes(cd, 100, 0, false);
    await this.p.events.event(
      cd,
      'promotionStarted',
      targetName(cd),
      namespace,
      `${targetName(cd)}-primary`,
      namespace,
    );
    await this.p.deployments.promote(cd);
    await this.p.deployments.scaleToZero(cd);
    await this.p.status.setStatusPhase(cd, 'Succeeded');
    this.p.deps.metrics.successes.inc({
      name: targetName(cd),
      namespace,
      deployment_strategy: strategyOf(cd),
      analysis_status: 'skipped',
    });
    await this.p.events.event(
      cd,
      'promotionCompletedAnalysisSkipped',
      targetName(cd),
      namespace,
    );
  }
}
