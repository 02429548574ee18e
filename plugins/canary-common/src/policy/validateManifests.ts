import type { Canary } from '../model/canary';
import { getCanaryAnalysis, isBuiltinMetricName } from '../model/canary';
import type { Application } from '../model/application';
import { FLAGGER_INTERVAL_PATTERN } from '../model/duration';
import { isValidObjectName } from '../model/kubernetes';
import { readManifest } from '../model/manifests';
import { planCanaryWeights } from '../rollout/plan';
import {
  queryTellsCanaryFromPrimary,
  sameQueryWarning,
} from '../metrics/sameQuery';
import { parseKuratorRollout } from './kuratorRollout';
import type { PolicyIssue } from './rolloutPolicy';
import { validateRolloutPolicy } from './validateRolloutPolicy';

/**
 * Validates a Canary manifest: structure (zod), then Flagger's rules: exactly one of
 * iterations/stepWeight/stepWeights, interval patterns `^[0-9]+(m|s)`, metrics backed by a
 * template or query, nginx ingressRef, stepWeight overshoot, deprecated fields.
 *
 * @public
 */
export function validateCanaryManifest(input: unknown): PolicyIssue[] {
  const read = readManifest(input);
  if (!read.ok || read.kind !== 'Canary') {
    return read.ok
      ? [
          {
            path: 'kind',
            message: `kind must be Canary, got ${read.kind}`,
            severity: 'error',
          },
        ]
      : read.issues.map(i => ({ ...i, severity: 'error' as const }));
  }
  const issues: PolicyIssue[] = read.upgrade.map(change => ({
    path: change.path,
    message: `${change.path}: ${change.message}`,
    severity: 'warning' as const,
  }));
  return issues.concat(checkCanary(read.object));
}

function checkCanary(canary: Canary): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  const error = (path: string, message: string) =>
    issues.push({ path, message, severity: 'error' });
  const warn = (path: string, message: string) =>
    issues.push({ path, message, severity: 'warning' });
  const spec = canary.spec;
  const a = getCanaryAnalysis(canary);
  const base = 'spec.analysis';
  if (!canary.metadata.name || !isValidObjectName(canary.metadata.name)) {
    error(
      'metadata.name',
      `metadata.name "${
        canary.metadata.name ?? ''
      }" must be a lowercase RFC 1123 name.`,
    );
  }
  if (!a) {
    error(
      base,
      `${base} is required by the Canary CRD (interval, threshold and one of iterations, stepWeight, stepWeights).`,
    );
    return issues;
  }
  for (const key of ['interval', 'threshold'] as const) {
    if (a[key] === undefined)
      error(`${base}.${key}`, `${base}.${key} is required by the Canary CRD.`);
  }
  const modes = (['iterations', 'stepWeight', 'stepWeights'] as const).filter(
    k => a[k] !== undefined,
  );
  if (modes.length !== 1) {
    error(
      base,
      `${base}: set exactly one of iterations, stepWeight or stepWeights${
        modes.length ? `; found ${modes.join(' and ')}` : '; none is set'
      }.`,
    );
  }
  if (a.interval !== undefined && !FLAGGER_INTERVAL_PATTERN.test(a.interval)) {
    error(
      `${base}.interval`,
      `${base}.interval "${a.interval}" must match ^[0-9]+(m|s) (seconds or minutes, no hours).`,
    );
  }
  if (a.stepWeight !== undefined && modes.length === 1) {
    const planned = planCanaryWeights(a);
    if (planned.overshoot) {
      warn(
        `${base}.stepWeight`,
        `${base}.stepWeight ${a.stepWeight} overshoots maxWeight ${
          planned.maxWeight
        }: the last step routes ${
          planned.weights[planned.weights.length - 1]
        }% to the canary.`,
      );
    }
  }
  if (a.mirror && a.iterations === undefined)
    error(
      `${base}.mirror`,
      `${base}.mirror needs iterations (Blue/Green with mirroring).`,
    );
  (a.metrics ?? []).forEach((m, i) => {
    const path = `${base}.metrics[${i}]`;
    if (
      m.interval !== undefined &&
      !FLAGGER_INTERVAL_PATTERN.test(m.interval)
    ) {
      error(
        `${path}.interval`,
        `${path}.interval "${m.interval}" must match ^[0-9]+(m|s).`,
      );
    }
    if (m.templateRef && !m.interval) {
      warn(
        `${path}.interval`,
        `${path}.interval is not set: Flagger renders {{ interval }} empty for templated metrics; set it.`,
      );
    }
    if (!isBuiltinMetricName(m.name) && !m.templateRef && !m.query) {
      error(
        `${path}`,
        `${path} "${m.name}" is not builtin and has neither templateRef nor query: Flagger reports "no usable metrics template and query were configured".`,
      );
    }
    if (m.threshold !== undefined) {
      warn(
        `${path}.threshold`,
        `${path}.threshold is deprecated: use thresholdRange.${
          m.name === 'request-success-rate' && !m.templateRef ? 'min' : 'max'
        }.`,
      );
    }
    if (m.query)
      warn(
        `${path}.query`,
        `${path}.query is deprecated: use a MetricTemplate and templateRef.`,
      );
    if (m.query && !queryTellsCanaryFromPrimary(m.query))
      warn(`${path}.query`, sameQueryWarning(`${path}.query ("${m.name}")`));
    const r = m.thresholdRange;
    if (r?.min !== undefined && r.max !== undefined && r.min > r.max) {
      error(
        `${path}.thresholdRange`,
        `${path}.thresholdRange.min must not exceed max.`,
      );
    }
  });
  (a.webhooks ?? []).forEach((w, i) => {
    if (w.timeout !== undefined && !FLAGGER_INTERVAL_PATTERN.test(w.timeout)) {
      error(
        `${base}.webhooks[${i}].timeout`,
        `${base}.webhooks[${i}].timeout "${w.timeout}" must match ^[0-9]+(m|s).`,
      );
    }
  });
  if (spec.provider === 'nginx' && !spec.ingressRef) {
    error(
      'spec.ingressRef',
      'spec.ingressRef is required with provider nginx: the Ingress whose traffic Flagger shifts.',
    );
  }
  if (
    spec.provider?.startsWith('gatewayapi') &&
    !spec.service?.gatewayRefs?.length
  ) {
    error(
      'spec.service.gatewayRefs',
      `spec.service.gatewayRefs is required with provider ${spec.provider}.`,
    );
  }
  if (spec.targetRef.kind === 'Service' && spec.provider !== 'knative') {
    warn(
      'spec.targetRef.kind',
      'targetRef kind Service means a Knative Service: set provider knative.',
    );
  }
  if (!spec.service && spec.provider !== 'knative') {
    warn(
      'spec.service',
      'spec.service is missing: Flagger needs service.port to generate the Services.',
    );
  }
  if (
    spec.provider === 'kubernetes' &&
    (a.match?.length || a.stepWeight !== undefined || a.stepWeights)
  ) {
    warn(
      base,
      'The kubernetes provider supports Blue/Green only: match and weights are ignored and iterations defaults to 10.',
    );
  }
  const sa = a.sessionAffinity;
  if (
    sa &&
    sa.primaryCookieName !== undefined &&
    sa.primaryCookieName === sa.cookieName
  ) {
    error(
      `${base}.sessionAffinity.primaryCookieName`,
      `${base}.sessionAffinity.primaryCookieName must differ from cookieName.`,
    );
  }
  return issues;
}

