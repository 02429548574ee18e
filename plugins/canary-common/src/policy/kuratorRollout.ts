import type { KuratorRolloutConfig } from '../model/application';
import { omitUndefined } from './compact';
import type { PolicyMetric, RolloutPolicy } from './rolloutPolicy';

/**
 * Renders a rollout policy to a Kurator Application `syncPolicies[].rollout` block. Native-only
 * parts (gates, mirror, ingressName, loadTest.url) are not expressible and are left out; validate
 * with target `kurator` first to be told about them.
 *
 * @public
 */
export function renderKuratorRollout(
  policy: RolloutPolicy,
): KuratorRolloutConfig {
  const t = policy.traffic;
  const hasStrategy =
    t.maxWeight !== undefined ||
    t.stepWeight !== undefined ||
    t.stepWeights !== undefined ||
    t.stepWeightPromotion !== undefined;
  const a = policy.analysis;
  return omitUndefined({
    testLoader: policy.testLoader,
    trafficRoutingProvider: policy.provider,
    workload: { ...policy.workload },
    serviceName: policy.service.name,
    port: policy.service.port,
    rolloutPolicy: omitUndefined({
      trafficRouting: omitUndefined({
        timeoutSeconds: policy.service.timeoutSeconds,
        gateways: policy.service.gateways,
        hosts: policy.service.hosts,
        retries: policy.service.retries,
        headers: policy.service.headers,
        corsPolicy: policy.service.corsPolicy,
        host: policy.service.host,
        protocol: policy.service.protocol,
        canaryStrategy: hasStrategy
          ? omitUndefined({
              maxWeight: t.maxWeight,
              stepWeight: t.stepWeight,
              stepWeights: t.stepWeights,
              stepWeightPromotion: t.stepWeightPromotion,
            })
          : undefined,
        analysisTimes: t.iterations,
        match: t.match as Record<string, unknown>[] | undefined,
      }),
      trafficAnalysis: omitUndefined({
        checkIntervalSeconds: a.intervalSeconds,
        checkFailedTimes: a.threshold,
        metrics: a.metrics.map(m =>
          omitUndefined({
            name: m.name,
            intervalSeconds: m.intervalSeconds,
            thresholdRange: m.thresholdRange,
            customMetric: m.custom,
          }),
        ),
        webhooks: a.loadTest
          ? {
              timeoutSeconds: a.loadTest.timeoutSeconds,
              command: [...a.loadTest.commands],
            }
          : undefined,
        sessionAffinity: a.sessionAffinity,
      }),
      rolloutTimeoutSeconds: policy.rolloutTimeoutSeconds,
      skipTrafficAnalysis: policy.skipAnalysis,
      revertOnDeletion: policy.revertOnDeletion,
      suspend: policy.suspend,
    }),
  }) as KuratorRolloutConfig;
}

/**
 * Reads a Kurator `syncPolicies[].rollout` block into a rollout policy (without validating it;
 * missing required Kurator fields become `undefined`/empty and are reported by validation).
 *
 * @public
 */
export function parseKuratorRollout(
  rollout: KuratorRolloutConfig,
): RolloutPolicy {
  const routing = rollout.rolloutPolicy.trafficRouting ?? {};
  const analysis = rollout.rolloutPolicy.trafficAnalysis ?? {};
  const strategy = routing.canaryStrategy ?? {};
  const webhooks = analysis.webhooks;
  return omitUndefined({
    workload: omitUndefined({
      apiVersion: rollout.workload.apiVersion ?? 'apps/v1',
      kind: (rollout.workload.kind ?? 'Deployment') as
        | 'Deployment'
        | 'DaemonSet',
      name: rollout.workload.name,
      namespace: rollout.workload.namespace as string,
    }),
    provider: rollout.trafficRoutingProvider as RolloutPolicy['provider'],
    service: omitUndefined({
      name: rollout.serviceName,
      port: rollout.port,
      timeoutSeconds: routing.timeoutSeconds,
      gateways: routing.gateways,
      hosts: routing.hosts,
      host: routing.host,
      protocol: routing.protocol,
      retries: routing.retries,
      headers: routing.headers,
      corsPolicy: routing.corsPolicy,
    }),
    traffic: omitUndefined({
      maxWeight: strategy.maxWeight,
      stepWeight: strategy.stepWeight,
      stepWeights: strategy.stepWeights,
      stepWeightPromotion: strategy.stepWeightPromotion,
      iterations: routing.analysisTimes,
      match: routing.match as RolloutPolicy['traffic']['match'],
    }),
    analysis: omitUndefined({
      intervalSeconds: analysis.checkIntervalSeconds as number,
      threshold: analysis.checkFailedTimes as number,
      metrics: (analysis.metrics ?? []).map(
        m =>
          omitUndefined({
            name: m.name,
            intervalSeconds: m.intervalSeconds as number,
            thresholdRange: m.thresholdRange,
            custom: m.customMetric as PolicyMetric['custom'],
          }) as PolicyMetric,
      ),
      loadTest:
        webhooks?.command && webhooks.command.length > 0
          ? {
              commands: [...webhooks.command],
              timeoutSeconds: webhooks.timeoutSeconds as number,
            }
          : undefined,
      sessionAffinity:
        analysis.sessionAffinity as RolloutPolicy['analysis']['sessionAffinity'],
    }),
    testLoader: rollout.testLoader,
    rolloutTimeoutSeconds: rollout.rolloutPolicy.rolloutTimeoutSeconds,
    skipAnalysis: rollout.rolloutPolicy.skipTrafficAnalysis,
    revertOnDeletion: rollout.rolloutPolicy.revertOnDeletion,
    suspend: rollout.rolloutPolicy.suspend,
  }) as RolloutPolicy;
}
