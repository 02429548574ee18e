import { InputError, NotFoundError } from '@backstage/errors';
import {
  type Canary,
  type MetricSeries,
  type MetricsQuery,
  type MetricTemplate,
  renderCanaryMetricQueries,
  type RolloutMetricsResponse,
  type RolloutRun,
  getCanaryAnalysis,
  getAnalysisIntervalMs,
  kubeObjectPath,
} from '@backstage-canary/plugin-canary-common';
import type {
  ClusterCallContext,
  ClusterGateway,
} from '../cluster/ClusterGateway';
import {
  isKubeName,
  KUBE_NAME_RULE,
  quoteForMessage,
} from '../cluster/kubeNames';
import type { FoundRollout } from '../resolve/RolloutTarget';
import type { RolloutStore } from '../store/RolloutStore';
import type { PrometheusClient } from './PrometheusClient';
import type { PrometheusLocator } from './PrometheusLocator';

const MAX_POINTS = 11_000; // Prometheus refuses more points per series.
const DEFAULT_RANGE_SECONDS = 60 * 60;
/** Seconds charted before a run's start and after its end, so that its edges show. */
const RUN_CHART_MARGIN_SECONDS = 60;

/**
 * Reads the analysis metrics of a canary over a time range: each metric's canary and primary
 * series from Prometheus (rendered with Flagger's own query templates), its threshold in the same
 * unit, and the checks that failed from the recorded events: those of the run asked for, else
 * those within the range. A metric that cannot be queried carries its problem; the others still
 * answer.
 */
export class RolloutMetricsReader {
  private readonly gateway: ClusterGateway;
  private readonly prometheus: PrometheusClient;
  private readonly locator: PrometheusLocator;
  private readonly store: RolloutStore;

  constructor(options: {
    gateway: ClusterGateway;
    prometheus: PrometheusClient;
    locator: PrometheusLocator;
    store: RolloutStore;
  }) {
    this.gateway = options.gateway;
    this.prometheus = options.prometheus;
    this.locator = options.locator;
    this.store = options.store;
  }

  async read(
    rollout: FoundRollout,
    query: MetricsQuery,
    context: ClusterCallContext = {},
  ): Promise<RolloutMetricsResponse> {
    const canary = rollout.canary;
    if (!canary) {
      throw new InputError(
        `Canary ${rollout.namespace}/${rollout.name} does not exist on cluster ${rollout.cluster}`,
      );
    }
    const run =
      query.runId === undefined
        ? undefined
        : await this.runOf(rollout, query.runId);
    const resolved = resolveRange(canary, query, run);
    const templates = await this.readTemplates(
      rollout.cluster,
      canary,
      context,
    );
    const queries = renderCanaryMetricQueries(canary, { templates });
    const halts = await this.store.haltedChecks(
      rollout,
      run
        ? { runId: run.id }
        : {
            from: new Date(resolved.start * 1000),
            to: new Date(resolved.end * 1000),
          },
    );

    const metrics = await Promise.all(
      queries.map(async (rendered): Promise<MetricSeries> => {
        const series: MetricSeries = {
          name: rendered.name,
          source: rendered.source,
          threshold: rendered.threshold,
          query: rendered.query,
          primaryQuery: rendered.primaryQuery,
          canary: [],
          primary: [],
          failedChecks: halts
            .filter(
              halt =>
                'metric' in halt.entry && halt.entry.metric === rendered.name,
            )
            .map(halt => ({
              at: halt.at,
              value: 'value' in halt.entry ? halt.entry.value : undefined,
              threshold:
                'threshold' in halt.entry ? halt.entry.threshold : undefined,
              comparison:
                'comparison' in halt.entry ? halt.entry.comparison : undefined,
              message: halt.entry.message,
            })),
          problems: [
            ...rendered.problems,
            ...badTemplateRefs(canary, rendered.name),
          ],
        };
        if (rendered.provider.type !== 'prometheus') {
          series.problems.push(
            `Metrics from ${rendered.provider.type} are not charted; only Prometheus queries are`,
          );
          return series;
        }
        // Only the cluster's configured Prometheus or an allowed address is ever fetched.
        const location = this.locator.locate(
          rollout.cluster,
          rendered.provider.address,
        );
        if (!location.target) {
          series.problems.push(location.problem);
          return series;
        }
        const target = location.target;
        const seriesOf = async (
          promql: string | undefined,
        ): Promise<Array<[number, number]>> => {
          if (!promql) return [];
          const points = await this.prometheus.queryRange(
            target,
            promql,
            resolved,
            context,
          );
          return points.map(([time, value]) => [time, value * rendered.scale]);
        };
        try {
          [series.canary, series.primary] = await Promise.all([
            seriesOf(rendered.query),
            seriesOf(rendered.primaryQuery),
          ]);
        } catch (error) {
          series.problems.push((error as Error).message);
        }
        return series;
      }),
    );
    return { range: resolved, metrics };
  }

