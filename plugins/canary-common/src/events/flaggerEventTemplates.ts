import { parseGoDuration } from '../model/duration';
import type { TimelineEntryDetails } from './timelineEntry';

/**
 * How one verb of a template is matched and what value it takes:
 * `name` / `ns` are the two halves of `%s.%s`; `word` a token without spaces; `text` any text;
 * `int` `%d`/`%v` of an int; `float` `%v` of a float64; `float2` `%.2f`; `duration` `%v` of a Go
 * `time.Duration` (milliseconds when formatting); `quoted` `%q`.
 *
 * @public
 */
export type EventArgKind =
  | 'name'
  | 'ns'
  | 'word'
  | 'text'
  | 'int'
  | 'float'
  | 'float2'
  | 'duration'
  | 'quoted';

/**
 * One Flagger event template (from `pkg/controller/*.go` and `pkg/canary/deployment_ready.go`).
 *
 * @public
 */
export type FlaggerEventTemplate = {
  /** Stable id of the template. */
  readonly id: string;
  /** The Kubernetes event type Flagger records it with. */
  readonly eventType: 'Normal' | 'Warning';
  /** The Go format string, exactly as in Flagger's source. */
  readonly format: string;
  /** One entry per verb of `format`, in order. */
  readonly args: readonly EventArgKind[];
  /** Builds the typed timeline details from the captured values (strings, in verb order). */
  readonly build: (values: string[]) => TimelineEntryDetails;
};

const obj = (name: string, namespace: string) => ({ name, namespace });
const num = (text: string) => Number(text);
const ms = (text: string) => parseGoDuration(text) ?? Number.NaN;

/**
 * Every Flagger event message template the reference lists, most specific first (the order the
 * parser tries them).
 *
 * @public
 */
