/**
 * The metrics observers Flagger implements for its builtin metrics.
 *
 * @public
 */
export type MetricsObserver =
  | 'istio'
  | 'linkerd'
  | 'appmesh'
  | 'kuma'
  | 'nginx'
  | 'contour'
  | 'gloo'
  | 'traefik'
  | 'skipper'
  | 'osm'
  | 'apisix'
  | 'http'
  | 'knative';

/**
 * The builtin query templates of one observer.
 *
 * @public
 */
export type BuiltinQueryTemplates = {
  /** `request-success-rate` (percent 0-100) for the canary. */
  successRate: string;
  /** `request-duration` for the canary. */
  duration: string;
  /** What the duration query computes. */
  durationAggregation: 'p99' | 'mean';
  /** Factor Flagger applies to the duration result to get milliseconds (1000 when it is seconds). */
  durationScale: number;
  /** The same queries for the primary workload (for side-by-side charts), when they can be written. */
  primary?: { successRate: string; duration: string };
  /** Why the primary queries are missing or approximate. */
  primaryNote?: string;
};

type Selector = { canary: string; primary: string };

function ratio(
  metric: string,
  sel: string,
  okFilter: string,
  extraLe = '',
): string {
  return `sum(rate(${metric}{${sel}, ${okFilter}${extraLe}}[{{ interval }}])) / sum(rate(${metric}{${sel}${extraLe}}[{{ interval }}])) * 100`;
}

function p99(metric: string, sel: string, trailingComma = false): string {
  return `histogram_quantile(0.99, sum(rate(${metric}{${sel}${
    trailingComma ? ',' : ''
  }}[{{ interval }}])) by (le))`;
}

function envoyStyle(
  selector: Selector,
  okFilter = 'envoy_response_code!~"5.*"',
): Pick<BuiltinQueryTemplates, 'successRate' | 'duration' | 'primary'> {
  const build = (sel: string) => ({
    successRate: `sum(rate(envoy_cluster_upstream_rq{${sel}, ${okFilter}}[{{ interval }}])) / sum(rate(envoy_cluster_upstream_rq{${sel},}[{{ interval }}])) * 100`,
    duration: p99('envoy_cluster_upstream_rq_time_bucket', sel, true),
  });
  const canary = build(selector.canary);
  return { ...canary, primary: build(selector.primary) };
}

function workloadStyle(
  metric: string,
  durationMetric: string,
  sel: (target: string) => string,
  okFilter: string,
): Pick<BuiltinQueryTemplates, 'successRate' | 'duration' | 'primary'> {
  const build = (target: string) => ({
    successRate: ratio(metric, sel(target), okFilter),
    duration: p99(durationMetric, sel(target)),
  });
  return { ...build('{{ target }}'), primary: build('{{ target }}-primary') };
}

const podSelector = (target: string) =>
  `kubernetes_pod_name=~"${target}-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)"`;

/**
 * Flagger's builtin query templates per observer (`pkg/metrics/observers/*.go`), whitespace
 * collapsed, tokens identical to the source (including the trailing `,}` in some label sets).
 * Canary queries select the canary only: workload-based observers match `{{ target }}` (the
 * primary is `<target>-primary`), service-based ones match the generated `-canary` objects.
 *
 * @public
 */
export const BUILTIN_QUERY_TEMPLATES: Record<
  MetricsObserver,
  BuiltinQueryTemplates