  /** A run of the canary; 404 naming it when it is not one. */
  private async runOf(
    rollout: FoundRollout,
    runId: number,
  ): Promise<RolloutRun> {
    const run = await this.store.findRun(rollout, runId);
    if (!run) {
      throw new NotFoundError(
        `Run ${runId} is not a run of canary ${rollout.namespace}/${rollout.name} on cluster ${rollout.cluster}`,
      );
    }
    return run;
  }

  private async readTemplates(
    cluster: string,
    canary: Canary,
    context: ClusterCallContext,
  ): Promise<MetricTemplate[]> {
    const refs = (getCanaryAnalysis(canary)?.metrics ?? [])
      .map(metric => metric.templateRef)
      .filter((ref): ref is NonNullable<typeof ref> => Boolean(ref?.name));
    const templates = await Promise.all(
      refs.map(ref => {
        const namespace = ref.namespace ?? canary.metadata.namespace;
        // Names from the cluster object: a reference that is not a name is not looked up (the
        // metric then says which reference is wrong).
        if (!isKubeName(namespace) || !isKubeName(ref.name)) {
          return undefined;
        }
        return this.gateway
          .get<MetricTemplate>(
            cluster,
            kubeObjectPath('MetricTemplate', namespace, ref.name),
            context,
          )
          .catch(() => undefined);
      }),
    );
    return templates.filter((t): t is MetricTemplate => Boolean(t));
  }
}

/**
 * The range asked for, at the analysis interval unless a step is asked for, within limits. What is
 * not asked for is the run's chart window, or else the hour before the end (default now).
 */
function resolveRange(
  canary: Canary,
  range: MetricsQuery,
  run: RolloutRun | undefined,
) {
  const defaults = run ? runChartWindow(run) : hourBefore(range.end);
  const end = range.end ?? defaults.end;
  const start = range.start ?? defaults.start;
  if (start >= end) {
    throw new InputError(
      `The range's start must be before its end, got start=${start} and end=${end} (end defaults to now, or to the end of the run asked for)`,
    );
  }
  const interval = Math.round(
    getAnalysisIntervalMs(getCanaryAnalysis(canary)) / 1000,
  );
  const stepSeconds = Math.max(
    range.stepSeconds ?? interval,
    Math.ceil((end - start) / MAX_POINTS),
  );
  return { start, end, stepSeconds };
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** The hour up to `end`, or up to now. */
function hourBefore(end = nowSeconds()) {
  return { start: end - DEFAULT_RANGE_SECONDS, end };
}

/** A run's start to its end (now while it runs), with a margin on either side for the chart. */
function runChartWindow(run: RolloutRun) {
  const startedAt = Math.floor(Date.parse(run.startedAt) / 1000);
  return {
    start: startedAt - RUN_CHART_MARGIN_SECONDS,
    end: run.endedAt
      ? Math.ceil(Date.parse(run.endedAt) / 1000) + RUN_CHART_MARGIN_SECONDS
      : nowSeconds(),
  };
}

/** What is wrong with a metric's templateRef, when its names are not Kubernetes names. */
function badTemplateRefs(canary: Canary, metricName: string): string[] {
  const ref = getCanaryAnalysis(canary)?.metrics?.find(
    metric => metric.name === metricName,
  )?.templateRef;
  if (!ref?.name) return [];
  const problems: string[] = [];
  const namespace = ref.namespace ?? canary.metadata.namespace;
  if (!isKubeName(namespace)) {
    problems.push(
      `templateRef.namespace of metric ${metricName} must be a Kubernetes name (${KUBE_NAME_RULE}), got ${quoteForMessage(
        namespace,
      )}: the MetricTemplate is not looked up`,
    );
  }
  if (!isKubeName(ref.name)) {
    problems.push(
      `templateRef.name of metric ${metricName} must be a Kubernetes name (${KUBE_NAME_RULE}), got ${quoteForMessage(
        ref.name,
      )}: the MetricTemplate is not looked up`,
    );
  }
  return problems;
}
