import type { Canary, CanaryWebhook } from '../model/canary';
import {
  FLAGGER_API_VERSION,
  getCanaryAnalysis,
  isBuiltinMetricName,
} from '../model/canary';
import type { MetricTemplate } from '../model/metricTemplate';
import { formatIntervalSeconds, parseGoDuration } from '../model/duration';
import { omitUndefined } from './compact';
import type { PolicyMetric, RolloutPolicy } from './rolloutPolicy';
import {
  BACKEND_GATE_TOKEN_KEY,
  parseBackendGatesBase,
  parseBackendGateUrl,
} from '../rollout/backendGates';

/**
 * A native Flagger rendering of a rollout policy.
 *
 * @public
 */
export type FlaggerRendering = {
  canary: Canary;
  /** One MetricTemplate per custom metric, named after the metric, in the workload namespace. */
  metricTemplates: MetricTemplate[];
};

const KUMA_PROTOCOL_SUFFIX = '.service.kuma.io/protocol';
const trimSlash = (url: string) => url.replace(/\/+$/, '');

/**
 * Renders a rollout policy to a native Flagger Canary plus its MetricTemplates and gate webhooks.
 * Load tests become `rollout` webhooks (`load-test`, or `load-test-<n>` for several commands) with
 * loadtester `cmd` tasks; gates point at `<gates.url>/gate/check` and `<gates.url>/rollback/check`.
 *
 * @public
 */
export function renderFlaggerCanary(policy: RolloutPolicy): FlaggerRendering {
  const { workload, service, traffic, analysis } = policy;
  const templates: MetricTemplate[] = [];
  const metrics = analysis.metrics.map(metric => {
    const custom = metric.custom;
    if (custom && !isBuiltinMetricName(metric.name)) {
      templates.push({
        apiVersion: FLAGGER_API_VERSION,
        kind: 'MetricTemplate',
        metadata: { name: metric.name, namespace: workload.namespace },
        spec: {
          provider: omitUndefined({ ...custom.provider }),
          query: custom.query,
        },
      });
    }
    return omitUndefined({
      name: metric.name,
      interval:
        metric.intervalSeconds !== undefined
          ? formatIntervalSeconds(metric.intervalSeconds)
          : undefined,
      thresholdRange: metric.thresholdRange,
      templateRef:
        custom && !isBuiltinMetricName(metric.name)
          ? { name: metric.name, namespace: workload.namespace }
          : undefined,
    });
  });
  const webhooks: CanaryWebhook[] = [];
  const loadTest = analysis.loadTest;
  if (loadTest) {
    loadTest.commands.forEach((cmd, i) => {
      webhooks.push({
        name:
          loadTest.commands.length === 1 ? 'load-test' : `load-test-${i + 1}`,
        type: 'rollout',
        url: loadTest.url ?? '',
        timeout: `${loadTest.timeoutSeconds}s`,
        metadata: { type: 'cmd', cmd },
      });
    });
  }
  const gates = policy.gates;
  if (gates) {
    const base = trimSlash(gates.url);
    // Backstage gates: one URL per gate, authenticated by the cluster's gate token in metadata.
    const backstage = parseBackendGatesBase(base) !== undefined;
    const gate = (type: CanaryWebhook['type'] & string, path: string) =>
      webhooks.push(
        backstage
          ? {
              name: type,
              type,
              url: `${base}/${type}`,
              ...(gates.token
                ? { metadata: { [BACKEND_GATE_TOKEN_KEY]: gates.token } }
                : {}),
            }
          : { name: type, type, url: `${base}${path}` },
      );
    if (gates.confirmRollout) gate('confirm-rollout', '/gate/check');
    if (gates.confirmTrafficIncrease)
      gate('confirm-traffic-increase', '/gate/check');
    if (gates.confirmPromotion) gate('confirm-promotion', '/gate/check');
    if (gates.rollback) gate('rollback', '/rollback/check');
  }
  const kumaAnnotations =
    service.protocol !== undefined
      ? {
          annotations: {
            [`${service.port}${KUMA_PROTOCOL_SUFFIX}`]: service.protocol,
          },
        }
      : undefined;
  const canary: Canary = {
    apiVersion: FLAGGER_API_VERSION,
    kind: 'Canary',
    metadata: { name: workload.name, namespace: workload.namespace },
    spec: omitUndefined({
      provider: policy.provider,
      targetRef: {
        apiVersion: workload.apiVersion,
        kind: workload.kind,
        name: workload.name,
      },
      ingressRef:
        service.ingressName !== undefined
          ? {
              apiVersion: 'networking.k8s.io/v1',
              kind: 'Ingress',
              name: service.ingressName,
            }
          : undefined,
      progressDeadlineSeconds: policy.rolloutTimeoutSeconds,
      skipAnalysis: policy.skipAnalysis,
      revertOnDeletion: policy.revertOnDeletion,
      suspend: policy.suspend,
      service: omitUndefined({
        name: service.name,
        port: service.port,
        targetPort: service.targetPort,
        timeout:
          service.timeoutSeconds !== undefined
            ? `${service.timeoutSeconds}s`
            : undefined,
        gateways: service.gateways,
        hosts: service.hosts,
        retries: service.retries,
        headers: service.headers,
        corsPolicy: service.corsPolicy,
        apex: kumaAnnotations,
        canary: kumaAnnotations,
        primary: kumaAnnotations,
      }),
      analysis: omitUndefined({
        interval: formatIntervalSeconds(analysis.intervalSeconds),
        threshold: analysis.threshold,
        maxWeight: traffic.maxWeight,
        stepWeight: traffic.stepWeight,
        stepWeights: traffic.stepWeights,
        stepWeightPromotion: traffic.stepWeightPromotion,
        iterations: traffic.iterations,
        mirror: traffic.mirror,
        match: traffic.match,
        sessionAffinity: analysis.sessionAffinity,
        metrics,
        webhooks: webhooks.length ? webhooks : undefined,
      }),
    }) as Canary['spec'],
  };
  return { canary, metricTemplates: templates };
}

