/**
 * Domain knowledge and contracts shared by the Backstage Canary packages.
 *
 * @packageDocumentation
 */

export * from './constants';
export * from './permissions';
export {
  ROLLOUT_ACTION_PERMISSIONS,
  rolloutActionPermission,
} from './rolloutActionPermissions';
export * from './entityTargets';
export * from './model/kubernetes';
export * from './model/kubernetesApiPaths';
export * from './model/duration';
export * from './model/canary';
export * from './model/canaryPhases';
export {
  readFlaggerWebhookPayload,
  type FlaggerWebhookPayload,
  type FlaggerWebhookPayloadReading,
} from './model/flaggerWebhookPayload';
export * from './model/metricTemplate';
export * from './model/alertProvider';
export * from './model/application';
export * from './model/fleet';
export * from './model/upgradeCanary';
export * from './model/manifests';
export * from './events/timelineEntry';
export {
  TIMELINE_ENTRY_KINDS,
  TIMELINE_KINDS,
  isTimelineKind,
  type TimelineEntryKind,
  type TimelineKind,
} from './events/timelineKinds';
export * from './events/flaggerEventTemplates';
export * from './events/parseFlaggerEvent';
export * from './rollout/strategy';
export * from './rollout/plan';
export * from './rollout/kuratorOwnership';
export * from './rollout/rolloutState';
export * from './rollout/runExplanation';
export * from './rollout/runClock';
export * from './rollout/pendingChange';
export * from './rollout/rolloutActions';
export * from './rollout/rolloutBinding';
export * from './rollout/revisionRollback';
export * from './metrics/renderFlaggerTemplate';
export * from './metrics/builtinQueries';
export * from './metrics/metricUnits';
export * from './metrics/canaryMetricQueries';
export * from './policy/compact';
export * from './policy/rolloutPolicy';
export * from './policy/kuratorRollout';
export * from './policy/flaggerCanary';
export * from './policy/validateRolloutPolicy';
export * from './policy/validateManifests';
export * from './kurator/kuratorCanaryMapping';
export * from './kurator/kuratorPlacement';
export * from './api/rolloutTypes';
export * from './api/rolloutContextTypes';
export * from './api/policyTypes';
export * from './api/rollbackTypes';
export * from './api/CanaryClient';
export {
  flaggerCustomResourceDefinitions,
  kuratorCustomResourceDefinitions,
  GENERATED_CRD_ANNOTATION,
  type CustomResourceDefinition,
} from './crds/customResourceDefinitions';
export {
  structuralSchemaOf,
  type JsonSchemaProps,
} from './crds/structuralSchema';
