import type { Canary, CanaryMetric } from '../model/canary';
import { getCanaryAnalysis, isBuiltinMetricName } from '../model/canary';
import type { MetricTemplate, MetricProvider } from '../model/metricTemplate';
import {
  BUILTIN_QUERY_TEMPLATES,
  selectMetricsObserver,
  type MetricsObserver,
} from './builtinQueries';
import {
  renderFlaggerTemplate,
  TemplateRenderError,
  type MetricTemplateModel,
} from './renderFlaggerTemplate';
import { getMetricThreshold, type MetricThreshold } from './metricUnits';
import { queryTellsCanaryFromPrimary, sameQueryWarning } from './sameQuery';

/**
 * Builds Flagger's template model for a canary metric (`toMetricModel`). `interval` is the metric's
 * interval, defaulted to `1m` only for builtin metrics (Flagger does not default it for templates).
 *
 * @public
 */
export function buildMetricTemplateModel(
  canary: Pick<Canary, 'metadata' | 'spec'>,
  metric?: Pick<CanaryMetric, 'name' | 'interval' | 'templateVariables'>,
  options: { knativeRoute?: string; builtin?: boolean } = {},
): MetricTemplateModel {
  const target = canary.spec.targetRef.name;
  const interval =
    metric?.interval ??
    (options.builtin ?? (metric ? isBuiltinMetricName(metric.name) : true)
      ? '1m'
      : '');
  return {
    name: canary.metadata.name ?? target,
    namespace: canary.metadata.namespace ?? 'default',
    target,
    service: canary.spec.service?.name ?? target,
    ingress: canary.spec.ingressRef?.name ?? target,
    route: options.knativeRoute ?? canary.spec.routeRef?.name ?? target,
    interval,
    variables: metric?.templateVariables ?? {},
  };
}

/**
 * The model for the same query against the primary workload: target and service get `-primary`.
 *
 * @public
 */
export function toPrimaryModel(
  model: MetricTemplateModel,
): MetricTemplateModel {
  return {
    ...model,
    target: `${model.target}-primary`,
    service: `${model.service}-primary`,
  };
}

function skipperSafe(model: MetricTemplateModel): MetricTemplateModel {
  const safe = (s: string) => s.replace(/\W/g, '_');
  return {
    ...model,
    name: safe(model.name),
    namespace: safe(model.namespace),
    ingress: safe(model.ingress),
    service: safe(model.service),
    target: safe(model.target),
  };
}

/**
 * One metric of a canary with the queries to chart it.
 *
 * @public
 */
export type CanaryMetricQuery = {
  name: string;
  /** builtin (Flagger's own query), template (MetricTemplate), inline (deprecated `query`). */
  source: 'builtin' | 'template' | 'inline';
  /** The query for the canary, when it could be rendered. */
  query?: string;
  /** The same query for the primary (side-by-side charts), when it can be written. */
  primaryQuery?: string;
  /** The provider to run the query against: Prometheus at `metricsServer` for builtin and inline. */
  provider: Pick<MetricProvider, 'type' | 'address'> & Partial<MetricProvider>;
  threshold: MetricThreshold;
  /** Factor to apply to query results to get the unit of `threshold` (1000 for seconds). */
  scale: number;
  observer?: MetricsObserver;
  /** Why no query (or no primary query) could be rendered. */
  problems: string[];
};

/**
 * Renders every metric of a canary into the canary query and the primary query: builtin metrics
 * from {@link BUILTIN_QUERY_TEMPLATES} for the observer Flagger would use, templated metrics from
 * the given MetricTemplates (namespace defaults to the canary's), inline queries as they are.
 *
 * @public
 */