> = {
  istio: {
    ...workloadStyle(
      'istio_requests_total',
      'istio_request_duration_milliseconds_bucket',
      t =>
        `reporter="destination", destination_workload_namespace="{{ namespace }}", destination_workload=~"${t}"`,
      'response_code!~"5.*"',
    ),
    durationAggregation: 'p99',
    durationScale: 1,
  },
  linkerd: {
    ...(() => {
      const sel = (t: string) =>
        `namespace="{{ namespace }}", deployment=~"${t}"`;
      const build = (t: string) => ({
        successRate: `sum(rate(response_total{${sel(
          t,
        )}, classification!="failure", direction="inbound"}[{{ interval }}])) / sum(rate(response_total{${sel(
          t,
        )}, direction="inbound"}[{{ interval }}])) * 100`,
        duration: p99(
          'response_latency_ms_bucket',
          `${sel(t)}, direction="inbound"`,
        ),
      });
      return {
        ...build('{{ target }}'),
        primary: build('{{ target }}-primary'),
      };
    })(),
    durationAggregation: 'p99',
    durationScale: 1,
  },
  appmesh: {
    ...(() => {
      const sel = (t: string) =>
        `kubernetes_namespace="{{ namespace }}", ${podSelector(t)}`;
      const build = (t: string) => ({
        successRate: ratio(
          'envoy_cluster_upstream_rq',
          sel(t),
          'envoy_response_code!~"5.*"',
        ),
        duration: p99('envoy_cluster_upstream_rq_time_bucket', sel(t)),
      });
      return {
        ...build('{{ target }}'),
        primary: build('{{ target }}-primary'),
      };
    })(),
    durationAggregation: 'p99',
    durationScale: 1,
  },
  kuma: {
    ...envoyStyle({
      canary:
        'service=~"{{ target }}-canary_{{ namespace }}_svc_[0-9a-zA-Z-]+"',
      primary:
        'service=~"{{ target }}-primary_{{ namespace }}_svc_[0-9a-zA-Z-]+"',
    }),
    durationAggregation: 'p99',
    durationScale: 1,
  },
  nginx: {
    ...(() => {
      const build = (canaryFilter: string) => {
        const sel = `namespace="{{ namespace }}", ingress="{{ ingress }}", ${canaryFilter}`;
        return {
          successRate: ratio(
            'nginx_ingress_controller_requests',
            sel,
            'status!~"5.*"',
          ),
          duration: `sum(rate(nginx_ingress_controller_response_duration_seconds_sum{${sel}}[{{ interval }}])) / sum(rate(nginx_ingress_controller_response_duration_seconds_count{${sel}}[{{ interval }}])) * 1000`,
        };
      };
      return { ...build('canary!=""'), primary: build('canary=""') };
    })(),
    durationAggregation: 'mean',
    durationScale: 1,
  },
  contour: {
    ...envoyStyle({
      canary:
        'envoy_cluster_name=~"{{ namespace }}_{{ service }}-canary_[0-9a-zA-Z-]+"',
      primary:
        'envoy_cluster_name=~"{{ namespace }}_{{ service }}-primary_[0-9a-zA-Z-]+"',
    }),
    durationAggregation: 'p99',
    durationScale: 1,
  },
  gloo: {
    ...envoyStyle({
      canary:
        'envoy_cluster_name=~"{{ namespace }}-{{ target }}-canaryupstream-[0-9a-zA-Z-]+_[0-9a-zA-Z-]+"',
      primary:
        'envoy_cluster_name=~"{{ namespace }}-{{ target }}-primaryupstream-[0-9a-zA-Z-]+_[0-9a-zA-Z-]+"',
    }),
    durationAggregation: 'p99',
    durationScale: 1,
  },
  traefik: {
    ...(() => {
      const build = (suffix: string) => {
        const sel = `service=~"{{ namespace }}-{{ target }}-${suffix}-[0-9a-zA-Z-]+@kubernetescrd"`;
        return {
          successRate: `sum(rate(traefik_service_request_duration_seconds_bucket{${sel}, code!~"5..", le="+Inf"}[{{ interval }}])) / sum(rate(traefik_service_request_duration_seconds_bucket{${sel}, le="+Inf"}[{{ interval }}])) * 100`,
          duration: `histogram_quantile(0.99, sum(rate(traefik_service_request_duration_seconds_bucket{${sel}}[{{ interval }}])) by (le)) * 1000`,
        };
      };
      return { ...build('canary'), primary: build('primary') };
    })(),
    durationAggregation: 'p99',
    durationScale: 1,
  },
  skipper: {
    ...(() => {
      const build = (route: string) => {
        const prelude = `{{- $route := printf "${route}" namespace ingress service }}`;
        return {
          successRate: `${prelude} sum(rate(skipper_response_duration_seconds_bucket{route=~"{{ $route }}",code!~"5..",le="+Inf"}[{{ interval }}])) / sum(rate(skipper_response_duration_seconds_bucket{route=~"{{ $route }}",le="+Inf"}[{{ interval }}])) * 100`,
          duration: `${prelude} sum(rate(skipper_serve_route_duration_seconds_sum{route=~"{{ $route }}"}[{{ interval }}])) / sum(rate(skipper_serve_route_duration_seconds_count{route=~"{{ $route }}"}[{{ interval }}])) * 1000`,
        };
      };
      return {
        ...build('kube(ew)?_%s__%s_canary__.*__%s_canary(_[0-9]+)?'),
        primary: build('kube(ew)?_%s__%s__.*__%s_primary(_[0-9]+)?'),
      };
    })(),
    durationAggregation: 'mean',
    durationScale: 1,
    primaryNote:
      'The primary route pattern assumes Skipper route ids kube_<ns>__<ingress>__<host>__<path>__<service>_primary.',
  },
  osm: {
    ...workloadStyle(
      'osm_request_total',
      'osm_request_duration_ms_bucket',
      t =>
        `destination_namespace="{{ namespace }}", destination_kind="Deployment", destination_name="${t}"`,
      'response_code!~"5.*"',
    ),
    durationAggregation: 'p99',
    durationScale: 1,
  },
  apisix: {
    ...(() => {
      const build = (suffix: string) => {
        const route = `route=~"{{ namespace }}_{{ route }}-{{ target }}-${suffix}_.+"`;
        return {
          successRate: `sum(rate(apisix_http_status{${route}, code!~"5.."}[{{ interval }}])) / sum(rate(apisix_http_status{${route}}[{{ interval }}])) * 100`,
          duration: `histogram_quantile(0.99, sum(rate(apisix_http_latency_bucket{type=~"request", ${route}}[{{ interval }}])) by (le))`,
        };
      };
      return { ...build('canary'), primary: build('primary') };
    })(),
    durationAggregation: 'p99',
    durationScale: 1,
  },
  http: {
    ...(() => {
      const sel = (t: string) =>
        `kubernetes_namespace="{{ namespace }}", ${podSelector(t)}`;
      const build = (t: string) => ({
        successRate: ratio(
          'http_request_duration_seconds_count',
          sel(t),
          'status!~"5.*"',
        ),
        duration: p99('http_request_duration_seconds_bucket', sel(t)),
      });
      return {
        ...build('{{ target }}'),
        primary: build('{{ target }}-primary'),
      };
    })(),
    durationAggregation: 'p99',
    durationScale: 1000,
  },
  knative: {
    successRate:
      'sum(rate(envoy_cluster_upstream_rq{envoy_cluster_name=~"{{ namespace }}/{{ route }}", envoy_response_code!~"5.*"}[{{ interval }}])) / sum(rate(envoy_cluster_upstream_rq{envoy_cluster_name=~"{{ namespace }}/{{ route }}",}[{{ interval }}])) * 100',
    duration:
      'histogram_quantile(0.99, sum(rate(envoy_cluster_upstream_rq_time_bucket{envoy_cluster_name=~"{{ namespace }}/{{ route }}",}[{{ interval }}])) by (le))',
    durationAggregation: 'p99',
    durationScale: 1,
    primaryNote:
      'Knative queries select the latest created revision; the primary revision name is only known from the Knative Service, so no primary query is rendered.',
  },
};

