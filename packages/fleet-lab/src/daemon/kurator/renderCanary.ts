/*
 * Kurator's rendering of a sync policy's rollout into Flagger objects for one member cluster
 * (pkg/fleet-manager/application/rollout_helper.go: renderCanary, renderCanaryService,
 * renderCanaryAnalysis, applyMetricTemplate), written by the lab from Kurator's source, quirks
 * included. Where Kurator's reconciler fails or panics it throws, and nothing is applied.
 */

/** The provider namespaces of Kurator's flagger plugin (fleetapi.ProviderNamespace). */
const PROVIDER_NAMESPACE: Record<string, string> = {
  istio: 'istio-system',
  kuma: 'kuma-system',
  nginx: 'ingress-nginx',
};

const BUILTIN_METRICS = new Set(['request-success-rate', 'request-duration']);

/** The `kurator.dev/rollout` annotation Kurator puts on what it creates. */
export const ROLLOUT_ANNOTATION = 'kurator.dev/rollout';

/** A sync policy's `rollout`, as the lab reads it from the Application. */
export type Rollout = {
  testLoader?: boolean;
  trafficRoutingProvider: string;
  workload: {
    apiVersion?: string;
    kind?: string;
    name: string;
    namespace: string;
  };
  serviceName: string;
  port: number;
  rolloutPolicy?: {
    trafficRouting?: Record<string, any>;
    trafficAnalysis?: Record<string, any>;
    rolloutTimeoutSeconds?: number;
    skipTrafficAnalysis?: boolean;
    revertOnDeletion?: boolean;
    suspend?: boolean;
  };
};

/** `generatePolicyResourceName`: the sync status entry (and Flux object) of a policy on a cluster. */
export function policyResourceName(
  policyName: string,
  clusterKind: string,
  clusterName: string,
): string {
  return `${policyName}-${clusterKind.toLowerCase()}-${clusterName}`.slice(
    0,
    63,
  );
}

/** Go's `omitempty` for the fields Kurator leaves nil. */
function defined(object: Record<string, unknown>): Record<string, any> {
  return Object.fromEntries(
    Object.entries(object).filter(([, value]) => value !== undefined),
  );
}

/** The loadtester URL of the policy's webhooks on this cluster (empty when Kurator has none). */
export function testloaderUrl(rollout: Rollout, clusterName: string): string {
  if (rollout.testLoader) {
    return `http://${rollout.serviceName}-testloader.${rollout.workload.namespace}/`;
  }
  const ns = PROVIDER_NAMESPACE[rollout.trafficRoutingProvider];
  return ns ? `http://${ns}-testloader-${clusterName}-loadtester.${ns}/` : '';
}

/** The Canary spec and the MetricTemplates Kurator writes for the policy on one cluster. */
export function renderCanary(
  rollout: Rollout,
  options: { policyName: string; clusterName: string; targetPort?: unknown },
): { spec: Record<string, any>; metricTemplates: Array<Record<string, any>> } {
  const provider = rollout.trafficRoutingProvider;
  if (!PROVIDER_NAMESPACE[provider]) {
    throw new Error(`unknown provider type ${provider}`);
  }
  const policy = rollout.rolloutPolicy ?? {};
  const routing = policy.trafficRouting;
  const analysis = policy.trafficAnalysis;
  if (!routing || !analysis) {
    throw new Error(
      'invalid memory address or nil pointer dereference (rolloutPolicy.trafficRouting / trafficAnalysis)',
    );
  }
  const namespace = rollout.workload.namespace;
  const metricTemplates: Array<Record<string, any>> = [];
  const metrics = (analysis.metrics ?? []).map((metric: any) => {
    if (metric.intervalSeconds === undefined) {
      throw new Error(
        `invalid memory address or nil pointer dereference (metric ${metric.name} intervalSeconds)`,
      );
    }
    const builtin = BUILTIN_METRICS.has(metric.name);
    if (!builtin && metric.customMetric) {
      metricTemplates.push({
        apiVersion: 'flagger.app/v1beta1',
        kind: 'MetricTemplate',
        metadata: {
          name: metric.name,
          namespace,
          annotations: { [ROLLOUT_ANNOTATION]: options.policyName },
        },
        spec: metric.customMetric,
      });
    }
    return defined({
      name: metric.name,
      interval: `${metric.intervalSeconds}s`,
      thresholdRange: metric.thresholdRange,
      templateRef: builtin ? undefined : { name: metric.name, namespace },
    });
  });
  const commands: string[] = analysis.webhooks?.command ?? [];
  if (commands.length && analysis.webhooks?.timeoutSeconds === undefined) {
    throw new Error(
      'invalid memory address or nil pointer dereference (webhooks.timeoutSeconds)',
    );
  }
  const url = testloaderUrl(rollout, options.clusterName);
  const istio = provider === 'istio';
  // Kuma's protocol annotation, always for port 9898 (Kurator's hard-coded key).
  const kuma =
    provider === 'kuma'
      ? {
          annotations: {
            '9898.service.kuma.io/protocol': routing.protocol ?? 'http',
          },
        }
      : undefined;
  const strategy = routing.canaryStrategy;
  const spec = defined({
    provider,
    targetRef: {
      apiVersion: rollout.workload.apiVersion ?? '',
      kind: rollout.workload.kind ?? '',
      name: rollout.workload.name,
    },
    progressDeadlineSeconds: policy.rolloutTimeoutSeconds,
    skipAnalysis: policy.skipTrafficAnalysis,
    revertOnDeletion: policy.revertOnDeletion,
    suspend: policy.suspend,
    ingressRef:
      provider === 'nginx'
        ? { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: 'nginx' }
        : undefined,
    service: defined({
      name: rollout.serviceName,
      port: rollout.port,
      targetPort: options.targetPort,
      timeout: `${routing.timeoutSeconds ?? 0}s`,
      gateways: istio ? routing.gateways : undefined,
      hosts: istio ? routing.hosts : undefined,
      retries: istio ? routing.retries : undefined,
      headers: istio ? routing.headers : undefined,
      corsPolicy: istio ? routing.corsPolicy : undefined,
      apex: kuma,
      canary: kuma,
      primary: kuma,
    }),
    analysis: defined({
      interval: `${analysis.checkIntervalSeconds}s`,
      threshold: analysis.checkFailedTimes,
      iterations: routing.analysisTimes,
      match: routing.match,
      maxWeight: strategy?.maxWeight,
      stepWeight: strategy?.stepWeight,
      stepWeights: strategy?.stepWeights,
      stepWeightPromotion: strategy?.stepWeightPromotion,
      sessionAffinity: analysis.sessionAffinity,
      metrics,
      webhooks: commands.length
        ? commands.map((cmd, i) => ({
            name: `generated-testload-${i}`,
            url,
            timeout: `${analysis.webhooks.timeoutSeconds}s`,
            metadata: { type: 'cmd', cmd },
          }))
        : undefined,
    }),
  });
  return { spec, metricTemplates };
}
