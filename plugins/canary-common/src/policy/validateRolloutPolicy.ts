import { parseBackendGatesBase } from '../rollout/backendGates';
import { isBuiltinMetricName } from '../model/canary';
import { KURATOR_TRAFFIC_PROVIDERS } from '../model/application';
import { isValidLabelName, isValidObjectName } from '../model/kubernetes';
import { formatFieldPath } from '../model/manifests';
import { planCanaryWeights } from '../rollout/plan';
import {
  queryTellsCanaryFromPrimary,
  sameQueryWarning,
} from '../metrics/sameQuery';
import { describePolicySchemaIssue } from './policyIssueMessages';
import {
  rolloutPolicySchema,
  type PolicyIssue,
  type PolicyTarget,
  type RolloutPolicy,
} from './rolloutPolicy';

const ISTIO_ONLY = [
  'gateways',
  'hosts',
  'retries',
  'headers',
  'corsPolicy',
] as const;

/**
 * Validates a rollout policy for a target: the zod schema first (types, ranges), then the rules
 * the reference lists (exactly one of iterations/stepWeight/stepWeights, Kurator's
 * `serviceName == workload.name`, nginx needs a host, custom metric names DNS-safe and backed by a
 * query, stepWeight overshoot, ...). Each issue names the field and what is allowed.
 *
 * @public
 */
export function validateRolloutPolicy(
  input: unknown,
  target: PolicyTarget,
): PolicyIssue[] {
  // reportInput: a missing field reads "is required", a wrong one "must be a number".
  const parsed = rolloutPolicySchema.safeParse(input, { reportInput: true });
  if (!parsed.success) {
    return parsed.error.issues.map(issue => {
      const path = formatFieldPath(issue.path);
      return {
        path,
        message: describePolicySchemaIssue(path, issue),
        severity: 'error' as const,
      };
    });
  }
  return checkPolicyRules(parsed.data, target);
}

/**
 * Whether a list of issues contains an error (warnings do not block).
 *
 * @public
 */
export function hasPolicyErrors(issues: PolicyIssue[]): boolean {
  return issues.some(i => i.severity === 'error');
}

