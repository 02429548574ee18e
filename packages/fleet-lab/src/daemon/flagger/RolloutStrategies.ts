import {
  analysisOf,
  maxWeight,
  nextStepWeight,
  strategyOf,
  targetName,
} from './canarySpec';
import type { Routes } from '../RouteTable';
import type { Canary } from './schedulerTypes';
import type { SchedulerParts } from './schedulerParts';

/**
 * How a canary moves traffic once a tick's checks passed (scheduler.go runCanary, runAB,
 * runBlueGreen and runPromotionTrafficShift):
 * - canary: the weight grows by steps to the max weight, then the promotion starts;
 * - A/B testing: matched traffic goes to the canary for `iterations` ticks, then the promotion;
 * - blue/green: `iterations` ticks (mirrored traffic if `mirror`), one tick with all traffic on the
 *   canary, then the promotion;
 * - promotion: traffic goes back to the promoted primary at once or by `stepWeightPromotion`.
 */
export class RolloutStrategies {
  constructor(private readonly p: SchedulerParts) {}

  /** One step of the canary's strategy, after the kubernetes provider's limits are applied. */
  async step(cd: Canary, provider: string, routes: Routes) {
    await this.applyProviderLimits(cd, provider);
    switch (strategyOf(cd)) {
      case 'ab-testing':
        await this.stepABTesting(cd);
        break;
      case 'blue-green':
        await this.stepBlueGreen(cd, provider, routes.mirrored);
        break;
      default:
        await this.stepCanary(cd, routes.canary, routes.primary);
    }
  }

  /**
   * The kubernetes provider has no traffic split: match rules are dropped and a weight-based
   * canary runs as blue/green with 10 iterations (the analysis is changed in this tick's copy).
   */
  private async applyProviderLimits(cd: Canary, provider: string) {
    const analysis = analysisOf(cd);
    if (provider !== 'kubernetes') {
      return;
    }
    if ((analysis.match ?? []).length > 0) {
      await this.p.events.event(cd, 'abTestingNotSupported');
      analysis.match = [];
    }
    if ((analysis.iterations ?? 0) < 1) {
      await this.p.events.event(cd, 'progressiveTrafficNotSupported');
      await this.p.events.event(cd, 'iterationsForced');
      analysis.iterations = 10;
    }
  }

  private async stepCanary(
    cd: Canary,
    canaryWeight: number,
    primaryWeight: number,
  ) {
    const namespace = cd.metadata.namespace!;
    if (canaryWeight < maxWeight(cd)) {
      if (!(await this.p.hooks.run('confirm-traffic-increase', cd))) {
        return;
      }
      const step = nextStepWeight(cd, canaryWeight);
      let p = primaryWeight - step;
      let c = canaryWeight + step;
      if (p < 0) p = 0;
      if (c > 100) c = 100;
      this.p.router.setRoutes(cd, p, c, false);
      await this.p.status.setStatusField(cd, 'canaryWeight', c);
      await this.p.events.event(
        cd,
        'weightAdvanced',
        cd.metadata.name,
        namespace,
        c,
      );
      return;
    }
    if (!(await this.p.hooks.run('confirm-promotion', cd))) {
      return;
    }
    await this.startPromotion(cd);
  }

  private async stepABTesting(cd: Canary) {
    const iterations = analysisOf(cd).iterations;
    const current = cd.status.iterations ?? 0;
    if (iterations > current) {
      this.p.router.setRoutes(cd, 0, 100, false);
      await this.advanceIteration(cd, current, iterations);
      return;
    }
    if (!(await this.p.hooks.run('confirm-promotion', cd))) {
      return;
    }
    if (iterations === current) {
      await this.startPromotion(cd);
    }
  }

  private async stepBlueGreen(cd: Canary, provider: string, mirrored: boolean) {
    const analysis = analysisOf(cd);
    const iterations = analysis.iterations;
    const current = cd.status.iterations ?? 0;
    if (iterations > current) {
      if (provider !== 'kubernetes' && analysis.mirror && !mirrored) {
        this.p.router.setRoutes(cd, 100, 0, true);
      }
      await this.advanceIteration(cd, current, iterations);
      return;
    }
    if (iterations === current) {
      if (provider !== 'kubernetes') {
        await this.p.events.event(
          cd,
          analysis.mirror ? 'mirroringStopped' : 'allTrafficToCanary',
        );
        this.p.router.setRoutes(cd, 0, 100, false);
      }
      await this.p.status.setStatusField(cd, 'iterations', current + 1);
      return;
    }
    if (!(await this.p.hooks.run('confirm-promotion', cd))) {
      return;
    }
    if (iterations < current) {
      await this.startPromotion(cd);
    }
  }

  private async advanceIteration(
    cd: Canary,
    current: number,
    iterations: number,
  ) {
    await this.p.status.setStatusField(cd, 'iterations', current + 1);
    await this.p.events.event(
      cd,
      'iterationAdvanced',
      cd.metadata.name,
      cd.metadata.namespace!,
      current + 1,
      iterations,
    );
  }

  /** Promote: copy the canary's spec into the primary; the next ticks shift traffic back. */
  private async startPromotion(cd: Canary) {
    const namespace = cd.metadata.namespace!;
    await this.p.events.event(
      cd,
      'promotionStarted',
      targetName(cd),
      namespace,
      `${targetName(cd)}-primary`,
      namespace,
    );
    await this.p.deployments.promote(cd);
    await this.p.status.setStatusPhase(cd, 'Promoting');
  }

  /** A tick in Promoting: route traffic to the primary, then Finalising once it has it all. */
  async stepPromotion(cd: Canary, provider: string, primaryWeight: number) {
    const stepPromotion = analysisOf(cd).stepWeightPromotion ?? 0;
    if (stepPromotion === 0 || provider === 'kubernetes') {
      await this.p.events.event(cd, 'allTrafficToPrimary');
      this.p.router.setRoutes(cd, 100, 0, false);
    } else {
      const primary = Math.min(100, primaryWeight + stepPromotion);
      this.p.router.setRoutes(cd, primary, 100 - primary, false);
      await this.p.events.event(
        cd,
        'primaryWeightAdvanced',
        cd.metadata.name,
        cd.metadata.namespace!,
        primary,
      );
      if (primary < 100) {
        return;
      }
    }
    await this.p.status.setStatusPhase(cd, 'Finalising');
  }
}
