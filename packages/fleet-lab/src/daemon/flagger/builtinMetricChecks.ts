import type { ObserverQueries } from '../../domain/flaggerQueries';
import { type QueryModel, renderQuery } from '../../domain/goTemplate';
import type { CanaryEvents } from './CanaryEvents';
import { targetName } from './canarySpec';
import {
  type Canary,
  NoValuesFoundError,
  type SchedulerDeps,
} from './schedulerTypes';

/** What a builtin check needs: the Prometheus query, Flagger's metrics and the event sink. */
export type BuiltinCheckContext = {
  deps: Pick<SchedulerDeps, 'query' | 'metrics'>;
  events: CanaryEvents;
};

/** The metric names Flagger answers with its observer's own queries. */
export const BUILTIN_METRICS = ['request-success-rate', 'request-duration'];

/**
 * Builtin `request-success-rate` (scheduler_metrics.go runBuiltinMetricChecks): the observer's
 * success-rate query in percent. With `thresholdRange` out of [min, max] fails; else below
 * `threshold` fails. Resolves false (after its Halt event) when the check fails.
 */
export async function checkSuccessRate(
  t: BuiltinCheckContext,
  cd: Canary,
  metric: any,
  queries: ObserverQueries,
  model: QueryModel,
  providerName: string,
): Promise<boolean> {
  const ns = cd.metadata.namespace!;
  let value: number;
  try {
    value = await t.deps.query(
      cd.spec.metricsServer,
      renderQuery(queries.successRate, model),
    );
  } catch (error) {
    if (error instanceof NoValuesFoundError) {
      await t.events.event(
        cd,
        'builtinNoValuesWithError',
        providerName,
        metric.name,
        targetName(cd),
        ns,
        error.message,
      );
    } else {
      await t.events.event(
        cd,
        'prometheusQueryFailed',
        (error as Error).message,
      );
    }
    return false;
  }
  t.deps.metrics.analysis.set(
    { name: targetName(cd), namespace: ns, metric: metric.name },
    value,
  );
  const range = metric.thresholdRange;
  if (range) {
    if (range.min !== undefined && value < range.min) {
      await t.events.event(
        cd,
        'successRateBelow',
        cd.metadata.name,
        ns,
        value,
        range.min,
      );
      return false;
    }
    if (range.max !== undefined && value > range.max) {
      await t.events.event(
        cd,
        'successRateAbove',
        cd.metadata.name,
        ns,
        value,
        range.max,
      );
      return false;
    }
  } else if ((metric.threshold ?? 0) > value) {
    await t.events.event(
      cd,
      'successRateBelow',
      cd.metadata.name,
      ns,
      value,
      metric.threshold,
    );
    return false;
  }
  return true;
}

/**
 * Builtin `request-duration`: the observer's latency query, in whole milliseconds (Flagger
 * truncates to a time.Duration). With `thresholdRange` out of [min, max] fails; else above a
 * positive `threshold` fails. Resolves false (after its Halt event) when the check fails.
 */
export async function checkRequestDuration(
  t: BuiltinCheckContext,
  cd: Canary,
  metric: any,
  queries: ObserverQueries,
  model: QueryModel,
  providerName: string,
): Promise<boolean> {
  const ns = cd.metadata.namespace!;
  let ms: number;
  try {
    const raw = await t.deps.query(
      cd.spec.metricsServer,
      renderQuery(queries.duration, model),
    );
    ms = Math.trunc(raw * queries.durationScale);
  } catch (error) {
    if (error instanceof NoValuesFoundError) {
      await t.events.event(
        cd,
        'builtinNoValues',
        providerName,
        metric.name,
        targetName(cd),
        ns,
      );
    } else {
      await t.events.event(
        cd,
        'prometheusQueryFailed',
        (error as Error).message,
      );
    }
    return false;
  }
  t.deps.metrics.analysis.set(
    { name: targetName(cd), namespace: ns, metric: metric.name },
    ms / 1000,
  );
  const range = metric.thresholdRange;
  if (range) {
    if (range.min !== undefined && ms < range.min) {
      await t.events.event(
        cd,
        'requestDurationBelow',
        cd.metadata.name,
        ns,
        ms,
        range.min,
      );
      return false;
    }
    if (range.max !== undefined && ms > range.max) {
      await t.events.event(
        cd,
        'requestDurationAbove',
        cd.metadata.name,
        ns,
        ms,
        range.max,
      );
      return false;
    }
  } else if ((metric.threshold ?? 0) > 0 && ms > metric.threshold) {
    await t.events.event(
      cd,
      'requestDurationAbove',
      cd.metadata.name,
      ns,
      ms,
      metric.threshold,
    );
    return false;
  }
  return true;
}