/**
 * The result of reading a native Canary into a rollout policy.
 *
 * @public
 */
export type FlaggerParseResult = {
  policy: RolloutPolicy;
  /** Fields of the Canary the policy model does not carry (paths), so a user knows what is lost. */
  dropped: string[];
  /** Conversions made on the way (deprecated threshold, interval units, ...). */
  notes: string[];
};

const MODELLED_SERVICE = new Set([
  'name',
  'port',
  'targetPort',
  'timeout',
  'gateways',
  'hosts',
  'retries',
  'headers',
  'corsPolicy',
  'apex',
  'canary',
  'primary',
]);
const MODELLED_ANALYSIS = new Set([
  'interval',
  'threshold',
  'maxWeight',
  'stepWeight',
  'stepWeights',
  'stepWeightPromotion',
  'iterations',
  'mirror',
  'match',
  'sessionAffinity',
  'metrics',
  'webhooks',
]);
const MODELLED_SPEC = new Set([
  'provider',
  'targetRef',
  'ingressRef',
  'progressDeadlineSeconds',
  'skipAnalysis',
  'revertOnDeletion',
  'suspend',
  'service',
  'analysis',
  'canaryAnalysis',
]);

function seconds(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = parseGoDuration(text);
  return ms === undefined ? undefined : Math.round(ms / 1000);
}

/**
 * Reads a native Canary (and the MetricTemplates its metrics reference) into a rollout policy.
 *
 * @public
 */
