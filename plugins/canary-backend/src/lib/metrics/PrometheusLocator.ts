import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

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

/**
 * Decides where a cluster's metrics are queried: a configured URL, a configured in-cluster service,
 * or the in-cluster address the metric itself names (`http://<service>.<namespace>[.svc...]:<port>`),
 * reached through the cluster's service proxy.
 */
export class PrometheusLocator {
  private readonly clusters: Map<string, PrometheusTarget>;

  constructor(clusters: Map<string, PrometheusTarget> = new Map()) {
    this.clusters = clusters;
  }

  static fromConfig(config: Config): PrometheusLocator {
    const clusters = new Map<string, PrometheusTarget>();
    const section = config.getOptionalConfig('canary.prometheus.clusters');
    for (const cluster of section?.keys() ?? []) {
      const entry = section!.getConfig(cluster);
      const url = entry.getOptionalString('url');
      const service = entry.getOptionalConfig('service');
      if (url) {
        clusters.set(cluster, { kind: 'url', url: url.replace(/\/+$/, '') });
      } else if (service) {
        clusters.set(cluster, {
          kind: 'service',
          cluster,
          namespace: service.getString('namespace'),
          name: service.getString('name'),
          port: service.getNumber('port'),
        });
      } else {
        throw new InputError(
          `canary.prometheus.clusters.${cluster} needs a url or a service { namespace, name, port }`,
        );
      }
    }
    return new PrometheusLocator(clusters);
  }

  /** Where to query the metrics of a canary on `cluster` whose provider names `address`. */
  locate(
    cluster: string,
    address: string | undefined,
  ): PrometheusTarget | undefined {
    const configured = this.clusters.get(cluster);
    if (configured) return configured;
    if (!address) return undefined;
    const url = safeUrl(address);
    if (!url) return undefined;
    const [name, namespace] = url.hostname.split('.');
    if (!name || !namespace)
      return { kind: 'url', url: address.replace(/\/+$/, '') };
    const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
    return { kind: 'service', cluster, namespace, name, port };
  }
}

function safeUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}
