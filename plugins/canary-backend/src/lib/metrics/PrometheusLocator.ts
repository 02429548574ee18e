import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  isKubeName,
  KUBE_NAME_RULE,
  quoteForMessage,
} from '../cluster/kubeNames';

/** How to reach a Prometheus: directly, or through a cluster's service proxy. */
export type PrometheusTarget =
  | { kind: 'url'; url: string }
  | {
      kind: 'service';
      cluster: string;
      namespace: string;
      name: string;
      port: number;
    };

/** Where a metric is queried, or why it is not. */
export type PrometheusLocation =
  | { target: PrometheusTarget; problem?: undefined }
  | { target?: undefined; problem: string };

const ALLOWED_URLS_KEY = 'canary.prometheus.allowedUrls';

/**
 * Decides where a cluster's metrics are queried. The backend only reaches a Prometheus an
 * administrator named: the one configured for the cluster (`canary.prometheus.clusters.<cluster>`,
 * a URL or an in-cluster service), or else the address the metric names (a canary's metricsServer,
 * a MetricTemplate's provider address) when it lies under one of `canary.prometheus.allowedUrls`.
 * An allowed in-cluster address (`http://<service>.<namespace>[.svc...]:<port>`) is reached through
 * the cluster's service proxy. Any other address is never fetched; the metric says why.
 */
export class PrometheusLocator {
  private readonly clusters: Map<string, PrometheusTarget>;
  private readonly allowedUrls: URL[];

  constructor(
    options: {
      clusters?: Map<string, PrometheusTarget>;
      allowedUrls?: string[];
    } = {},
  ) {
    this.clusters = options.clusters ?? new Map();
    this.allowedUrls = (options.allowedUrls ?? []).map((url, index) =>
      readPrometheusUrl(`${ALLOWED_URLS_KEY}[${index}]`, url),
    );
  }

  static fromConfig(config: Config): PrometheusLocator {
    const clusters = new Map<string, PrometheusTarget>();
    const section = config.getOptionalConfig('canary.prometheus.clusters');
    for (const cluster of section?.keys() ?? []) {
      const key = `canary.prometheus.clusters.${cluster}`;
      const entry = section!.getConfig(cluster);
      const url = entry.getOptionalString('url');
      const service = entry.getOptionalConfig('service');
      if (url) {
        clusters.set(cluster, {
          kind: 'url',
          url: withoutTrailingSlash(readPrometheusUrl(`${key}.url`, url)),
        });
      } else if (service) {
        clusters.set(cluster, {
          kind: 'service',
          cluster,
          namespace: readName(
            `${key}.service.namespace`,
            service.getString('namespace'),
          ),
          name: readName(`${key}.service.name`, service.getString('name')),
          port: readPort(`${key}.service.port`, service.getNumber('port')),
        });
      } else {
        throw new InputError(
          `${key} needs a url or a service { namespace, name, port }`,
        );
      }
    }
    return new PrometheusLocator({
      clusters,
      allowedUrls: config.getOptionalStringArray(ALLOWED_URLS_KEY) ?? [],
    });
  }

  /** Where to query the metrics of a canary on `cluster` whose provider names `address`. */
  locate(cluster: string, address: string | undefined): PrometheusLocation {
    const configured = this.clusters.get(cluster);
    if (configured) return { target: configured };
    const setCluster = `set canary.prometheus.clusters.${cluster}`;
    if (!address) {
      return {
        problem: `No Prometheus is configured for cluster ${cluster}: ${setCluster}`,
      };
    }
    const url = this.allowed(address);
    if (!url) {
      return {
        problem: `Prometheus address ${quoteForMessage(
          address,
        )} of this metric is not queried: it is not the Prometheus configured for cluster ${cluster} and not under ${ALLOWED_URLS_KEY}: ${setCluster}, or add the address to ${ALLOWED_URLS_KEY}`,
      };
    }
    return { target: toTarget(cluster, url) };
  }

  /** The address, parsed, when it lies under an allowed URL (same origin, path below). */
  private allowed(address: string): URL | undefined {
    let url: URL;
    try {
      url = readPrometheusUrl('address', address);
    } catch {
      return undefined;
    }
    return this.allowedUrls.some(
      prefix =>
        prefix.origin === url.origin && isUnder(url.pathname, prefix.pathname),
    )
      ? url
      : undefined;
  }
}

/** An allowed URL as a target: in-cluster names through the service proxy, others directly. */
function toTarget(cluster: string, url: URL): PrometheusTarget {
  const labels = url.hostname.split('.');
  const inCluster =
    (labels.length === 2 || labels[2] === 'svc') &&
    isKubeName(labels[0]) &&
    isKubeName(labels[1]);
  if (!inCluster) return { kind: 'url', url: withoutTrailingSlash(url) };
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  return {
    kind: 'service',
    cluster,
    namespace: labels[1],
    name: labels[0],
    port,
  };
}

/** A Prometheus URL: http or https, without credentials, query or fragment. */
function readPrometheusUrl(key: string, value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(
      `${key} must be an http or https URL, got ${quoteForMessage(value)}`,
    );
  }
  if (!['http:', 'https:'].includes(url.protocol)) {
    throw new InputError(
      `${key} must be an http or https URL, got ${quoteForMessage(value)}`,
    );
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new InputError(
      `${key} must be a URL without credentials, query or fragment, got ${quoteForMessage(
        value,
      )}`,
    );
  }
  return url;
}

function readName(key: string, value: string): string {
  if (!isKubeName(value)) {
    throw new InputError(
      `${key} must be a Kubernetes name (${KUBE_NAME_RULE}), got ${quoteForMessage(
        value,
      )}`,
    );
  }
  return value;
}

function readPort(key: string, value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw new InputError(
      `${key} must be a port number from 1 to 65535, got ${value}`,
    );
  }
  return value;
}

function isUnder(path: string, prefix: string): boolean {
  const base = prefix.replace(/\/+$/, '');
  return !base || path === base || path.startsWith(`${base}/`);
}

function withoutTrailingSlash(url: URL): string {
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
