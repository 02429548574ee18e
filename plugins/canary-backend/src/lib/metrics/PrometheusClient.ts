import { ServiceUnavailableError } from '@backstage/errors';
import { kubeObjectPath } from '@backstage-canary/plugin-canary-common';
import { assertKubeName } from '../cluster/kubeNames';
import type {
  ClusterCallContext,
  ClusterGateway,
} from '../cluster/ClusterGateway';
import type { PrometheusTarget } from './PrometheusLocator';

/** A time series: [unix seconds, value] points. */
export type SeriesPoint = [number, number];

type RangeResponse = {
  status: 'success' | 'error';
  error?: string;
  data?: {
    resultType: string;
    result: Array<{
      metric: Record<string, string>;
      values: Array<[number, string]>;
    }>;
  };
};

/**
 * Runs Prometheus range queries, directly or through the cluster's service proxy (the Kubernetes
 * plugin's proxy to `/api/v1/namespaces/<ns>/services/<name>:<port>/proxy`).
 */
export class PrometheusClient {
  private readonly gateway: ClusterGateway;
  private readonly fetchImpl: typeof fetch;
  private readonly requestTimeoutMs: number;

  constructor(options: {
    gateway: ClusterGateway;
    fetch?: typeof fetch;
    /** How long a direct query may take; default 15 s (proxied ones have the cluster's timeout). */
    requestTimeoutMs?: number;
  }) {
    this.gateway = options.gateway;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 15_000;
    // Resolved per call, so a fetch installed later (instrumentation, test servers) is used.
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  }

  /**
   * The query's values over the range. Flagger's queries return one series; when a query returns
   * several, their values are summed per timestamp.
   */
  async queryRange(
    target: PrometheusTarget,
    query: string,
    range: { start: number; end: number; stepSeconds: number },
    context: ClusterCallContext = {},
  ): Promise<SeriesPoint[]> {
    const params = new URLSearchParams({
      query,
      start: String(range.start),
      end: String(range.end),
      step: String(range.stepSeconds),
    });
    let body: RangeResponse;
    if (target.kind === 'url') {
      const timeout = AbortSignal.timeout(this.requestTimeoutMs);
      const signal = context.signal
        ? AbortSignal.any([context.signal, timeout])
        : timeout;
      const unreachable = (error: unknown) =>
        new ServiceUnavailableError(
          timeout.aborted && !context.signal?.aborted
            ? `Prometheus at ${target.url} did not answer within ${
                this.requestTimeoutMs / 1000
              } s`
            : `Prometheus at ${target.url} could not be reached: ${
                (error as Error).message
              }`,
        );
      const response = await this.fetchImpl(
        `${target.url}/api/v1/query_range?${params}`,
        // A redirect could lead anywhere: only the configured or allowed address is fetched.
        { signal, redirect: 'error' },
      ).catch(error => {
        throw unreachable(error);
      });
      body = (await response.json().catch(error => {
        if (timeout.aborted) throw unreachable(error);
        return { status: 'error', error: `HTTP ${response.status}` };
      })) as RangeResponse;
    } else {
      const namespace = assertKubeName(
        'Prometheus service namespace',
        target.namespace,
      );
      const name = assertKubeName('Prometheus service name', target.name);
      const port = Number(target.port);
      body = await this.gateway.get<RangeResponse>(
        target.cluster,
        `${kubeObjectPath(
          'Service',
          namespace,
          name,
        )}:${port}/proxy/api/v1/query_range?${params}`,
        context,
      );
    }
    if (body.status !== 'success' || !body.data) {
      throw new ServiceUnavailableError(
        `Prometheus rejected the query: ${body.error ?? 'no data'}`,
      );
    }
    const sums = new Map<number, number>();
    for (const series of body.data.result) {
      for (const [time, value] of series.values) {
        const number = Number(value);
        if (!Number.isFinite(number)) continue;
        sums.set(time, (sums.get(time) ?? 0) + number);
      }
    }
    return [...sums.entries()].sort((a, b) => a[0] - b[0]);
  }
}
