import { OBSERVER_QUERIES, observerFor } from '../../domain/flaggerQueries';
import { parseGoDuration } from '../../domain/goFormat';
import {
  type QueryModel,
  renderQuery,
  TemplateError,
} from '../../domain/goTemplate';
import { type KubeObject, isNotFound } from '../../lib/KubeClient';
import {
  BUILTIN_METRICS,
  checkRequestDuration,
  checkSuccessRate,
} from './builtinMetricChecks';
import type { CanaryEvents } from './CanaryEvents';
import { analysisOf, serviceName, targetName } from './canarySpec';
import {
  type Canary,
  FLAGGER_GROUP_VERSION,
  NoValuesFoundError,
  type SchedulerDeps,
} from './schedulerTypes';

/**
 * The metric checks of an analysis tick (pkg/controller/scheduler_metrics.go): the builtin and
 * inline-query metrics, then the MetricTemplate ones, each resolving false after the Halt event
 * of the first failing metric. Only Prometheus is simulated; query windows shrink with the lab's
 * time scale.
 */
export class MetricChecks {
  constructor(
    private readonly deps: Pick<
      SchedulerDeps,
      'query' | 'client' | 'metrics' | 'meshProvider' | 'timeScale'
    >,
    private readonly events: CanaryEvents,
  ) {}

  /** Runs `vector(1)` against each metrics server the canary uses (checkMetricProviderAvailability). */
  async checkProviders(cd: Canary) {
    try {
      await this.deps.query(cd.spec.metricsServer, 'vector(1)');
      for (const metric of analysisOf(cd).metrics ?? []) {
        if (metric.templateRef) {
          const namespace =
            metric.templateRef.namespace || cd.metadata.namespace!;
          const template = await this.deps.client.getOrUndefined<KubeObject>({
            apiVersion: FLAGGER_GROUP_VERSION,
            kind: 'MetricTemplate',
            namespace,
            name: metric.templateRef.name,
          });
          if (
            template &&
            (template.spec?.provider?.type ?? 'prometheus') === 'prometheus'
          ) {
            await this.deps.query(template.spec.provider?.address, 'vector(1)');
          }
        }
      }
      await this.events.event(cd, 'metricProvidersAvailable');
    } catch (error) {
      await this.events.event(
        cd,
        'metricProvidersError',
        (error as Error).message,
      );
    }
  }

  /** runBuiltinMetricChecks: request-success-rate, request-duration and inline `query` metrics. */
  async runBuiltinChecks(cd: Canary): Promise<boolean> {
    const observer = observerFor({
      provider: cd.spec.provider,
      meshProvider: this.deps.meshProvider,
      targetKind: cd.spec.targetRef.kind,
      targetApiVersion: cd.spec.targetRef.apiVersion,
    });
    const providerName = cd.spec.provider || this.deps.meshProvider;
    const queries = OBSERVER_QUERIES[observer];
    const builtin = { deps: this.deps, events: this.events };
    for (const metric of analysisOf(cd).metrics ?? []) {
      const interval = metric.interval || '1m';
      const model = this.model(cd, interval, metric.templateVariables);
      if (
        metric.name === 'request-success-rate' &&
        !(await checkSuccessRate(
          builtin,
          cd,
          metric,
          queries,
          model,
          providerName,
        ))
      ) {
        return false;
      }
      if (
        metric.name === 'request-duration' &&
        !(await checkRequestDuration(
          builtin,
          cd,
          metric,
          queries,
          model,
          providerName,
        ))
      ) {
        return false;
      }
      if (
        metric.query &&
        !metric.templateRef &&
        !BUILTIN_METRICS.includes(metric.name) &&
        !(await this.checkInline(cd, metric, model))
      ) {
        return false;
      }
    }
    return true;
  }

  /** runMetricChecks: metrics with a `templateRef` (a metric with neither builtin name nor query is unusable). */
  async runTemplatedChecks(cd: Canary): Promise<boolean> {
    for (const metric of analysisOf(cd).metrics ?? []) {
      if (!metric.templateRef) {
        if (!BUILTIN_METRICS.includes(metric.name) && !metric.query) {
          await this.events.event(cd, 'noUsableMetric');
          return false;
        }
        continue;
      }
      if (!(await this.checkTemplated(cd, metric))) {
        return false;
      }
    }
    return true;
  }

