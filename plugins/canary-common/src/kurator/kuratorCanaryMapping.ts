import type { Application, KuratorRolloutConfig } from '../model/application';
import type { Canary } from '../model/canary';
import { FLAGGER_API_VERSION, isBuiltinMetricName } from '../model/canary';
import type { MetricTemplate } from '../model/metricTemplate';
import { KURATOR_ROLLOUT_ANNOTATION } from '../rollout/kuratorOwnership';
import { omitUndefined } from '../policy/compact';
import type { PolicyIssue } from '../policy/rolloutPolicy';
import { getKuratorPolicyName } from './kuratorPlacement';

/**
 * The namespace Kurator installs each provider's Flagger and public loadtester into.
 *
 * @public
 */
export const KURATOR_PROVIDER_NAMESPACES: Record<string, string> = {
  istio: 'istio-system',
  kuma: 'kuma-system',
  nginx: 'ingress-nginx',
};

/**
 * Name of the Flux object and `status.syncStatus[].name` of a (policy x cluster):
 * `<policyName>-<kind lowercased>-<clusterName>`, truncated to 63 characters.
 *
 * @public
 */
export function kuratorSyncResourceName(
  policyName: string,
  clusterKind: string,
  clusterName: string,
): string {
  return `${policyName}-${clusterKind.toLowerCase()}-${clusterName}`.slice(
    0,
    63,
  );
}

/**
 * A member cluster of the Application's fleet.
 *
 * @public
 */
export type KuratorMemberCluster = {
  name: string;
  kind: 'Cluster' | 'AttachedCluster';
};

/**
 * What Kurator renders for one sync policy in one member cluster.
 *
 * @public
 */
export type KuratorClusterRendering = {
  policyIndex: number;
  policyName: string;
  cluster: KuratorMemberCluster;
  /** `status.syncStatus[].name` of this (policy x cluster). */
  syncStatusName: string;
  canary?: Canary;
  metricTemplates: MetricTemplate[];
  /** Loadtester webhook URL (empty when Kurator cannot derive one). */
  webhookUrl: string;
  /** Kurator quirks that bite this policy, as warnings (errors where Kurator fails). */
  issues: PolicyIssue[];
};

/**
 * Reproduces Kurator's Application -\> Flagger mapping (`rollout_helper.go`) for previews and diffs:
 * one Canary (plus MetricTemplates) per sync policy with a rollout per member cluster, including
 * its quirks (Canary annotations replaced, Kuma port 9898, `timeout: "0s"`, templateRef for every
 * non-builtin metric, Canary looked up by serviceName but created as workload.name, ...).
 * `targetPorts` gives the targetPort of the existing Service port per `<namespace>/<service>`.
 *
 * @public
 */
export function renderKuratorApplication(
  app: Application,
  clusters: KuratorMemberCluster[],
  options: { targetPorts?: Record<string, number | string> } = {},
): KuratorClusterRendering[] {
  return app.spec.syncPolicies.flatMap((_, index) =>
    renderKuratorSyncPolicy(app, index, clusters, options),
  );
}

/**
 * What Kurator renders for the sync policy at `index` of the Application on each of `clusters`
 * (none when the policy has no rollout). See `renderKuratorApplication`.
 *
 * @public
 */
export function renderKuratorSyncPolicy(
  app: Application,
  index: number,
  clusters: KuratorMemberCluster[],
  options: { targetPorts?: Record<string, number | string> } = {},
): KuratorClusterRendering[] {
  const policy = app.spec.syncPolicies[index];
  if (!policy?.rollout) return [];
  const policyName = getKuratorPolicyName(app, index, policy);
  return clusters.map(cluster =>
    renderForCluster(
      policy.rollout!,
      index,
      policyName,
      cluster,
      options.targetPorts ?? {},
    ),
  );
}