/**
 * Which observer Flagger uses for builtin metrics (`scheduler_metrics.go` and `observers/factory.go`):
 * `spec.provider`, else the controller's mesh provider (default istio); a global linkerd provider
 * wins; a non-Knative `Service` target gets the `:service` suffix; unknown values use Istio.
 *
 * @public
 */
export function selectMetricsObserver(options: {
  provider?: string;
  meshProvider?: string;
  targetKind?: string;
  targetApiVersion?: string;
}): MetricsObserver {
  const mesh = options.meshProvider ?? 'istio';
  let provider = mesh.includes('crossover') ? 'crossover' : mesh;
  if (options.provider && !mesh.includes('linkerd'))
    provider = options.provider;
  if (
    options.targetKind === 'Service' &&
    !(options.targetApiVersion ?? '').startsWith('serving.knative.dev')
  ) {
    provider = `${provider}:service`;
  }
  if (provider.startsWith('appmesh')) return 'appmesh';
  if (provider === 'linkerd') return 'linkerd';
  if (provider === 'istio') return 'istio';
  if (provider === 'contour') return 'contour';
  if (provider.startsWith('gloo')) return 'gloo';
  if (provider === 'nginx') return 'nginx';
  if (provider === 'kubernetes' || provider.startsWith('gatewayapi'))
    return 'http';
  if (provider === 'skipper') return 'skipper';
  if (provider === 'traefik') return 'traefik';
  if (provider === 'osm') return 'osm';
  if (provider === 'kuma') return 'kuma';
  if (provider === 'apisix') return 'apisix';
  if (provider === 'knative') return 'knative';
  return 'istio';
}