  /** An inline `query` metric, run on the canary's metrics server. */
  private async checkInline(
    cd: Canary,
    metric: any,
    model: QueryModel,
  ): Promise<boolean> {
    let value: number;
    try {
      value = await this.deps.query(
        cd.spec.metricsServer,
        renderQuery(metric.query, model),
      );
    } catch (error) {
      if (error instanceof NoValuesFoundError) {
        await this.events.event(cd, 'inlineNoValues', metric.name);
      } else {
        await this.events.event(
          cd,
          'prometheusQueryFailedFor',
          metric.name,
          (error as Error).message,
        );
      }
      return false;
    }
    return this.checkRange(cd, metric, value);
  }

  /** A MetricTemplate metric: read the template, render its query, run it on its provider. */
  private async checkTemplated(cd: Canary, metric: any): Promise<boolean> {
    const namespace = metric.templateRef.namespace || cd.metadata.namespace!;
    let template: KubeObject;
    try {
      template = await this.deps.client.get({
        apiVersion: FLAGGER_GROUP_VERSION,
        kind: 'MetricTemplate',
        namespace,
        name: metric.templateRef.name,
      });
    } catch (error) {
      const message = isNotFound(error)
        ? `metrictemplate.flagger.app "${metric.templateRef.name}" not found`
        : (error as Error).message;
      await this.events.event(
        cd,
        'metricTemplateError',
        metric.templateRef.name,
        namespace,
        message,
      );
      return false;
    }
    const type = template.spec?.provider?.type ?? 'prometheus';
    if (type !== 'prometheus') {
      await this.events.event(
        cd,
        'metricTemplateProviderError',
        metric.templateRef.name,
        namespace,
        type,
        `the fleet lab only runs Prometheus; provider ${type} is not simulated`,
      );
      return false;
    }
    let query: string;
    try {
      query = renderQuery(
        template.spec.query ?? '',
        this.model(cd, metric.interval ?? '', metric.templateVariables),
      );
    } catch (error) {
      if (error instanceof TemplateError) {
        await this.events.event(
          cd,
          'metricTemplateRenderError',
          metric.templateRef.name,
          namespace,
          error.message,
        );
        return false;
      }
      throw error;
    }
    let value: number;
    try {
      value = await this.deps.query(template.spec.provider?.address, query);
    } catch (error) {
      if (error instanceof NoValuesFoundError) {
        await this.events.event(
          cd,
          'customNoValues',
          metric.name,
          error.message,
        );
      } else {
        await this.events.event(
          cd,
          'metricQueryFailed',
          metric.name,
          (error as Error).message,
        );
      }
      return false;
    }
    this.deps.metrics.analysis.set(
      {
        name: targetName(cd),
        namespace: cd.metadata.namespace!,
        metric: metric.name,
      },
      value,
    );
    return this.checkRange(cd, metric, value);
  }

  /** An inline or templated value against `thresholdRange`, else below `threshold` fails. */
  private async checkRange(
    cd: Canary,
    metric: any,
    value: number,
  ): Promise<boolean> {
    const ns = cd.metadata.namespace!;
    const range = metric.thresholdRange;
    if (range) {
      if (range.min !== undefined && value < range.min) {
        await this.events.event(
          cd,
          'metricBelow',
          cd.metadata.name,
          ns,
          metric.name,
          value,
          range.min,
        );
        return false;
      }
      if (range.max !== undefined && value > range.max) {
        await this.events.event(
          cd,
          'metricAbove',
          cd.metadata.name,
          ns,
          metric.name,
          value,
          range.max,
        );
        return false;
      }
    } else if ((metric.threshold ?? 0) > value) {
      await this.events.event(
        cd,
        'metricBelow',
        cd.metadata.name,
        ns,
        metric.name,
        value,
        metric.threshold,
      );
      return false;
    }
    return true;
  }

  /** The Go template model of a query: the canary's names and the metric's window. */
  private model(
    cd: Canary,
    interval: string,
    variables?: Record<string, string>,
  ): QueryModel {
    return {
      name: cd.metadata.name,
      namespace: cd.metadata.namespace!,
      target: targetName(cd),
      service: serviceName(cd),
      ingress: cd.spec.ingressRef?.name ?? targetName(cd),
      route: cd.spec.routeRef?.name ?? targetName(cd),
      interval: this.scaledInterval(interval),
      variables: variables ?? {},
    };
  }

  /** `{{ interval }}` shrinks with the time scale so a window still spans the same analysis ticks. */
  private scaledInterval(interval: string): string {
    if (this.deps.timeScale === 1 || !interval) {
      return interval;
    }
    const ms = parseGoDuration(interval);
    if (ms === undefined) {
      return interval;
    }
    return `${Math.max(5, Math.round(ms / this.deps.timeScale / 1000))}s`;
  }
}