export function parseFlaggerCanary(
  canary: Canary,
  metricTemplates: MetricTemplate[] = [],
): FlaggerParseResult {
  const dropped: string[] = [];
  const notes: string[] = [];
  const spec = canary.spec;
  const analysis = getCanaryAnalysis(canary) ?? {};
  const analysisPath = spec.analysis ? 'spec.analysis' : 'spec.canaryAnalysis';
  const service = spec.service ?? { port: 0 };
  const namespace = canary.metadata.namespace ?? 'default';
  for (const key of Object.keys(spec))
    if (!MODELLED_SPEC.has(key)) dropped.push(`spec.${key}`);
  for (const key of Object.keys(service))
    if (!MODELLED_SERVICE.has(key)) dropped.push(`spec.service.${key}`);
  for (const key of Object.keys(analysis))
    if (!MODELLED_ANALYSIS.has(key)) dropped.push(`${analysisPath}.${key}`);

  let protocol: string | undefined;
  for (const part of ['apex', 'canary', 'primary'] as const) {
    const annotations = service[part]?.annotations ?? {};
    for (const [key, value] of Object.entries(annotations)) {
      if (key.endsWith(KUMA_PROTOCOL_SUFFIX)) protocol = value;
      else dropped.push(`spec.service.${part}.annotations.${key}`);
    }
    if (service[part]?.labels) dropped.push(`spec.service.${part}.labels`);
  }

  const metrics: PolicyMetric[] = (analysis.metrics ?? []).map((m, i) => {
    const path = `${analysisPath}.metrics[${i}]`;
    let thresholdRange: PolicyMetric['thresholdRange'] = m.thresholdRange
      ? omitUndefined({ min: m.thresholdRange.min, max: m.thresholdRange.max })
      : undefined;
    if (m.threshold !== undefined && !thresholdRange) {
      const bound =
        m.name === 'request-success-rate' && !m.templateRef ? 'min' : 'max';
      thresholdRange = { [bound]: m.threshold };
      notes.push(
        `${path}.threshold: deprecated threshold ${m.threshold} read as thresholdRange.${bound}.`,
      );
    }
    const intervalSeconds = seconds(m.interval);
    if (intervalSeconds === undefined) {
      notes.push(
        `${path}.interval: missing; the policy needs an interval for every metric.`,
      );
    }
    let custom: PolicyMetric['custom'];
    if (m.templateRef) {
      const ref = {
        name: m.templateRef.name,
        namespace: m.templateRef.namespace ?? namespace,
      };
      const template = metricTemplates.find(
        t =>
          t.metadata.name === ref.name &&
          (t.metadata.namespace ?? namespace) === ref.namespace,
      );
      if (template) {
        custom = {
          provider: omitUndefined({ ...template.spec.provider }) as NonNullable<
            PolicyMetric['custom']
          >['provider'],
          query: template.spec.query,
        };
        if (ref.name !== m.name || ref.namespace !== namespace) {
          notes.push(
            `${path}.templateRef: MetricTemplate ${ref.namespace}/${ref.name} is re-rendered as ${namespace}/${m.name}.`,
          );
        }
      } else {
        notes.push(
          `${path}.templateRef: MetricTemplate ${ref.namespace}/${ref.name} not given; the metric has no query in the policy.`,
        );
      }
    }
    if (m.query) dropped.push(`${path}.query`);
    if (m.templateVariables) dropped.push(`${path}.templateVariables`);
    return omitUndefined({
      name: m.name,
      intervalSeconds: intervalSeconds as number,
      thresholdRange,
      custom,
    }) as PolicyMetric;
  });

  const commands: string[] = [];
  let loadTestUrl: string | undefined;
  let loadTestTimeout: number | undefined;
  const gates: NonNullable<RolloutPolicy['gates']> = { url: '' };
  (analysis.webhooks ?? []).forEach((hook, i) => {
    const type = hook.type ?? '';
    const url = trimSlash(hook.url);
    const meta = hook.metadata ?? {};
    if (
      (type === '' || type === 'rollout') &&
      meta.cmd &&
      (meta.type === undefined || meta.type === 'cmd')
    ) {
      commands.push(meta.cmd);
      loadTestUrl ??= hook.url;
      loadTestTimeout ??= seconds(hook.timeout) ?? 10;
      return;
    }
    const gateKeys: Record<string, string> = {
      'confirm-rollout': 'confirmRollout',
      'confirm-traffic-increase': 'confirmTrafficIncrease',
      'confirm-promotion': 'confirmPromotion',
    };
    const gateKey = gateKeys[type] as
      | 'confirmRollout'
      | 'confirmTrafficIncrease'
      | 'confirmPromotion'
      | undefined;
    const backendGate = parseBackendGateUrl(url);
    if (backendGate && backendGate.gate === type) {
      gates.url = `${backendGate.baseUrl}/api/canary/gates/${encodeURIComponent(
        backendGate.cluster,
      )}`;
      const token = meta[BACKEND_GATE_TOKEN_KEY];
      if (token) gates.token = token;
      if (type === 'rollback') gates.rollback = true;
      else if (gateKey) gates[gateKey] = true;
      return;
    }
    if (gateKey && url.endsWith('/gate/check')) {
      gates.url = url.slice(0, -'/gate/check'.length);
      gates[gateKey] = true;
      return;
    }
    if (type === 'rollback' && url.endsWith('/rollback/check')) {
      gates.url = url.slice(0, -'/rollback/check'.length);
      gates.rollback = true;
      return;
    }
    dropped.push(`${analysisPath}.webhooks[${i}] (${hook.name})`);
  });

  const policy = omitUndefined({
    workload: {
      apiVersion: spec.targetRef.apiVersion,
      kind: spec.targetRef.kind as 'Deployment' | 'DaemonSet',
      name: spec.targetRef.name,
      namespace,
    },
    provider: (spec.provider ?? 'istio') as RolloutPolicy['provider'],
    service: omitUndefined({
      name: service.name ?? spec.targetRef.name,
      port: service.port,
      targetPort: service.targetPort,
      timeoutSeconds: seconds(service.timeout),
      gateways: service.gateways,
      hosts: service.hosts,
      ingressName: spec.ingressRef?.name,
      protocol,
      retries: service.retries,
      headers: service.headers as RolloutPolicy['service']['headers'],
      corsPolicy: service.corsPolicy as RolloutPolicy['service']['corsPolicy'],
    }),
    traffic: omitUndefined({
      maxWeight: analysis.maxWeight,
      stepWeight: analysis.stepWeight,
      stepWeights: analysis.stepWeights,
      stepWeightPromotion: analysis.stepWeightPromotion,
      iterations: analysis.iterations,
      match: analysis.match,
      mirror: analysis.mirror,
    }),
    analysis: omitUndefined({
      intervalSeconds: seconds(analysis.interval) ?? 60,
      threshold: analysis.threshold ?? 1,
      metrics,
      loadTest: commands.length
        ? omitUndefined({
            commands,
            timeoutSeconds: loadTestTimeout as number,
            url: loadTestUrl,
          })
        : undefined,
      sessionAffinity: analysis.sessionAffinity
        ? omitUndefined({
            cookieName: analysis.sessionAffinity.cookieName,
            maxAge: analysis.sessionAffinity.maxAge,
          })
        : undefined,
    }),
    gates: gates.url ? gates : undefined,
    rolloutTimeoutSeconds: spec.progressDeadlineSeconds,
    skipAnalysis: spec.skipAnalysis,
    revertOnDeletion: spec.revertOnDeletion,
    suspend: spec.suspend,
  }) as RolloutPolicy;
  if (!spec.provider)
    notes.push(
      'spec.provider: not set; read as istio (the controller default).',
    );
  if (!analysis.interval)
    notes.push(
      `${analysisPath}.interval: not set; read as 60s (Flagger's default).`,
    );
  return { policy, dropped, notes };
}