export const FLAGGER_EVENT_TEMPLATES = [
  {
    id: 'suspended',
    eventType: 'Normal',
    format: 'skipping canary run as object is suspended',
    args: [],
    build: () => ({ kind: 'suspended' }),
  },
  {
    id: 'metricProvidersError',
    eventType: 'Warning',
    format: 'Error checking metric providers: %v',
    args: ['text'],
    build: v => ({ kind: 'metric-providers', available: false, error: v[0] }),
  },
  {
    id: 'metricProvidersAvailable',
    eventType: 'Normal',
    format: 'all the metrics providers are available!',
    args: [],
    build: () => ({ kind: 'metric-providers', available: true }),
  },
  {
    id: 'initialized',
    eventType: 'Normal',
    format: 'Initialization done! %s.%s',
    args: ['name', 'ns'],
    build: v => ({ kind: 'initialized', canary: obj(v[0], v[1]) }),
  },
  {
    id: 'scaleDownFailed',
    eventType: 'Warning',
    format: 'scaling down canary %s %s.%s failed: %v',
    args: ['word', 'name', 'ns', 'text'],
    build: v => ({
      kind: 'error',
      workloadKind: v[0],
      target: obj(v[1], v[2]),
      error: v[3],
    }),
  },
  {
    id: 'newRevision',
    eventType: 'Normal',
    format: 'New revision detected! Scaling up %s.%s',
    args: ['name', 'ns'],
    build: v => ({
      kind: 'new-revision',
      target: obj(v[0], v[1]),
      restarted: false,
    }),
  },
  {
    id: 'analysisRestarted',
    eventType: 'Normal',
    format: 'New revision detected! Restarting analysis for %s.%s',
    args: ['name', 'ns'],
    build: v => ({
      kind: 'new-revision',
      target: obj(v[0], v[1]),
      restarted: true,
    }),
  },
  {
    id: 'waitingForApproval',
    eventType: 'Warning',
    format: 'Halt %s.%s advancement waiting for approval %s',
    args: ['name', 'ns', 'text'],
    build: v => ({
      kind: 'waiting-for-approval',
      gate: 'confirm-rollout',
      canary: obj(v[0], v[1]),
      webhook: v[2],
    }),
  },
  {
    id: 'confirmRolloutPassed',
    eventType: 'Normal',
    format: 'Confirm-rollout check %s passed',
    args: ['text'],
    build: v => ({
      kind: 'gate-passed',
      gate: 'confirm-rollout',
      webhook: v[0],
    }),
  },
  {
    id: 'analysisStarted',
    eventType: 'Normal',
    format: 'Starting canary analysis for %s.%s',
    args: ['name', 'ns'],
    build: v => ({ kind: 'analysis-started', target: obj(v[0], v[1]) }),
  },
  {
    id: 'preRolloutFailed',
    eventType: 'Warning',
    format: 'Halt %s.%s advancement pre-rollout check %s failed %v',
    args: ['name', 'ns', 'text', 'text'],
    build: v => ({
      kind: 'halted',
      reason: 'pre-rollout-failed',
      canary: obj(v[0], v[1]),
      webhook: v[2],
      error: v[3],
    }),
  },
  {
    id: 'preRolloutPassed',
    eventType: 'Normal',
    format: 'Pre-rollout check %s passed',
    args: ['text'],
    build: v => ({ kind: 'gate-passed', gate: 'pre-rollout', webhook: v[0] }),
  },
  {
    id: 'externalCheckFailed',
    eventType: 'Warning',
    format: 'Halt %s.%s advancement external check %s failed %v',
    args: ['name', 'ns', 'text', 'text'],
    build: v => ({
      kind: 'halted',
      reason: 'external-check-failed',
      canary: obj(v[0], v[1]),
      webhook: v[2],
      error: v[3],
    }),
  },
  {
    id: 'waitingForTrafficIncreaseApproval',
    eventType: 'Warning',
    format: 'Halt %s.%s advancement waiting for traffic increase approval %s',
    args: ['name', 'ns', 'text'],
    build: v => ({
      kind: 'waiting-for-approval',
      gate: 'confirm-traffic-increase',
      canary: obj(v[0], v[1]),
      webhook: v[2],
    }),
  },
  {
    id: 'confirmTrafficIncreasePassed',
    eventType: 'Normal',
    format: 'Confirm-traffic-increase check %s passed',
    args: ['text'],
    build: v => ({
      kind: 'gate-passed',
      gate: 'confirm-traffic-increase',
      webhook: v[0],
    }),
  },
  {
    id: 'weightAdvanced',
    eventType: 'Normal',
    format: 'Advance %s.%s canary weight %v',
    args: ['name', 'ns', 'int'],
    build: v => ({
      kind: 'weight-advanced',
      canary: obj(v[0], v[1]),
      weight: num(v[2]),
    }),
  },
  {
    id: 'iterationAdvanced',
    eventType: 'Normal',
    format: 'Advance %s.%s canary iteration %v/%v',
    args: ['name', 'ns', 'int', 'int'],
    build: v => ({
      kind: 'iteration-advanced',
      canary: obj(v[0], v[1]),
      iteration: num(v[2]),
      iterations: num(v[3]),
    }),
  },
  {
    id: 'mirroringStopped',
    eventType: 'Normal',
    format: 'Stop traffic mirroring and route all traffic to canary',
    args: [],
    build: () => ({
      kind: 'traffic-routed',
      to: 'canary',
      mirroringStopped: true,
    }),
  },
  {
    id: 'allTrafficToCanary',
    eventType: 'Normal',
    format: 'Routing all traffic to canary',
    args: [],
    build: () => ({
      kind: 'traffic-routed',
      to: 'canary',
      mirroringStopped: false,
    }),
  },
  {
    id: 'waitingForPromotionApproval',
    eventType: 'Warning',
    format: 'Halt %s.%s advancement waiting for promotion approval %s',
    args: ['name', 'ns', 'text'],
    build: v => ({
      kind: 'waiting-for-approval',
      gate: 'confirm-promotion',
      canary: obj(v[0], v[1]),
      webhook: v[2],
    }),
  },
  {
    id: 'confirmPromotionPassed',
    eventType: 'Normal',
    format: 'Confirm-promotion check %s passed',
    args: ['text'],
    build: v => ({
      kind: 'gate-passed',
      gate: 'confirm-promotion',
      webhook: v[0],
    }),
  },
  {
    id: 'promotionStarted',
    eventType: 'Normal',
    format: 'Copying %s.%s template spec to %s.%s',
    args: ['name', 'ns', 'name', 'ns'],
    build: v => ({
      kind: 'promotion-started',
      target: obj(v[0], v[1]),
      primary: obj(v[2], v[3]),
    }),
  },
  {
    id: 'allTrafficToPrimary',
    eventType: 'Normal',
    format: 'Routing all traffic to primary',
    args: [],
    build: () => ({
      kind: 'traffic-routed',
      to: 'primary',
      mirroringStopped: false,
    }),
  },
  {
    id: 'primaryWeightAdvanced',
    eventType: 'Normal',
    format: 'Advance %s.%s primary weight %v',
    args: ['name', 'ns', 'int'],
    build: v => ({
      kind: 'primary-weight-advanced',
      canary: obj(v[0], v[1]),
      weight: num(v[2]),
    }),
  },
  {
    id: 'promotionCompleted',
    eventType: 'Normal',
    format: 'Promotion completed! Scaling down %s.%s',
    args: ['name', 'ns'],
    build: v => ({
      kind: 'promotion-completed',
      target: obj(v[0], v[1]),
      analysisSkipped: false,
    }),
  },
  {
    id: 'promotionCompletedAnalysisSkipped',
    eventType: 'Normal',
    format: 'Promotion completed! Canary analysis was skipped for %s.%s',
    args: ['name', 'ns'],
    build: v => ({
      kind: 'promotion-completed',
      target: obj(v[0], v[1]),
      analysisSkipped: true,
    }),
  },
  {
    id: 'promotionFailed',
    eventType: 'Warning',
    format: 'Promotion of %s.%s failed, primary not ready: %v',
    args: ['name', 'ns', 'text'],
    build: v => ({
      kind: 'promotion-failed',
      target: obj(v[0], v[1]),
      error: v[2],
    }),
  },
  {
    id: 'rollbackFailedChecks',
    eventType: 'Warning',
    format: 'Rolling back %s.%s failed checks threshold reached %v',
    args: ['name', 'ns', 'int'],
    build: v => ({
      kind: 'rollback',
      canary: obj(v[0], v[1]),
      reason: 'failed-checks',
      failedChecks: num(v[2]),
    }),
  },
  {
    id: 'rollbackProgressDeadline',
    eventType: 'Warning',
    format: 'Rolling back %s.%s progress deadline exceeded %v',
    args: ['name', 'ns', 'text'],
    build: v => ({
      kind: 'rollback',
      canary: obj(v[0], v[1]),
      reason: 'progress-deadline',
      error: v[2],
    }),
  },
  {
    id: 'rollbackManualWebhook',
    eventType: 'Warning',
    format: 'Rolling back %s.%s manual webhook invoked',
    args: ['name', 'ns'],
    build: v => ({
      kind: 'rollback',
      canary: obj(v[0], v[1]),
      reason: 'manual-webhook',
    }),
  },
  {
    id: 'rollbackCheckPassed',
    eventType: 'Warning',
    format: 'Rollback check %s passed',
    args: ['text'],
    build: v => ({ kind: 'gate-passed', gate: 'rollback', webhook: v[0] }),
  },
  {
    id: 'rollbackHookIdle',
    eventType: 'Normal',
    format: 'Rollback hook %s not signaling a rollback',
    args: ['text'],
    build: v => ({ kind: 'rollback-hook-idle', webhook: v[0] }),
  },
  {
    id: 'canaryFailed',
    eventType: 'Warning',
    format: 'Canary failed! Scaling down %s.%s',
    args: ['name', 'ns'],
    build: v => ({ kind: 'failed', canary: obj(v[0], v[1]) }),
  },
  {
    id: 'postRolloutFailed',
    eventType: 'Warning',
    format: 'Post-rollout hook %s failed %v',
    args: ['text', 'text'],
    build: v => ({
      kind: 'webhook-failed',
      hook: 'post-rollout',
      webhook: v[0],
      error: v[1],
    }),
  },
  {
    id: 'postRolloutPassed',
    eventType: 'Normal',
    format: 'Post-rollout check %s passed',
    args: ['text'],
    build: v => ({ kind: 'gate-passed', gate: 'post-rollout', webhook: v[0] }),
  },
  {
    id: 'successRateBelow',
    eventType: 'Warning',
    format: 'Halt %s.%s advancement success rate %.2f%% < %v%%',
    args: ['name', 'ns', 'float2', 'float'],
    build: v => ({
      kind: 'halted',
      reason: 'success-rate',
      canary: obj(v[0], v[1]),
      metric: 'request-success-rate',
      value: num(v[2]),
      comparison: '<',
      threshold: num(v[3]),
    }),
  },
  {
    id: 'successRateAbove',
    eventType: 'Warning',
    format: 'Halt %s.%s advancement success rate %.2f%% > %v%%',
    args: ['name', 'ns', 'float2', 'float'],
    build: v => ({
      kind: 'halted',
      reason: 'success-rate',
      canary: obj(v[0], v[1]),
      metric: 'request-success-rate',
      value: num(v[2]),
      comparison: '>',
      threshold: num(v[3]),
    }),
  },
  {
    id: 'requestDurationAbove',
    eventType: 'Warning',
    format: 'Halt %s.%s advancement request duration %v > %v',
    args: ['name', 'ns', 'duration', 'duration'],
    build: v => ({
      kind: 'halted',
      reason: 'request-duration',
      canary: obj(v[0], v[1]),
      metric: 'request-duration',
      value: ms(v[2]),
      comparison: '>',
      threshold: ms(v[3]),
    }),
  },
  {
    id: 'requestDurationBelow',
    eventType: 'Warning',
    format: 'Halt %s.%s advancement request duration %v < %v',
    args: ['name', 'ns', 'duration', 'duration'],
    build: v => ({
      kind: 'halted',
      reason: 'request-duration',
      canary: obj(v[0], v[1]),
      metric: 'request-duration',
      value: ms(v[2]),
      comparison: '<',
      threshold: ms(v[3]),
    }),
  },
  {
    id: 'builtinNoValuesWithError',
    eventType: 'Warning',
    format:
      'Halt advancement no values found for %s metric %s probably %s.%s is not receiving traffic: %v',
    args: ['word', 'word', 'name', 'ns', 'text'],
    build: v => ({
      kind: 'halted',
      reason: 'no-metric-values',
      provider: v[0],
      metric: v[1],
      target: obj(v[2], v[3]),
      error: v[4],
    }),
  },
  {
    id: 'builtinNoValues',
    eventType: 'Warning',
    format:
      'Halt advancement no values found for %s metric %s probably %s.%s is not receiving traffic',
    args: ['word', 'word', 'name', 'ns'],
    build: v => ({
      kind: 'halted',
      reason: 'no-metric-values',
      provider: v[0],
      metric: v[1],
      target: obj(v[2], v[3]),
    }),
  },
  {
    id: 'prometheusQueryFailedFor',
    eventType: 'Warning',
    format: 'Prometheus query failed for %s: %v',
    args: ['word', 'text'],
    build: v => ({
      kind: 'metric-error',
      reason: 'query-failed',
      metric: v[0],
      error: v[1],
    }),
  },
  {
    id: 'prometheusQueryFailed',
    eventType: 'Warning',
    format: 'Prometheus query failed: %v',
    args: ['text'],
    build: v => ({ kind: 'metric-error', reason: 'query-failed', error: v[0] }),
  },
  {
    id: 'inlineNoValues',
    eventType: 'Warning',
    format: 'Halt advancement no values found for metric: %s',
    args: ['text'],
    build: v => ({ kind: 'halted', reason: 'no-metric-values', metric: v[0] }),
  },
  {
    id: 'customNoValues',
    eventType: 'Warning',
    format: 'Halt advancement no values found for custom metric: %s: %v',
    args: ['word', 'text'],
    build: v => ({
      kind: 'halted',
      reason: 'no-metric-values',
      metric: v[0],
      error: v[1],
    }),
  },
  {
    id: 'metricBelow',
    eventType: 'Warning',
    format: 'Halt %s.%s advancement %s %.2f < %v',
    args: ['name', 'ns', 'word', 'float2', 'float'],
    build: v => ({
      kind: 'halted',
      reason: 'metric-out-of-range',
      canary: obj(v[0], v[1]),
      metric: v[2],
      value: num(v[3]),
      comparison: '<',
      threshold: num(v[4]),
    }),
  },
  {
    id: 'metricAbove',
    eventType: 'Warning',
    format: 'Halt %s.%s advancement %s %.2f > %v',
    args: ['name', 'ns', 'word', 'float2', 'float'],
    build: v => ({
      kind: 'halted',
      reason: 'metric-out-of-range',
      canary: obj(v[0], v[1]),
      metric: v[2],
      value: num(v[3]),
      comparison: '>',
      threshold: num(v[4]),
    }),
  },
  {
    id: 'metricTemplateSecretError',
    eventType: 'Warning',
    format: 'Metric template %s.%s secret %s error: %v',
    args: ['name', 'ns', 'word', 'text'],
    build: v => ({
      kind: 'metric-error',
      reason: 'template-secret',
      template: obj(v[0], v[1]),
      detail: v[2],
      error: v[3],
    }),
  },
  {
    id: 'metricTemplateProviderError',
    eventType: 'Warning',
    format: 'Metric template %s.%s provider %s error: %v',
    args: ['name', 'ns', 'word', 'text'],
    build: v => ({
      kind: 'metric-error',
      reason: 'template-provider',
      template: obj(v[0], v[1]),
      detail: v[2],
      error: v[3],
    }),
  },
  {
    id: 'metricTemplateRenderError',
    eventType: 'Warning',
    format: 'Metric template %s.%s query render error: %v',
    args: ['name', 'ns', 'text'],
    build: v => ({
      kind: 'metric-error',
      reason: 'template-render',
      template: obj(v[0], v[1]),
      error: v[2],
    }),
  },
  {
    id: 'metricTemplateError',
    eventType: 'Warning',
    format: 'Metric template %s.%s error: %v',
    args: ['name', 'ns', 'text'],
    build: v => ({
      kind: 'metric-error',
      reason: 'template',
      template: obj(v[0], v[1]),
      error: v[2],
    }),
  },
  {
    id: 'noUsableMetric',
    eventType: 'Warning',
    format:
      'Metric query failed for no usable metrics template and query were configured',
    args: [],
    build: () => ({ kind: 'metric-error', reason: 'no-usable-metric' }),
  },
  {
    id: 'metricQueryFailed',
    eventType: 'Warning',
    format: 'Metric query failed for %s: %v',
    args: ['word', 'text'],
    build: v => ({
      kind: 'metric-error',
      reason: 'query-failed',
      metric: v[0],
      error: v[1],
    }),
  },
  {
    id: 'knativeServiceError',
    eventType: 'Warning',
    format: 'Error fetching Knative service %s/%s %v',
    args: ['word', 'word', 'text'],
    build: v => ({
      kind: 'metric-error',
      reason: 'knative-service',
      detail: `${v[0]}/${v[1]}`,
      error: v[2],
    }),
  },
  {
    id: 'prometheusClientError',
    eventType: 'Warning',
    format: 'Error building Prometheus client for %s %v',
    args: ['word', 'text'],
    build: v => ({
      kind: 'metric-error',
      reason: 'prometheus-client',
      detail: v[0],
      error: v[1],
    }),
  },
  {
    id: 'abTestingNotSupported',
    eventType: 'Warning',
    format: 'A/B testing is not supported when using the kubernetes provider',
    args: [],
    build: () => ({
      kind: 'provider-warning',
      warning: 'ab-testing-not-supported',
    }),
  },
  {
    id: 'progressiveTrafficNotSupported',
    eventType: 'Warning',
    format:
      'Progressive traffic is not supported when using the kubernetes provider',
    args: [],
    build: () => ({
      kind: 'provider-warning',
      warning: 'progressive-not-supported',
    }),
  },
  {
    id: 'iterationsForced',
    eventType: 'Warning',
    format: 'Setting canaryAnalysis.iterations: 10',
    args: [],
    build: () => ({ kind: 'provider-warning', warning: 'iterations-forced' }),
  },
  {
    id: 'terminating',
    eventType: 'Normal',
    format: 'Terminating canary %s.%s',
    args: ['name', 'ns'],
    build: v => ({ kind: 'terminating', canary: obj(v[0], v[1]) }),
  },
  {
    id: 'terminated',
    eventType: 'Normal',
    format: 'Terminated canary %s.%s',
    args: ['name', 'ns'],
    build: v => ({ kind: 'terminated', canary: obj(v[0], v[1]) }),
  },
  {
    id: 'canaryNotReadyUpdatedReplicas',
    eventType: 'Warning',
    format:
      'canary deployment %s.%s not ready: waiting for rollout to finish: %d out of %d new replicas have been updated',
    args: ['name', 'ns', 'int', 'int'],
    build: v => ({
      kind: 'readiness-warning',
      workload: 'canary',
      name: v[0],
      namespace: v[1],
      detail: `${v[2]} out of ${v[3]} new replicas have been updated`,
      updatedReplicas: num(v[2]),
      desiredReplicas: num(v[3]),
    }),
  },
  {
    id: 'canaryNotReadyPendingTermination',
    eventType: 'Warning',
    format:
      'canary deployment %s.%s not ready: waiting for rollout to finish: %d old replicas are pending termination',
    args: ['name', 'ns', 'int'],
    build: v => ({
      kind: 'readiness-warning',
      workload: 'canary',
      name: v[0],
      namespace: v[1],
      detail: `${v[2]} old replicas are pending termination`,
      pendingTermination: num(v[2]),
    }),
  },
  {
    id: 'canaryNotReadyAvailableReplicas',
    eventType: 'Warning',
    format:
      'canary deployment %s.%s not ready: waiting for rollout to finish: %d of %d (readyThreshold %d%%) updated replicas are available',
    args: ['name', 'ns', 'int', 'int', 'int'],
    build: v => ({
      kind: 'readiness-warning',
      workload: 'canary',
      name: v[0],
      namespace: v[1],
      detail: `${v[2]} of ${v[3]} updated replicas are available (ready threshold ${v[4]}%)`,
      availableReplicas: num(v[2]),
      desiredReplicas: num(v[3]),
      readyThreshold: num(v[4]),
    }),
  },
  {
    id: 'canaryNotReadyGeneration',
    eventType: 'Warning',
    format:
      'canary deployment %s.%s not ready: waiting for rollout to finish: observed deployment generation less than desired generation',
    args: ['name', 'ns'],
    build: v => ({
      kind: 'readiness-warning',
      workload: 'canary',
      name: v[0],
      namespace: v[1],
      detail: 'observed deployment generation less than desired generation',
    }),
  },
  {
    id: 'canaryNotReady',
    eventType: 'Warning',
    format: 'canary deployment %s.%s not ready: %v',
    args: ['name', 'ns', 'text'],
    build: v => ({
      kind: 'readiness-warning',
      workload: 'canary',
      name: v[0],
      namespace: v[1],
      detail: v[2],
    }),
  },
  {
    id: 'primaryNotReady',
    eventType: 'Warning',
    format: '%s-primary.%s not ready: %v',
    args: ['name', 'ns', 'text'],
    build: v => ({
      kind: 'readiness-warning',
      workload: 'primary',
      name: `${v[0]}-primary`,
      namespace: v[1],
      detail: v[2],
    }),
  },
  {
    id: 'progressDeadlineExceeded',
    eventType: 'Warning',
    format: 'deployment %q exceeded its progress deadline',
    args: ['quoted'],
    build: v => ({
      kind: 'readiness-warning',
      workload: 'deployment',
      name: v[0],
      detail: 'exceeded its progress deadline',
    }),
  },
  {
    id: 'primaryScaledToZero',
    eventType: 'Warning',
    format: 'halt %s.%s advancement: primary deployment is scaled to zero',
    args: ['name', 'ns'],
    build: v => ({
      kind: 'halted',
      reason: 'primary-scaled-to-zero',
      canary: obj(v[0], v[1]),
    }),
  },
] as const satisfies readonly FlaggerEventTemplate[];

/**
 * Id of a Flagger event template.
 *
 * @public
 */
export type FlaggerEventTemplateId =
  (typeof FLAGGER_EVENT_TEMPLATES)[number]['id'];