const POLICY_PATHS: [RegExp, string][] = [
  [
    /^traffic\.(maxWeight|stepWeight|stepWeights|stepWeightPromotion)/,
    'rolloutPolicy.trafficRouting.canaryStrategy.$1',
  ],
  [/^traffic\.iterations/, 'rolloutPolicy.trafficRouting.analysisTimes'],
  [/^traffic\.match/, 'rolloutPolicy.trafficRouting.match'],
  [/^traffic$/, 'rolloutPolicy.trafficRouting'],
  [/^service\.name/, 'serviceName'],
  [/^service\.port/, 'port'],
  [
    /^service\.(timeoutSeconds|gateways|hosts|host|protocol|retries|headers|corsPolicy)/,
    'rolloutPolicy.trafficRouting.$1',
  ],
  [
    /^analysis\.intervalSeconds/,
    'rolloutPolicy.trafficAnalysis.checkIntervalSeconds',
  ],
  [/^analysis\.threshold/, 'rolloutPolicy.trafficAnalysis.checkFailedTimes'],
  [
    /^analysis\.metrics\[(\d+)\]\.custom/,
    'rolloutPolicy.trafficAnalysis.metrics[$1].customMetric',
  ],
  [/^analysis\.metrics/, 'rolloutPolicy.trafficAnalysis.metrics'],
  [
    /^analysis\.loadTest\.timeoutSeconds/,
    'rolloutPolicy.trafficAnalysis.webhooks.timeoutSeconds',
  ],
  [/^analysis\.loadTest/, 'rolloutPolicy.trafficAnalysis.webhooks'],
  [
    /^analysis\.sessionAffinity/,
    'rolloutPolicy.trafficAnalysis.sessionAffinity',
  ],
  [/^provider/, 'trafficRoutingProvider'],
  [/^rolloutTimeoutSeconds/, 'rolloutPolicy.rolloutTimeoutSeconds'],
  [/^skipAnalysis/, 'rolloutPolicy.skipTrafficAnalysis'],
  [/^(suspend|revertOnDeletion)/, 'rolloutPolicy.$1'],
];

/**
 * Translates a rollout-policy field path into the path of the same field in a Kurator
 * `syncPolicies[].rollout` block (e.g. `traffic.stepWeight` to
 * `rolloutPolicy.trafficRouting.canaryStrategy.stepWeight`).
 *
 * @public
 */