export function renderCanaryMetricQueries(
  canary: Canary,
  options: {
    templates?: MetricTemplate[];
    meshProvider?: string;
    metricsServer?: string;
    knativeRoute?: string;
  } = {},
): CanaryMetricQuery[] {
  const metrics = getCanaryAnalysis(canary)?.metrics ?? [];
  const namespace = canary.metadata.namespace ?? 'default';
  const metricsServer =
    canary.spec.metricsServer ??
    options.metricsServer ??
    'http://prometheus:9090';
  const observer = selectMetricsObserver({
    provider: canary.spec.provider,
    meshProvider: options.meshProvider,
    targetKind: canary.spec.targetRef.kind,
    targetApiVersion: canary.spec.targetRef.apiVersion,
  });
  return metrics.map(metric => {
    const threshold = getMetricThreshold(metric);
    const problems: string[] = [];
    const render = (template: string, model: MetricTemplateModel) => {
      try {
        return renderFlaggerTemplate(template, model);
      } catch (e) {
        if (e instanceof TemplateRenderError) {
          problems.push(
            `Query of metric ${metric.name} cannot be rendered: ${e.message}`,
          );
          return undefined;
        }
        throw e;
      }
    };
    if (metric.templateRef) {
      const ref = {
        name: metric.templateRef.name,
        namespace: metric.templateRef.namespace ?? namespace,
      };
      const template = options.templates?.find(
        t =>
          t.metadata.name === ref.name &&
          (t.metadata.namespace ?? namespace) === ref.namespace,
      );
      if (!metric.interval) {
        problems.push(
          `Metric ${metric.name} has no interval: Flagger renders {{ interval }} empty for templated metrics.`,
        );
      }
      if (!template) {
        problems.push(
          `MetricTemplate ${ref.namespace}/${ref.name} was not found.`,
        );
        return {
          name: metric.name,
          source: 'template',
          provider: { type: 'prometheus' },
          threshold,
          scale: 1,
          problems,
        };
      }
      const model = buildMetricTemplateModel(canary, metric, {
        knativeRoute: options.knativeRoute,
        builtin: false,
      });
      const query = render(template.spec.query, model);
      if (!queryTellsCanaryFromPrimary(template.spec.query))
        problems.push(
          sameQueryWarning(
            `MetricTemplate ${ref.namespace}/${ref.name} (metric ${metric.name})`,
          ),
        );
      const primaryQuery =
        query === undefined
          ? undefined
          : render(template.spec.query, toPrimaryModel(model));
      return {
        name: metric.name,
        source: 'template',
        ...(query !== undefined ? { query } : {}),
        ...(primaryQuery !== undefined ? { primaryQuery } : {}),
        provider: template.spec.provider,
        threshold,
        scale: 1,
        problems,
      };
    }
    if (metric.query) {
      const model = buildMetricTemplateModel(canary, metric, {
        builtin: false,
      });
      const query = render(metric.query, model);
      if (!queryTellsCanaryFromPrimary(metric.query))
        problems.push(sameQueryWarning(`The query of metric ${metric.name}`));
      const primaryQuery =
        query === undefined
          ? undefined
          : render(metric.query, toPrimaryModel(model));
      return {
        name: metric.name,
        source: 'inline',
        ...(query !== undefined ? { query } : {}),
        ...(primaryQuery !== undefined ? { primaryQuery } : {}),
        provider: { type: 'prometheus', address: metricsServer },
        threshold,
        scale: 1,
        problems,
      };
    }
    if (!isBuiltinMetricName(metric.name)) {
      problems.push(
        `Metric ${metric.name} is not builtin and has neither templateRef nor query: Flagger reports "no usable metrics template and query were configured".`,
      );
      return {
        name: metric.name,
        source: 'builtin',
        provider: { type: 'prometheus', address: metricsServer },
        threshold,
        scale: 1,
        problems,
      };
    }
    const templates = BUILTIN_QUERY_TEMPLATES[observer];
    const key =
      metric.name === 'request-success-rate' ? 'successRate' : 'duration';
    let model = buildMetricTemplateModel(canary, metric, {
      knativeRoute: options.knativeRoute,
      builtin: true,
    });
    if (observer === 'skipper') model = skipperSafe(model);
    const query = render(templates[key], model);
    let primaryQuery: string | undefined;
    if (templates.primary) {
      primaryQuery = render(templates.primary[key], model);
    } else if (templates.primaryNote) {
      problems.push(templates.primaryNote);
    }
    return {
      name: metric.name,
      source: 'builtin',
      ...(query !== undefined ? { query } : {}),
      ...(primaryQuery !== undefined ? { primaryQuery } : {}),
      provider: { type: 'prometheus', address: metricsServer },
      threshold,
      scale: key === 'duration' ? templates.durationScale : 1,
      observer,
      problems,
    };
  });
}

/**
 * Renders a MetricTemplate's query for a canary metric (and for the primary).
 *
 * @public
 */
export function renderMetricTemplateQuery(
  template: MetricTemplate,
  canary: Pick<Canary, 'metadata' | 'spec'>,
  metric: Pick<CanaryMetric, 'name' | 'interval' | 'templateVariables'>,
): { query: string; primaryQuery: string } {
  const model = buildMetricTemplateModel(canary, metric, { builtin: false });
  return {
    query: renderFlaggerTemplate(template.spec.query, model),
    primaryQuery: renderFlaggerTemplate(
      template.spec.query,
      toPrimaryModel(model),
    ),
  };
}
