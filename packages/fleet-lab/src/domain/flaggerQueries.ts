/*
 * Flagger's builtin metric queries (pkg/metrics/observers/*.go) and how Flagger picks the observer
 * (scheduler_metrics.go, observers/factory.go), written by the lab for its own analysis: the
 * product renders the same queries for its charts from its own table.
 */

/** The two builtin queries of an observer and the factor that turns a duration into ms. */
export type ObserverQueries = {
  successRate: string;
  duration: string;
  durationScale: number;
};

const W = '[{{ interval }}]';
const rate = (metric: string, labels: string) =>
  `sum(rate(${metric}{${labels}}${W}))`;
const ratio = (metric: string, all: string, ok: string) =>
  `${rate(metric, `${all}, ${ok}`)} / ${rate(metric, all)} * 100`;
const p99 = (bucket: string, labels: string) =>
  `histogram_quantile(0.99, ${rate(bucket, labels)} by (le))`;

/** Envoy-based observers select a generated cluster name; their label sets end in a comma. */
const envoy = (label: string, pattern: string): ObserverQueries => ({
  successRate: `${rate(
    'envoy_cluster_upstream_rq',
    `${label}=~"${pattern}", envoy_response_code!~"5.*"`,
  )} / ${rate('envoy_cluster_upstream_rq', `${label}=~"${pattern}",`)} * 100`,
  duration: p99(
    'envoy_cluster_upstream_rq_time_bucket',
    `${label}=~"${pattern}",`,
  ),
  durationScale: 1,
});

const podNames =
  'kubernetes_namespace="{{ namespace }}", kubernetes_pod_name=~"{{ target }}-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)"';
const nginxLabels =
  'namespace="{{ namespace }}", ingress="{{ ingress }}", canary!=""';
const traefikService =
  'service=~"{{ namespace }}-{{ target }}-canary-[0-9a-zA-Z-]+@kubernetescrd"';
const osmLabels =
  'destination_namespace="{{ namespace }}", destination_kind="Deployment", destination_name="{{ target }}"';
const apisixRoute =
  'route=~"{{ namespace }}_{{ route }}-{{ target }}-canary_.+"';
const skipperRoute =
  '{{- $route := printf "kube(ew)?_%s__%s_canary__.*__%s_canary(_[0-9]+)?" namespace ingress service }}';