export function toKuratorRolloutPath(policyPath: string): string {
  for (const [pattern, replacement] of POLICY_PATHS) {
    const match = pattern.exec(policyPath);
    if (match) return policyPath.replace(pattern, replacement);
  }
  return policyPath;
}

/**
 * Validates a Kurator Application: structure (zod), then for every rollout the fields Kurator
 * dereferences without checks (the reconciler panics without them), then the rollout-policy rules
 * for target `kurator`, with paths into the Application.
 *
 * @public
 */
export function validateApplicationManifest(input: unknown): PolicyIssue[] {
  const read = readManifest(input);
  if (!read.ok || read.kind !== 'Application') {
    return read.ok
      ? [
          {
            path: 'kind',
            message: `kind must be Application, got ${read.kind}`,
            severity: 'error',
          },
        ]
      : read.issues.map(i => ({ ...i, severity: 'error' as const }));
  }
  return checkApplication(read.object);
}

function checkApplication(app: Application): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  const error = (path: string, message: string) =>
    issues.push({ path, message, severity: 'error' });
  const warn = (path: string, message: string) =>
    issues.push({ path, message, severity: 'warning' });
  if (!app.metadata.name || !isValidObjectName(app.metadata.name)) {
    error(
      'metadata.name',
      `metadata.name "${
        app.metadata.name ?? ''
      }" must be a lowercase RFC 1123 name (a-z, 0-9, "-", ".").`,
    );
  }
  const fleets = new Set<string>();
  if (app.spec.destination?.fleet) fleets.add(app.spec.destination.fleet);
  app.spec.syncPolicies.forEach((sp, i) => {
    if (sp.destination?.fleet) fleets.add(sp.destination.fleet);
    const rollout = sp.rollout;
    if (!rollout) return;
    const base = `spec.syncPolicies[${i}].rollout`;
    const before = issues.length;
    if (!rollout.workload.namespace) {
      error(
        `${base}.workload.namespace`,
        `${base}.workload.namespace is required: Kurator creates the Canary and its objects there.`,
      );
    }
    const rp = rollout.rolloutPolicy;
    if (!rp.trafficRouting) {
      error(
        `${base}.rolloutPolicy.trafficRouting`,
        `${base}.rolloutPolicy.trafficRouting is required: Kurator's renderer dereferences it.`,
      );
    }
    const ta = rp.trafficAnalysis;
    if (!ta) {
      error(
        `${base}.rolloutPolicy.trafficAnalysis`,
        `${base}.rolloutPolicy.trafficAnalysis is required (checkIntervalSeconds, checkFailedTimes).`,
      );
    } else {
      if (ta.checkIntervalSeconds === undefined)
        error(
          `${base}.rolloutPolicy.trafficAnalysis.checkIntervalSeconds`,
          `${base}.rolloutPolicy.trafficAnalysis.checkIntervalSeconds is required (seconds between checks); nothing defaults it.`,
        );
      if (ta.checkFailedTimes === undefined)
        error(
          `${base}.rolloutPolicy.trafficAnalysis.checkFailedTimes`,
          `${base}.rolloutPolicy.trafficAnalysis.checkFailedTimes is required (failed checks before rollback).`,
        );
      (ta.metrics ?? []).forEach((m, j) => {
        if (m.intervalSeconds === undefined)
          error(
            `${base}.rolloutPolicy.trafficAnalysis.metrics[${j}].intervalSeconds`,
            `${base}.rolloutPolicy.trafficAnalysis.metrics[${j}].intervalSeconds is required: Kurator dereferences it without a check.`,
          );
      });
      if (
        (ta.webhooks?.command?.length ?? 0) > 0 &&
        ta.webhooks?.timeoutSeconds === undefined
      ) {
        error(
          `${base}.rolloutPolicy.trafficAnalysis.webhooks.timeoutSeconds`,
          `${base}.rolloutPolicy.trafficAnalysis.webhooks.timeoutSeconds is required when command is set.`,
        );
      }
    }
    if (rollout.primary || rollout.preview) {
      warn(
        `${base}.${rollout.primary ? 'primary' : 'preview'}`,
        `${base}.primary and preview are ignored by Kurator's renderer.`,
      );
    }
    if (
      issues.length > before &&
      issues.slice(before).some(x => x.severity === 'error')
    )
      return;
    const policy = parseKuratorRollout(rollout);
    for (const issue of validateRolloutPolicy(policy, 'kurator')) {
      const path = `${base}.${toKuratorRolloutPath(issue.path)}`;
      issues.push({ ...issue, path, message: `${path}: ${issue.message}` });
    }
  });
  if (fleets.size > 1) {
    error(
      'spec.syncPolicies',
      `All sync policies must use the same fleet (Kurator's webhook), found ${[
        ...fleets,
      ].join(', ')}.`,
    );
  }
  return issues;
}
