/*
 * The Kubernetes events the lab's Flagger records, written from Flagger's source formats (the
 * reference's section 1.5, pkg/controller/*.go) by the lab itself: the product parses them with
 * its own templates, so a mistake in either shows up as a timeline the tests do not expect.
 */
import { type GoValue, goSprintf } from './goFormat';

type EventSpec = {
  type: 'Normal' | 'Warning';
  /** Flagger's format string, verbatim. */
  format: string;
  /** The argument positions that are Go durations (given in milliseconds). */
  durations?: readonly number[];
};

const normal = (format: string): EventSpec => ({ type: 'Normal', format });
const warning = (format: string): EventSpec => ({ type: 'Warning', format });

/** Every event the lab records, by the name the lab's scheduler uses for it. */
export const FLAGGER_EVENTS = {
  // Initialization
  metricProvidersError: warning('Error checking metric providers: %v'),
  metricProvidersAvailable: normal('all the metrics providers are available!'),
  initialized: normal('Initialization done! %s.%s'),
  scaleDownFailed: warning('scaling down canary %s %s.%s failed: %v'),
  suspended: normal('skipping canary run as object is suspended'),
  // A new revision and its gates
  newRevision: normal('New revision detected! Scaling up %s.%s'),
  analysisRestarted: normal(
    'New revision detected! Restarting analysis for %s.%s',
  ),
  waitingForApproval: warning('Halt %s.%s advancement waiting for approval %s'),
  confirmRolloutPassed: normal('Confirm-rollout check %s passed'),
  analysisStarted: normal('Starting canary analysis for %s.%s'),
  preRolloutFailed: warning(
    'Halt %s.%s advancement pre-rollout check %s failed %v',
  ),
  preRolloutPassed: normal('Pre-rollout check %s passed'),
  externalCheckFailed: warning(
    'Halt %s.%s advancement external check %s failed %v',
  ),
  waitingForTrafficIncreaseApproval: warning(
    'Halt %s.%s advancement waiting for traffic increase approval %s',
  ),
  confirmTrafficIncreasePassed: normal(
    'Confirm-traffic-increase check %s passed',
  ),
  // Steps and promotion
  weightAdvanced: normal('Advance %s.%s canary weight %v'),
  iterationAdvanced: normal('Advance %s.%s canary iteration %v/%v'),
  mirroringStopped: normal(
    'Stop traffic mirroring and route all traffic to canary',
  ),
  allTrafficToCanary: normal('Routing all traffic to canary'),
  waitingForPromotionApproval: warning(
    'Halt %s.%s advancement waiting for promotion approval %s',
  ),
  confirmPromotionPassed: normal('Confirm-promotion check %s passed'),
  promotionStarted: normal('Copying %s.%s template spec to %s.%s'),
  allTrafficToPrimary: normal('Routing all traffic to primary'),
  primaryWeightAdvanced: normal('Advance %s.%s primary weight %v'),
  promotionCompleted: normal('Promotion completed! Scaling down %s.%s'),
  promotionCompletedAnalysisSkipped: normal(
    'Promotion completed! Canary analysis was skipped for %s.%s',
  ),
  // Rollback
  rollbackFailedChecks: warning(
    'Rolling back %s.%s failed checks threshold reached %v',
  ),
  rollbackProgressDeadline: warning(
    'Rolling back %s.%s progress deadline exceeded %v',
  ),
  rollbackManualWebhook: warning('Rolling back %s.%s manual webhook invoked'),
  rollbackCheckPassed: warning('Rollback check %s passed'),
  rollbackHookIdle: normal('Rollback hook %s not signaling a rollback'),
  canaryFailed: warning('Canary failed! Scaling down %s.%s'),
  postRolloutFailed: warning('Post-rollout hook %s failed %v'),
  postRolloutPassed: normal('Post-rollout check %s passed'),
  // Metric checks
  successRateBelow: warning(
    'Halt %s.%s advancement success rate %.2f%% < %v%%',
  ),
  successRateAbove: warning(
    'Halt %s.%s advancement success rate %.2f%% > %v%%',
  ),
  requestDurationAbove: {
    ...warning('Halt %s.%s advancement request duration %v > %v'),
    durations: [2, 3],
  },
  requestDurationBelow: {
    ...warning('Halt %s.%s advancement request duration %v < %v'),
    durations: [2, 3],
  },
  builtinNoValuesWithError: warning(
    'Halt advancement no values found for %s metric %s probably %s.%s is not receiving traffic: %v',
  ),
  builtinNoValues: warning(
    'Halt advancement no values found for %s metric %s probably %s.%s is not receiving traffic',
  ),
  prometheusQueryFailed: warning('Prometheus query failed: %v'),
  prometheusQueryFailedFor: warning('Prometheus query failed for %s: %v'),
  inlineNoValues: warning('Halt advancement no values found for metric: %s'),
  metricBelow: warning('Halt %s.%s advancement %s %.2f < %v'),
  metricAbove: warning('Halt %s.%s advancement %s %.2f > %v'),
  metricTemplateError: warning('Metric template %s.%s error: %v'),
  metricTemplateProviderError: warning(
    'Metric template %s.%s provider %s error: %v',
  ),
  metricTemplateRenderError: warning(
    'Metric template %s.%s query render error: %v',
  ),
  customNoValues: warning(
    'Halt advancement no values found for custom metric: %s: %v',
  ),
  metricQueryFailed: warning('Metric query failed for %s: %v'),
  noUsableMetric: warning(
    'Metric query failed for no usable metrics template and query were configured',
  ),
  // The kubernetes provider
  abTestingNotSupported: warning(
    'A/B testing is not supported when using the kubernetes provider',
  ),
  progressiveTrafficNotSupported: warning(
    'Progressive traffic is not supported when using the kubernetes provider',
  ),
  iterationsForced: warning('Setting canaryAnalysis.iterations: 10'),
  // Errors from pkg/canary/deployment_ready.go, recorded as "%v"
  canaryNotReady: warning('canary deployment %s.%s not ready: %v'),
  primaryNotReady: warning('%s-primary.%s not ready: %v'),
  primaryScaledToZero: warning(
    'halt %s.%s advancement: primary deployment is scaled to zero',
  ),
} satisfies Record<string, EventSpec>;

/** The name of one of the lab's Flagger events. */
export type FlaggerEventName = keyof typeof FLAGGER_EVENTS;

/** An event's type and message, with its arguments in the format's order. */
export function flaggerEvent(
  name: FlaggerEventName,
  ...args: Array<string | number>
): { type: 'Normal' | 'Warning'; message: string } {
  const spec: EventSpec = FLAGGER_EVENTS[name];
  const values: GoValue[] = args.map((arg, index) =>
    spec.durations?.includes(index) && typeof arg === 'number'
      ? { durationMs: arg }
      : arg,
  );
  return { type: spec.type, message: goSprintf(spec.format, values) };
}
