/**
 * Domain knowledge and contracts shared by the Backstage Canary packages.
 *
 * @packageDocumentation
 */

// Plugin id, annotations and labels shared by every Canary package.
export {
  CANARY_PLUGIN_ID,
  ANNOTATION_KURATOR_APPLICATION,
  ANNOTATION_HOST_CLUSTER,
  ANNOTATION_CANARY,
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_LABEL_SELECTOR,
  CANARY_ENTITY_ANNOTATIONS,
  CANARY_SIGNAL_CHANNEL,
  ANNOTATION_ENTITY_REF,
  LABEL_KUBERNETES_ID,
} from './constants';
// The permissions of the Canary plugin.
export {
  canaryRolloutReadPermission,
  canaryRolloutPausePermission,
  canaryRolloutPromotePermission,
  canaryRolloutAbortPermission,
  canaryRolloutRetryPermission,
  canaryRolloutApprovePermission,
  canaryPolicyCreatePermission,
  canaryPermissions,
} from './permissions';
// The catalog-entity permission each rollout action needs.
export {
  ROLLOUT_ACTION_PERMISSIONS,
  rolloutActionPermission,
} from './rolloutActionPermissions';
// Which Kubernetes objects a catalog entity points at.
export {
  parseNamespacedName,
  getCanaryEntityTargets,
  isCanaryAvailable,
  type NamespacedName,
  type CanaryEntityTargets,
} from './entityTargets';
// The parts of Kubernetes objects the canary domain reads.
export {
  isValidObjectName,
  isValidLabelName,
  objectMetaSchema,
  conditionSchema,
  typedObjectRefSchema,
  DNS1123_LABEL,
  DNS1123_SUBDOMAIN,
  type ObjectMeta,
  type Condition,
  type TypedObjectRef,
} from './model/kubernetes';
// Where the Kubernetes API serves each kind the plugin reads.
export {
  kubeApiVersionPath,
  kubeCollectionPath,
  kubeObjectPath,
  KUBE_RESOURCES,
  type KubeResource,
  type KubeKind,
} from './model/kubernetesApiPaths';
// Go duration strings, parsed and formatted.
export {
  parseGoDuration,
  formatGoDuration,
  formatIntervalSeconds,
  FLAGGER_INTERVAL_PATTERN,
} from './model/duration';
// Flagger's Canary resource.
export {
  isBuiltinMetricName,
  getCanaryAnalysis,
  FLAGGER_API_VERSION,
  FLAGGER_PROVIDERS,
  CANARY_PHASES,
  WEBHOOK_TYPES,
  BUILTIN_METRIC_NAMES,
  stringMatchSchema,
  httpMatchSchema,
  canaryMetricSchema,
  canaryWebhookSchema,
  canaryAlertSchema,
  canaryAnalysisSchema,
  canaryServiceSchema,
  canarySpecSchema,
  canaryStatusSchema,
  canarySchema,
  type FlaggerProvider,
  type CanaryPhase,
  type WebhookType,
  type BuiltinMetricName,
  type HttpMatch,
  type CanaryMetric,
  type CanaryWebhook,
  type CanaryAlert,
  type CanaryAnalysis,
  type CanaryService,
  type CanarySpec,
  type CanaryStatus,
  type Canary,
} from './model/canary';
// What Flagger's phases mean for a run.
export {
  isRunPhase,
  runOutcomeOf,
  isInitializingPhase,
  isAnalysisPhase,
  isApprovalPhase,
  CANARY_PHASE,
  INITIALIZING_PHASES,
  RUN_PHASES,
  ANALYSIS_PHASES,
  APPROVAL_PHASES,
  type RunOutcome,
} from './model/canaryPhases';
// Flagger's webhook payload, typed and read.
export {
  readFlaggerWebhookPayload,
  type FlaggerWebhookPayload,
  type FlaggerWebhookPayloadReading,
} from './model/flaggerWebhookPayload';
// Flagger's MetricTemplate resource.
export {
  METRIC_PROVIDER_TYPES,
  metricProviderSchema,
  metricTemplateSpecSchema,
  metricTemplateSchema,
  METRIC_PROVIDER_REQUIREMENTS,
  type MetricProviderType,
  type MetricProvider,
  type MetricTemplateSpec,
  type MetricTemplate,
} from './model/metricTemplate';
// Flagger's AlertProvider resource.
export {
  ALERT_PROVIDER_TYPES,
  alertProviderSchema,
  type AlertProvider,
} from './model/alertProvider';
// Kurator's Application resource.
export {
  KURATOR_APPLICATION_API_VERSION,
  KURATOR_TRAFFIC_PROVIDERS,
  headersSchema,
  retriesSchema,
  corsPolicySchema,
  kuratorMetricSchema,
  kuratorRolloutPolicySchema,
  kuratorRolloutConfigSchema,
  syncPolicySchema,
  kuratorRolloutStatusSchema,
  applicationSchema,
  type KuratorTrafficProvider,
  type KuratorMetric,
  type KuratorRolloutPolicy,
  type KuratorRolloutConfig,
  type SyncPolicy,
  type KuratorRolloutStatus,
  type Application,
} from './model/application';
// Kurator's Fleet resource.
export {
  getFleetMembers,
  KURATOR_FLEET_API_VERSION,
  KURATOR_CLUSTER_API_VERSION,
  FLEET_PHASES,
  fleetFlaggerPluginSchema,
  fleetSchema,
  attachedClusterSchema,
  type Fleet,
  type AttachedCluster,
} from './model/fleet';
// Upgrading imported Canary manifests to the served API version.
export {
  upgradeCanaryManifest,
  type CanaryUpgradeChange,
  type CanaryUpgradeResult,
} from './model/upgradeCanary';
// Reading and checking Canary manifests.
export {
  readManifest,
  readManifestsYaml,
  writeManifestsYaml,
  type ManifestIssue,
  type DomainObject,
  type ManifestReadResult,
} from './model/manifests';
// The entries of a canary timeline.
export {
  type EventObjectName,
  type GateType,
  type HaltReason,
  type TimelineEntryDetails,
  type TimelineEntry,
} from './events/timelineEntry';
// The kinds of a canary timeline.
export {
  TIMELINE_ENTRY_KINDS,
  TIMELINE_KINDS,
  isTimelineKind,
  type TimelineEntryKind,
  type TimelineKind,
} from './events/timelineKinds';
// The templates of Flagger's event messages.
export {
  FLAGGER_EVENT_TEMPLATES,
  type EventArgKind,
  type FlaggerEventTemplate,
  type FlaggerEventTemplateId,
} from './events/flaggerEventTemplates';
// Parsing Flagger events into timeline entries.
export {
  parseFlaggerEvent,
  parseKubernetesEvent,
  parseFlaggerEventWebhook,
  COMBINED_EVENTS_PREFIX,
  type FlaggerEventContext,
  type KubernetesEventLike,
  type FlaggerEventWebhookPayload,
} from './events/parseFlaggerEvent';
// How a canary moves traffic.
export {
  deriveStrategy,
  getCanaryStrategy,
  type RolloutStrategy,
  type StrategyReading,
} from './rollout/strategy';
// The planned steps of a rollout run.
export {
  getAnalysisIntervalMs,
  planCanaryWeights,
  planRollout,
  planCanaryRollout,
  type RolloutStep,
  type RolloutPlan,
} from './rollout/plan';
// Objects Kurator renders for a rollout.
export {
  getKuratorRolloutPolicyName,
  isKuratorManaged,
  KURATOR_ROLLOUT_ANNOTATION,
} from './rollout/kuratorOwnership';
// The state and traffic split of a rollout.
export {
  describeRolloutState,
  type WeightReading,
  type RolloutProgress,
  type RolloutTone,
  type RolloutState,
} from './rollout/rolloutState';
// Why a run ended the way it did.
export {
  explainRun,
  explainedState,
  type RunExplanationKind,
  type ExplainedCheck,
  type RunExplanation,
  type RunExplanationInput,
} from './rollout/runExplanation';
// How long a run has taken and has left.
export { runClock, type RunClock } from './rollout/runClock';
// Promotes and new revisions that Kurator or Flagger have not acted on yet.
export {
  pendingPromote,
  pendingNewRevision,
  KURATOR_RERENDER_MS,
  type PromoteRequest,
} from './rollout/pendingChange';
// Rollout actions, the backend's gate webhooks and Flagger's checksum.
export {
  getRolloutActions,
  RESTARTED_AT_ANNOTATION,
  ROLLOUT_ACTIONS,
  parseBackendGateUrl,
  parseBackendGatesBase,
  BACKEND_GATES,
  BACKEND_GATES_PATH,
  BACKEND_GATE_TOKEN_KEY,
  flaggerCanaryChecksum,
  type RolloutAction,
  type RolloutActionRoute,
  type JsonPatchOperation,
  type RolloutOperation,
  type RolloutActionAvailability,
  type RolloutActionContext,
  type BackendGate,
  type BackendGateUrl,
} from './rollout/rolloutActions';
// Whether an entity may act on a rollout.
export {
  readObjectClaim,
  bindingHint,
  type RolloutBinding,
  type ObjectClaim,
} from './rollout/rolloutBinding';
// Rolling a workload back to a recorded revision.
export {
  planRevisionRollback,
  canRollBackTo,
  describeRevisionRollback,
  imagesOf,
  type RollbackWorkload,
  type RollbackPlan,
} from './rollout/revisionRollback';
// Rendering Flagger metric query templates.
export {
  renderFlaggerTemplate,
  TemplateRenderError,
  type MetricTemplateModel,
} from './metrics/renderFlaggerTemplate';
// Flagger's builtin metric queries.
export {
  selectMetricsObserver,
  BUILTIN_QUERY_TEMPLATES,
  type MetricsObserver,
  type BuiltinQueryTemplates,
} from './metrics/builtinQueries';
// Units of metric values and thresholds.
export {
  getMetricUnit,
  getMetricThreshold,
  evaluateMetricValue,
  type MetricUnit,
  type MetricThreshold,
} from './metrics/metricUnits';
// Whether metrics get data, and their analysis intervals with a verdict.
export {
  crossedBound,
  outOfRangeSamples,
  latestOutOfRange,
  metricHealth,
  metricMeasurements,
  NO_DATA_RECENT_INTERVALS,
  type OutOfRangeSample,
  type MetricHealth,
  type MetricHealthState,
  type MeasurementVerdict,
  type MetricMeasurement,
} from './metrics/metricChecks';
// The metric queries of a canary.
export {
  renderCanaryMetricQueries,
  renderMetricTemplateQuery,
  type CanaryMetricQuery,
} from './metrics/canaryMetricQueries';
// Rollout policies.
export {
  policyMetricSchema,
  rolloutPolicySchema,
  type PolicyMetric,
  type RolloutPolicy,
  type PolicyTarget,
  type PolicyIssue,
} from './policy/rolloutPolicy';
// Rendering a rollout policy for Kurator.
export {
  renderKuratorRollout,
  parseKuratorRollout,
} from './policy/kuratorRollout';
// Rendering a rollout policy for Flagger.
export {
  renderFlaggerCanary,
  parseFlaggerCanary,
  type FlaggerRendering,
  type FlaggerParseResult,
} from './policy/flaggerCanary';
// Validating rollout policies.
export {
  validateRolloutPolicy,
  hasPolicyErrors,
} from './policy/validateRolloutPolicy';
// Validating Canary manifests.
export {
  validateCanaryManifest,
  validateApplicationManifest,
} from './policy/validateManifests';
// Rendering Kurator Applications and sync policies for canaries.
export {
  kuratorSyncResourceName,
  renderKuratorApplication,
  renderKuratorSyncPolicy,
  KURATOR_PROVIDER_NAMESPACES,
  type KuratorMemberCluster,
  type KuratorClusterRendering,
} from './kurator/kuratorCanaryMapping';
// Where a Kurator sync policy places its workloads.
export {
  getKuratorPolicyName,
  getKuratorPolicyDestination,
  isSelectedByKuratorDestination,
  hasKuratorClusterSelector,
  type KuratorDestination,
} from './kurator/kuratorPlacement';
// Building Kurator Applications and sync policies that carry rollout policies.
export {
  buildKuratorApplication,
  buildKuratorSyncPolicy,
  replaceKuratorRollout,
  type KuratorApplicationOptions,
  type KuratorSyncPolicyOptions,
} from './kurator/kuratorApplicationBuilder';
// Backend API: rollouts, runs, timelines, metrics and the inbox.
export {
  type RolloutSource,
  type CanaryRef,
  type KuratorOrigin,
  type ClusterProblem,
  type RolloutRevision,
  type RolloutSummary,
  type RolloutDetail,
  type EntityRolloutsResponse,
  type ClusterFreshness,
  type RolloutRun,
  type TransitionRecord,
  type EventRecord,
  type ActionRecord,
  type TimelineItem,
  type Page,
  type TimelineQuery,
  type MetricsQuery,
  type RolloutActionResult,
  type FailedMetricCheck,
  type MetricSeries,
  type RolloutMetricsResponse,
  type InboxItem,
  type InboxGroup,
  type InboxResponse,
} from './api/rolloutTypes';
// Backend API: pending changes and recorded state of a rollout.
export {
  type PendingPromote,
  type PendingNewRevision,
  type PendingRolloutChange,
  type RolloutRunInfo,
  type RecordedRolloutState,
} from './api/rolloutContextTypes';
// Backend API: policy changes.
export {
  type PolicyObject,
  type PolicySource,
  type CurrentPolicy,
  type EntityPoliciesResponse,
  type PolicyRequest,
  type PolicyApplyRequest,
  type PolicyValidationResponse,
  type PolicyManifest,
  type PolicyPreviewResponse,
  type PolicyObjectChange,
  type PolicyClusterChange,
  type PolicyChangeResponse,
} from './api/policyTypes';
// Backend API: rollbacks.
export {
  type RevisionRollbackRequest,
  type RevisionRollbackResult,
} from './api/rollbackTypes';
// Why a rollout does not move: its diagnosis.
export {
  diagnoseRollout,
  expectsMovement,
  STUCK_CAUSES,
  type DiagnosedCause,
  type DiagnosisInput,
  type RolloutDiagnosis,
  type StuckCause,
} from './rollout/diagnosis';
// Backend API: the request and response types of every operation, generated from the spec.
export {
  type CanaryApiPaths,
  type CanaryApiComponents,
  type CanaryApiOperations,
} from './api/generated/openapi';
// Backend API: the client and its options.
export {
  CanaryClient,
  type CanaryRequestOptions,
  type CanaryApi,
} from './api/CanaryClient';
// The CustomResourceDefinitions of Flagger and Kurator.
export {
  flaggerCustomResourceDefinitions,
  kuratorCustomResourceDefinitions,
  GENERATED_CRD_ANNOTATION,
  type CustomResourceDefinition,
} from './crds/customResourceDefinitions';
// Structural schemas of CustomResourceDefinitions.
export {
  structuralSchemaOf,
  type JsonSchemaProps,
} from './crds/structuralSchema';