function renderForCluster(
  rollout: KuratorRolloutConfig,
  policyIndex: number,
  policyName: string,
  cluster: KuratorMemberCluster,
  targetPorts: Record<string, number | string>,
): KuratorClusterRendering {
  const issues: PolicyIssue[] = [];
  const warn = (path: string, message: string) =>
    issues.push({ path, message, severity: 'warning' });
  const error = (path: string, message: string) =>
    issues.push({ path, message, severity: 'error' });
  const base = `spec.syncPolicies[${policyIndex}].rollout`;
  const provider = rollout.trafficRoutingProvider;
  const namespace = rollout.workload.namespace ?? '';
  const workload = rollout.workload.name;
  const result: KuratorClusterRendering = {
    policyIndex,
    policyName,
    cluster,
    syncStatusName: kuratorSyncResourceName(
      policyName,
      cluster.kind,
      cluster.name,
    ),
    metricTemplates: [],
    webhookUrl: '',
    issues,
  };
  const providerNs = KURATOR_PROVIDER_NAMESPACES[provider];
  if (!providerNs) {
    error(
      `${base}.trafficRoutingProvider`,
      `Kurator fails with "unknown provider type" for ${provider}; use istio, kuma or nginx.`,
    );
    return result;
  }
  const routing = rollout.rolloutPolicy.trafficRouting;
  const analysis = rollout.rolloutPolicy.trafficAnalysis;
  if (!routing || !analysis) {
    error(
      `${base}.rolloutPolicy`,
      "Kurator's reconciler panics without rolloutPolicy.trafficRouting and trafficAnalysis.",
    );
    return result;
  }
  if (rollout.serviceName !== workload) {
    warn(
      `${base}.serviceName`,
      `serviceName "${rollout.serviceName}" differs from workload.name "${workload}": Kurator looks the Canary up by service name but creates it as "${workload}", so every reconcile fails with AlreadyExists, and the private testloader URL points at "${rollout.serviceName}-testloader" while it is installed as "${workload}-testloader".`,
    );
  }
  result.webhookUrl = rollout.testLoader
    ? `http://${rollout.serviceName}-testloader.${namespace}/`
    : `http://${providerNs}-testloader-${cluster.name}-loadtester.${providerNs}/`;
  if (rollout.primary || rollout.preview) {
    warn(
      `${base}.primary`,
      "primary and preview labels/annotations are ignored: they are not copied to the Canary's service.",
    );
  }
  const metrics = (analysis.metrics ?? []).map((m, i) => {
    const builtin = isBuiltinMetricName(m.name);
    if (m.intervalSeconds === undefined) {
      error(
        `${base}.rolloutPolicy.trafficAnalysis.metrics[${i}].intervalSeconds`,
        'Kurator dereferences intervalSeconds without a check: the reconciler panics.',
      );
    }
    if (!builtin && !m.customMetric) {
      warn(
        `${base}.rolloutPolicy.trafficAnalysis.metrics[${i}]`,
        `Metric "${m.name}" gets templateRef ${namespace}/${m.name} without a customMetric: Flagger reports "Metric template ${m.name}.${namespace} error: ... not found".`,
      );
    }
    if (m.customMetric && !builtin) {
      result.metricTemplates.push({
        apiVersion: FLAGGER_API_VERSION,
        kind: 'MetricTemplate',
        metadata: {
          name: m.name,
          namespace,
          annotations: { [KURATOR_ROLLOUT_ANNOTATION]: policyName },
        },
        spec: m.customMetric as MetricTemplate['spec'],
      });
    }
    return omitUndefined({
      name: m.name,
      interval: `${m.intervalSeconds}s`,
      thresholdRange: m.thresholdRange,
      templateRef: builtin ? undefined : { name: m.name, namespace },
    });
  });
  const commands = analysis.webhooks?.command ?? [];
  if (commands.length && analysis.webhooks?.timeoutSeconds === undefined) {
    error(
      `${base}.rolloutPolicy.trafficAnalysis.webhooks.timeoutSeconds`,
      'Kurator dereferences webhooks.timeoutSeconds when commands are set: the reconciler panics.',
    );
  }
  const webhooks = commands.map((cmd, i) => ({
    name: `generated-testload-${i}`,
    url: result.webhookUrl,
    timeout: `${analysis.webhooks?.timeoutSeconds}s`,
    metadata: { type: 'cmd', cmd },
  }));
  if (routing.timeoutSeconds === undefined) {
    warn(
      `${base}.rolloutPolicy.trafficRouting.timeoutSeconds`,
      'timeoutSeconds is not set: Kurator renders service.timeout "0s".',
    );
  }
  const istio = provider === 'istio';
  const kumaAnnotations =
    provider === 'kuma'
      ? {
          annotations: {
            '9898.service.kuma.io/protocol': routing.protocol ?? 'http',
          },
        }
      : undefined;
  if (provider === 'kuma') {
    warn(
      `${base}.rolloutPolicy.trafficRouting.protocol`,
      'Kurator sets annotation kuma.io/mesh on the Canary and then replaces all annotations with kurator.dev/rollout, so the mesh annotation is lost.',
    );
    if (rollout.port !== 9898) {
      warn(
        `${base}.port`,
        `Kurator writes the Kuma protocol for port 9898 whatever the port; port ${rollout.port} gets none.`,
      );
    }
  }
  const strategy = routing.canaryStrategy;
  if (strategy && routing.analysisTimes !== undefined) {
    error(
      `${base}.rolloutPolicy.trafficRouting`,
      "canaryStrategy and analysisTimes are both set: the rendered Canary fails Flagger's oneOf (exactly one of iterations, stepWeight, stepWeights).",
    );
  }
  const canary: Canary = {
    apiVersion: FLAGGER_API_VERSION,
    kind: 'Canary',
    metadata: {
      name: workload,
      namespace,
      annotations: { [KURATOR_ROLLOUT_ANNOTATION]: policyName },
    },
    spec: omitUndefined({
      provider: provider as Canary['spec']['provider'],
      targetRef: {
        apiVersion: rollout.workload.apiVersion ?? '',
        kind: rollout.workload.kind ?? '',
        name: workload,
      },
      progressDeadlineSeconds: rollout.rolloutPolicy.rolloutTimeoutSeconds,
      skipAnalysis: rollout.rolloutPolicy.skipTrafficAnalysis,
      revertOnDeletion: rollout.rolloutPolicy.revertOnDeletion,
      suspend: rollout.rolloutPolicy.suspend,
      ingressRef:
        provider === 'nginx'
          ? {
              apiVersion: 'networking.k8s.io/v1',
              kind: 'Ingress',
              name: 'nginx',
            }
          : undefined,
      service: omitUndefined({
        name: rollout.serviceName,
        port: rollout.port,
        targetPort: targetPorts[`${namespace}/${rollout.serviceName}`],
        timeout: `${routing.timeoutSeconds ?? 0}s`,
        gateways: istio ? routing.gateways : undefined,
        hosts: istio ? routing.hosts : undefined,
        retries: istio ? routing.retries : undefined,
        headers: istio ? routing.headers : undefined,
        corsPolicy: istio ? routing.corsPolicy : undefined,
        apex: kumaAnnotations,
        canary: kumaAnnotations,
        primary: kumaAnnotations,
      }),
      analysis: omitUndefined({
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
        webhooks: webhooks.length ? webhooks : undefined,
      }),
    }) as Canary['spec'],
  };
  result.canary = canary;
  return result;
}