function checkPolicyRules(
  policy: RolloutPolicy,
  target: PolicyTarget,
): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  const error = (path: string, message: string) =>
    issues.push({ path, message, severity: 'error' });
  const warn = (path: string, message: string) =>
    issues.push({ path, message, severity: 'warning' });
  const { workload, service, traffic, analysis } = policy;

  if (!isValidObjectName(workload.name)) {
    error(
      'workload.name',
      `workload.name "${workload.name}" must be a lowercase RFC 1123 name (a-z, 0-9, "-", ".").`,
    );
  }
  if (!isValidLabelName(workload.namespace)) {
    error(
      'workload.namespace',
      `workload.namespace "${workload.namespace}" must be a lowercase RFC 1123 label.`,
    );
  }
  if (!isValidLabelName(service.name)) {
    error(
      'service.name',
      `service.name "${service.name}" must be a lowercase RFC 1123 label (a Service name).`,
    );
  }

  // Traffic: exactly one of iterations, stepWeight, stepWeights (Flagger CRD oneOf).
  const modes = (['iterations', 'stepWeight', 'stepWeights'] as const).filter(
    k => traffic[k] !== undefined,
  );
  if (modes.length !== 1) {
    error(
      'traffic',
      `traffic: set exactly one of iterations (A/B, Blue/Green), stepWeight or stepWeights (canary)${
        modes.length ? `; found ${modes.join(' and ')}` : '; none is set'
      }. Flagger's CRD rejects anything else.`,
    );
  }
  if (traffic.stepWeights) {
    const sorted = traffic.stepWeights.every(
      (w, i, all) => i === 0 || w > all[i - 1],
    );
    if (!sorted)
      error(
        'traffic.stepWeights',
        'traffic.stepWeights must be strictly increasing percentages (1-100), e.g. [1, 5, 10, 50].',
      );
    if (traffic.maxWeight !== undefined) {
      warn(
        'traffic.maxWeight',
        'traffic.maxWeight is ignored with stepWeights: the last stepWeights entry is the maximum.',
      );
    }
  }
  if (traffic.stepWeight !== undefined && modes.length === 1) {
    const planned = planCanaryWeights({
      maxWeight: traffic.maxWeight,
      stepWeight: traffic.stepWeight,
    });
    if (planned.overshoot) {
      warn(
        'traffic.stepWeight',
        `traffic.stepWeight ${traffic.stepWeight} overshoots maxWeight ${
          planned.maxWeight
        }: the last step routes ${
          planned.weights[planned.weights.length - 1]
        }% to the canary. Use a stepWeight that divides maxWeight.`,
      );
    }
  }
  if (
    (traffic.maxWeight !== undefined ||
      traffic.stepWeightPromotion !== undefined) &&
    traffic.iterations !== undefined
  ) {
    error(
      'traffic.maxWeight',
      'traffic.maxWeight and stepWeightPromotion only apply to weighted canaries; remove them when iterations is set.',
    );
  }
  if (traffic.mirror) {
    if (traffic.iterations === undefined)
      error(
        'traffic.mirror',
        'traffic.mirror needs iterations (Blue/Green with mirroring).',
      );
    if (target === 'kurator')
      error(
        'traffic.mirror',
        'traffic.mirror cannot be expressed in a Kurator rollout policy.',
      );
    else if (
      policy.provider !== 'istio' &&
      !policy.provider.startsWith('gatewayapi')
    ) {
      error(
        'traffic.mirror',
        `traffic.mirror is supported by the istio and gatewayapi providers only, not ${policy.provider}.`,
      );
    }
  }
  if (traffic.match && policy.provider === 'kubernetes') {
    error(
      'traffic.match',
      'traffic.match (A/B testing) is not supported by the kubernetes provider.',
    );
  }
  if (policy.provider === 'kubernetes' && traffic.iterations === undefined) {
    error(
      'traffic',
      'The kubernetes provider cannot shift traffic progressively: use iterations (Blue/Green).',
    );
  }

  // Analysis.
  if (analysis.intervalSeconds < 10) {
    warn(
      'analysis.intervalSeconds',
      `analysis.intervalSeconds ${analysis.intervalSeconds} is below 10: Flagger runs the analysis every 10s.`,
    );
  }
  if (analysis.threshold === 0) {
    warn(
      'analysis.threshold',
      'analysis.threshold 0 is read as 1 by Flagger: the first failed check rolls back.',
    );
  }
  const names = new Set<string>();
  analysis.metrics.forEach((metric, i) => {
    const path = `analysis.metrics[${i}]`;
    if (names.has(metric.name))
      error(
        `${path}.name`,
        `${path}.name "${metric.name}" is used twice; metric names must be unique.`,
      );
    names.add(metric.name);
    const builtin = isBuiltinMetricName(metric.name);
    if (!builtin) {
      if (!isValidObjectName(metric.name)) {
        error(
          `${path}.name`,
          `${path}.name "${metric.name}" names a MetricTemplate and must be a lowercase RFC 1123 name.`,
        );
      }
      if (!metric.custom) {
        error(
          `${path}.custom`,
          `${path} "${metric.name}" is not a builtin metric (request-success-rate, request-duration): add custom.provider and custom.query.`,
        );
      }
      if (
        metric.custom?.query &&
        !queryTellsCanaryFromPrimary(metric.custom.query)
      ) {
        warn(
          `${path}.custom.query`,
          sameQueryWarning(`Query of metric ${i + 1} ("${metric.name}")`),
        );
      }
    } else if (metric.custom) {
      warn(
        `${path}.custom`,
        `${path} "${metric.name}" is a builtin metric: custom is ignored; rename the metric to use the query.`,
      );
    }
    const range = metric.thresholdRange;
    if (!range || (range.min === undefined && range.max === undefined)) {
      warn(
        `${path}.thresholdRange`,
        `${path}.thresholdRange has no min or max: the check only fails when there is no data.`,
      );
    } else if (
      range.min !== undefined &&
      range.max !== undefined &&
      range.min > range.max
    ) {
      error(
        `${path}.thresholdRange`,
        `${path}.thresholdRange.min (${range.min}) must not exceed max (${range.max}).`,
      );
    }
    if (
      /success-rate/.test(metric.name) &&
      range?.max !== undefined &&
      range.min === undefined
    ) {
      warn(
        `${path}.thresholdRange`,
        `${path} "${metric.name}" looks like a success rate but only has a max: it fails when the canary is healthier than ${range.max}. Use min.`,
      );
    }
    if (
      metric.name === 'request-success-rate' &&
      ((range?.min ?? 0) > 100 || (range?.max ?? 0) > 100)
    ) {
      error(
        `${path}.thresholdRange`,
        `${path}.thresholdRange of request-success-rate is a percentage (0-100).`,
      );
    }
  });
  if (
    analysis.loadTest &&
    analysis.loadTest.timeoutSeconds >= analysis.intervalSeconds
  ) {
    warn(
      'analysis.loadTest.timeoutSeconds',
      `analysis.loadTest.timeoutSeconds (${analysis.loadTest.timeoutSeconds}) should be lower than analysis.intervalSeconds (${analysis.intervalSeconds}).`,
    );
  }
  if (
    analysis.sessionAffinity &&
    target === 'flagger' &&
    policy.provider !== 'istio' &&
    !policy.provider.startsWith('gatewayapi')
  ) {
    warn(
      'analysis.sessionAffinity',
      `analysis.sessionAffinity works with istio and gatewayapi only, not ${policy.provider}.`,
    );
  }

  const gates = policy.gates;
  if (
    gates &&
    !gates.confirmRollout &&
    !gates.confirmTrafficIncrease &&
    !gates.confirmPromotion &&
    !gates.rollback
  ) {
    error(
      'gates',
      'gates.url is set but no gate is enabled: enable confirmRollout, confirmTrafficIncrease, confirmPromotion or rollback, or remove gates.',
    );
  }

  const backstageGates = gates ? parseBackendGatesBase(gates.url) : undefined;
  if (gates && backstageGates && !gates.token) {
    error(
      'gates.token',
      `gates.token is required when gates.url points at Backstage gates (${gates.url}): set it to canary.gates.clusters.${backstageGates.cluster}.token, otherwise every gate answers closed.`,
    );
  }
  if (gates && !backstageGates && gates.token) {
    warn(
      'gates.token',
      'gates.token is only sent to Backstage gates (gates.url = <backend>/api/canary/gates/<cluster>); the loadtester ignores it.',
    );
  }
  if (gates && gates.url.includes('/api/canary/gates') && !backstageGates) {
    error(
      'gates.url',
      `gates.url must be <backend>/api/canary/gates/<cluster> for Backstage gates (without the gate name), got ${gates.url}.`,
    );
  }

  if (target === 'kurator') {
    if (
      !(KURATOR_TRAFFIC_PROVIDERS as readonly string[]).includes(
        policy.provider,
      )
    ) {
      error(
        'provider',
        `provider must be one of ${KURATOR_TRAFFIC_PROVIDERS.join(
          ', ',
        )} for Kurator, got ${policy.provider}.`,
      );
    }
    if (service.name !== workload.name) {
      error(
        'service.name',
        `service.name "${service.name}" must equal workload.name "${workload.name}": Kurator reads the Canary by service name but creates it by workload name.`,
      );
    }
    if (policy.provider === 'nginx' && !service.host) {
      error(
        'service.host',
        'service.host is required with nginx: Kurator adds it as the rule host of the shared Ingress.',
      );
    }
    if (policy.gates)
      error(
        'gates',
        'gates cannot be expressed in a Kurator rollout policy (no confirm or rollback webhooks).',
      );
    if (analysis.loadTest?.url)
      warn(
        'analysis.loadTest.url',
        'analysis.loadTest.url is ignored by Kurator: it uses the private or the fleet loadtester.',
      );
    if (service.ingressName)
      warn(
        'service.ingressName',
        'service.ingressName is ignored by Kurator: it always uses the shared Ingress named nginx.',
      );
    if (service.targetPort !== undefined)
      warn(
        'service.targetPort',
        'service.targetPort is ignored by Kurator: it copies the targetPort of the existing Service.',
      );
    if (policy.provider !== 'istio') {
      for (const key of ISTIO_ONLY) {
        if (service[key] !== undefined)
          warn(
            `service.${key}`,
            `service.${key} is only rendered for istio; Kurator ignores it for ${policy.provider}.`,
          );
      }
    }
    if (service.protocol !== undefined && policy.provider !== 'kuma') {
      warn('service.protocol', 'service.protocol is only used with kuma.');
    }
    if (policy.provider === 'kuma' && service.port !== 9898) {
      warn(
        'service.port',
        `Kurator writes the Kuma protocol annotation for port 9898 whatever the port; port ${service.port} gets no protocol annotation.`,
      );
    }
    if (analysis.loadTest && !policy.testLoader) {
      warn(
        'testLoader',
        "Without testLoader the load test runs on the fleet's public loadtester: enable publicTestloader in the Fleet's flagger plugin.",
      );
    }
  } else {
    if (policy.provider === 'nginx' && !service.ingressName) {
      error(
        'service.ingressName',
        'service.ingressName is required with nginx: the Canary references the Ingress to shift.',
      );
    }
    if (policy.provider.startsWith('gatewayapi')) {
      error(
        'provider',
        `${policy.provider} needs service.gatewayRefs, which the policy model does not carry: write the Canary directly.`,
      );
    }
    if (
      policy.provider === 'knative' ||
      policy.provider === 'apisix' ||
      policy.provider === 'gloo'
    ) {
      error(
        'provider',
        `${policy.provider} needs a reference (Knative Service target, routeRef or upstreamRef) the policy model does not carry: write the Canary directly.`,
      );
    }
    if (analysis.loadTest && !analysis.loadTest.url) {
      error(
        'analysis.loadTest.url',
        'analysis.loadTest.url is required for a native canary: the loadtester URL, e.g. http://flagger-loadtester.test/.',
      );
    }
    if (service.host)
      warn(
        'service.host',
        'service.host is ignored for native canaries: set the host on the Ingress.',
      );
    if (policy.testLoader)
      warn(
        'testLoader',
        'testLoader only applies to Kurator; deploy a loadtester yourself for a native canary.',
      );
    if (
      !backstageGates &&
      (policy.gates?.confirmRollout ||
        policy.gates?.confirmPromotion ||
        policy.gates?.confirmTrafficIncrease)
    ) {
      warn(
        'gates',
        'Loadtester gates never close by themselves: close them after each approval, or the next release is approved too.',
      );
    }
  }
  return issues;
}