/** Flagger's observers, by the name its factory matches. */
export const OBSERVER_QUERIES = {
  istio: {
    successRate: ratio(
      'istio_requests_total',
      'reporter="destination", destination_workload_namespace="{{ namespace }}", destination_workload=~"{{ target }}"',
      'response_code!~"5.*"',
    ),
    duration: p99(
      'istio_request_duration_milliseconds_bucket',
      'reporter="destination", destination_workload_namespace="{{ namespace }}", destination_workload=~"{{ target }}"',
    ),
    durationScale: 1,
  },
  linkerd: {
    successRate: `${rate(
      'response_total',
      'namespace="{{ namespace }}", deployment=~"{{ target }}", classification!="failure", direction="inbound"',
    )} / ${rate(
      'response_total',
      'namespace="{{ namespace }}", deployment=~"{{ target }}", direction="inbound"',
    )} * 100`,
    duration: p99(
      'response_latency_ms_bucket',
      'namespace="{{ namespace }}", deployment=~"{{ target }}", direction="inbound"',
    ),
    durationScale: 1,
  },
  appmesh: {
    successRate: ratio(
      'envoy_cluster_upstream_rq',
      podNames,
      'envoy_response_code!~"5.*"',
    ),
    duration: p99('envoy_cluster_upstream_rq_time_bucket', podNames),
    durationScale: 1,
  },
  kuma: envoy(
    'service',
    '{{ target }}-canary_{{ namespace }}_svc_[0-9a-zA-Z-]+',
  ),
  nginx: {
    successRate: ratio(
      'nginx_ingress_controller_requests',
      nginxLabels,
      'status!~"5.*"',
    ),
    duration: `${rate(
      'nginx_ingress_controller_response_duration_seconds_sum',
      nginxLabels,
    )} / ${rate(
      'nginx_ingress_controller_response_duration_seconds_count',
      nginxLabels,
    )} * 1000`,
    durationScale: 1,
  },
  contour: envoy(
    'envoy_cluster_name',
    '{{ namespace }}_{{ service }}-canary_[0-9a-zA-Z-]+',
  ),
  gloo: envoy(
    'envoy_cluster_name',
    '{{ namespace }}-{{ target }}-canaryupstream-[0-9a-zA-Z-]+_[0-9a-zA-Z-]+',
  ),
  traefik: {
    successRate: `${rate(
      'traefik_service_request_duration_seconds_bucket',
      `${traefikService}, code!~"5..", le="+Inf"`,
    )} / ${rate(
      'traefik_service_request_duration_seconds_bucket',
      `${traefikService}, le="+Inf"`,
    )} * 100`,
    duration: `${p99(
      'traefik_service_request_duration_seconds_bucket',
      traefikService,
    )} * 1000`,
    durationScale: 1,
  },
  skipper: {
    successRate: `${skipperRoute}${rate(
      'skipper_response_duration_seconds_bucket',
      'route=~"{{ $route }}",code!~"5..",le="+Inf"',
    )} / ${rate(
      'skipper_response_duration_seconds_bucket',
      'route=~"{{ $route }}",le="+Inf"',
    )} * 100`,
    duration: `${skipperRoute}${rate(
      'skipper_serve_route_duration_seconds_sum',
      'route=~"{{ $route }}"',
    )} / ${rate(
      'skipper_serve_route_duration_seconds_count',
      'route=~"{{ $route }}"',
    )} * 1000`,
    durationScale: 1,
  },
  osm: {
    successRate: ratio('osm_request_total', osmLabels, 'response_code!~"5.*"'),
    duration: p99('osm_request_duration_ms_bucket', osmLabels),
    durationScale: 1,
  },
  apisix: {
    successRate: ratio('apisix_http_status', apisixRoute, 'code!~"5.."'),
    duration: p99(
      'apisix_http_latency_bucket',
      `type=~"request", ${apisixRoute}`,
    ),
    durationScale: 1,
  },
  http: {
    successRate: ratio(
      'http_request_duration_seconds_count',
      podNames,
      'status!~"5.*"',
    ),
    duration: p99('http_request_duration_seconds_bucket', podNames),
    durationScale: 1000,
  },
  knative: envoy('envoy_cluster_name', '{{ namespace }}/{{ route }}'),
} satisfies Record<string, ObserverQueries>;

/** An observer of Flagger's factory. */
export type Observer = keyof typeof OBSERVER_QUERIES;

/** The observer Flagger uses for a canary. */
export function observerFor(options: {
  provider?: string;
  meshProvider: string;
  targetKind?: string;
  targetApiVersion?: string;
}): Observer {
  const mesh = options.meshProvider;
  let provider = mesh.includes('crossover') ? 'crossover' : mesh;
  if (options.provider && !mesh.includes('linkerd')) {
    provider = options.provider;
  }
  if (
    options.targetKind === 'Service' &&
    !options.targetApiVersion?.startsWith('serving.knative.dev')
  ) {
    provider += ':service';
  }
  const prefixes: Array<[string, Observer]> = [
    ['appmesh', 'appmesh'],
    ['gloo', 'gloo'],
    ['gatewayapi', 'http'],
  ];
  const exact: Record<string, Observer> = {
    linkerd: 'linkerd',
    istio: 'istio',
    contour: 'contour',
    nginx: 'nginx',
    kubernetes: 'http',
    skipper: 'skipper',
    traefik: 'traefik',
    osm: 'osm',
    kuma: 'kuma',
    apisix: 'apisix',
    knative: 'knative',
  };
  return (
    prefixes.find(([prefix]) => provider.startsWith(prefix))?.[1] ??
    exact[provider] ??
    'istio'
  );
}
