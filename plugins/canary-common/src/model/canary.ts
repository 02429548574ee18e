import { z } from 'zod';
import {
  conditionSchema,
  objectMetaSchema,
  typedObjectRefSchema,
} from './kubernetes';

/**
 * The only served and stored API version of Flagger's CRDs.
 *
 * @public
 */
export const FLAGGER_API_VERSION = 'flagger.app/v1beta1';

/**
 * Every traffic provider Flagger's Canary CRD accepts in `spec.provider`.
 *
 * @public
 */
export const FLAGGER_PROVIDERS = [
  'apisix',
  'appmesh',
  'appmesh:v1beta2',
  'contour',
  'gatewayapi:v1',
  'gatewayapi:v1beta1',
  'gloo',
  'istio',
  'knative',
  'kubernetes',
  'kuma',
  'linkerd',
  'nginx',
  'osm',
  'skipper',
  'smi:v1alpha1',
  'smi:v1alpha2',
  'smi:v1alpha3',
  'traefik',
] as const;

/**
 * A Flagger traffic provider.
 *
 * @public
 */
export type FlaggerProvider = (typeof FLAGGER_PROVIDERS)[number];

/**
 * Every phase of `status.phase` in the Canary CRD, in the order of a run.
 *
 * @public
 */
export const CANARY_PHASES = [
  '',
  'Initializing',
  'Initialized',
  'Waiting',
  'Progressing',
  'WaitingPromotion',
  'Promoting',
  'Finalising',
  'Succeeded',
  'Failed',
  'Terminating',
  'Terminated',
] as const;

/**
 * A canary phase. The empty string is a canary Flagger has not picked up yet.
 *
 * @public
 */
export type CanaryPhase = (typeof CANARY_PHASES)[number];

/**
 * Every webhook type of the Canary CRD. The empty type behaves like `rollout`.
 *
 * @public
 */
export const WEBHOOK_TYPES = [
  '',
  'confirm-rollout',
  'pre-rollout',
  'rollout',
  'confirm-promotion',
  'post-rollout',
  'event',
  'rollback',
  'confirm-traffic-increase',
] as const;

/**
 * A Flagger webhook type.
 *
 * @public
 */
export type WebhookType = (typeof WEBHOOK_TYPES)[number];

/**
 * The metric names Flagger computes itself from the traffic provider's telemetry.
 *
 * @public
 */
export const BUILTIN_METRIC_NAMES = [
  'request-success-rate',
  'request-duration',
] as const;

/**
 * A builtin metric name.
 *
 * @public
 */
export type BuiltinMetricName = (typeof BUILTIN_METRIC_NAMES)[number];

/**
 * Whether a metric name is one of Flagger's builtin metrics.
 *
 * @public
 */
export function isBuiltinMetricName(name: string): name is BuiltinMetricName {
  return (BUILTIN_METRIC_NAMES as readonly string[]).includes(name);
}

const stringMap = z.record(z.string(), z.string());
const anyObject = z.record(z.string(), z.unknown());

/**
 * A string match (exact, prefix, suffix or regex) in an A/B match condition.
 *
 * @public
 */
export const stringMatchSchema = z.looseObject({
  exact: z.string().optional(),
  prefix: z.string().optional(),
  suffix: z.string().optional(),
  regex: z.string().optional(),
});

/**
 * An HTTP match request (Istio HTTPMatchRequest subset) used by A/B testing.
 *
 * @public
 */
export const httpMatchSchema = z.looseObject({
  headers: z.record(z.string(), stringMatchSchema).optional(),
  queryParams: z.record(z.string(), stringMatchSchema).optional(),
  sourceLabels: stringMap.optional(),
});

/**
 * An A/B match condition.
 *
 * @public
 */
export type HttpMatch = z.infer<typeof httpMatchSchema>;

/**
 * A Flagger duration as its CRD takes it (`^[0-9]+(m|s)`): the analysis interval, a metric's
 * interval, a webhook's timeout.
 */
const flaggerDuration = z
  .string()
  .regex(
    /^[0-9]+(m|s)/,
    'must be a whole number of seconds or minutes, e.g. 30s or 1m',
  );

/**
 * `spec.analysis.metrics[]` of a Canary.
 *
 * @public
 */
export const canaryMetricSchema = z.looseObject({
  name: z.string(),
  interval: flaggerDuration.optional(),
  threshold: z.number().optional(),
  thresholdRange: z
    .looseObject({ min: z.number().optional(), max: z.number().optional() })
    .optional(),
  query: z.string().optional(),
  templateRef: z
    .looseObject({ name: z.string(), namespace: z.string().optional() })
    .optional(),
  templateVariables: stringMap.optional(),
});

/**
 * A metric check of a canary analysis.
 *
 * @public
 */
export type CanaryMetric = z.infer<typeof canaryMetricSchema>;

/**
 * `spec.analysis.webhooks[]` of a Canary.
 *
 * @public
 */
export const canaryWebhookSchema = z.looseObject({
  name: z.string(),
  url: z.string(),
  type: z.enum(WEBHOOK_TYPES).optional(),
  timeout: flaggerDuration.optional(),
  retries: z.number().optional(),
  disableTLS: z.boolean().optional(),
  muteAlert: z.boolean().optional(),
  metadata: stringMap.optional(),
});

/**
 * A webhook of a canary analysis.
 *
 * @public
 */
export type CanaryWebhook = z.infer<typeof canaryWebhookSchema>;

/**
 * `spec.analysis.alerts[]` of a Canary.
 *
 * @public
 */
export const canaryAlertSchema = z.looseObject({
  name: z.string(),
  severity: z.enum(['', 'info', 'warn', 'error']).optional(),
  providerRef: z.looseObject({
    name: z.string(),
    namespace: z.string().optional(),
  }),
});

/**
 * An alert of a canary analysis.
 *
 * @public
 */
export type CanaryAlert = z.infer<typeof canaryAlertSchema>;

/**
 * `spec.analysis` (or the deprecated `spec.canaryAnalysis`) of a Canary.
 *
 * @public
 */
export const canaryAnalysisSchema = z.looseObject({
  interval: flaggerDuration.optional(),
  threshold: z.number().optional(),
  iterations: z.number().optional(),
  maxWeight: z.number().optional(),
  stepWeight: z.number().optional(),
  stepWeights: z.array(z.number()).optional(),
  stepWeightPromotion: z.number().optional(),
  mirror: z.boolean().optional(),
  mirrorWeight: z.number().optional(),
  primaryReadyThreshold: z.number().optional(),
  canaryReadyThreshold: z.number().optional(),
  match: z.array(httpMatchSchema).optional(),
  sessionAffinity: z
    .looseObject({
      cookieName: z.string(),
      primaryCookieName: z.string().optional(),
      domain: z.string().optional(),
      httpOnly: z.boolean().optional(),
      maxAge: z.number().optional(),
      partitioned: z.boolean().optional(),
      path: z.string().optional(),
      sameSite: z.enum(['Strict', 'Lax', 'None']).optional(),
      secure: z.boolean().optional(),
    })
    .optional(),
  metrics: z.array(canaryMetricSchema).optional(),
  alerts: z.array(canaryAlertSchema).optional(),
  webhooks: z.array(canaryWebhookSchema).optional(),
});

/**
 * The analysis of a canary: schedule, traffic steps, metric checks, webhooks.
 *
 * @public
 */
export type CanaryAnalysis = z.infer<typeof canaryAnalysisSchema>;

const serviceMetadataSchema = z.looseObject({
  labels: stringMap.optional(),
  annotations: stringMap.optional(),
});

/**
 * `spec.service` of a Canary.
 *
 * @public
 */
export const canaryServiceSchema = z.looseObject({
  name: z.string().optional(),
  port: z.number(),
  portName: z.string().optional(),
  targetPort: z.union([z.number(), z.string()]).optional(),
  appProtocol: z.string().optional(),
  trafficDistribution: z
    .enum(['PreferClose', 'PreferSameZone', 'PreferSameNode'])
    .optional(),
  portDiscovery: z.boolean().optional(),
  headless: z.boolean().optional(),
  timeout: z.string().optional(),
  backendTimeout: z.string().optional(),
  meshName: z.string().optional(),
  backends: z.array(z.string()).optional(),
  hosts: z.array(z.string()).optional(),
  gateways: z.array(z.string()).optional(),
  gatewayRefs: z.array(anyObject).optional(),
  delegation: z.boolean().optional(),
  match: z.array(anyObject).optional(),
  rewrite: anyObject.optional(),
  retries: z
    .looseObject({
      attempts: z.number().optional(),
      perTryTimeout: z.string().optional(),
      retryOn: z.string().optional(),
    })
    .optional(),
  headers: anyObject.optional(),
  mirror: z.array(anyObject).optional(),
  corsPolicy: anyObject.optional(),
  trafficPolicy: anyObject.optional(),
  apex: serviceMetadataSchema.optional(),
  primary: serviceMetadataSchema.optional(),
  canary: serviceMetadataSchema.optional(),
  unmanagedMetadata: z
    .looseObject({
      annotations: z.array(z.string()).optional(),
      labels: z.array(z.string()).optional(),
    })
    .optional(),
});

/**
 * The Service settings of a canary.
 *
 * @public
 */
export type CanaryService = z.infer<typeof canaryServiceSchema>;

/**
 * `spec` of a Canary.
 *
 * @public
 */
export const canarySpecSchema = z.looseObject({
  provider: z.enum(FLAGGER_PROVIDERS).optional(),
  metricsServer: z.string().optional(),
  targetRef: typedObjectRefSchema,
  autoscalerRef: z
    .looseObject({
      apiVersion: z.string(),
      kind: z.string(),
      name: z.string(),
      primaryScalerQueries: stringMap.optional(),
      primaryScalerReplicas: z
        .looseObject({
          minReplicas: z.number().optional(),
          maxReplicas: z.number().optional(),
        })
        .optional(),
    })
    .optional(),
  ingressRef: typedObjectRefSchema.optional(),
  routeRef: typedObjectRefSchema.optional(),
  upstreamRef: typedObjectRefSchema.optional(),
  service: canaryServiceSchema.optional(),
  analysis: canaryAnalysisSchema.optional(),
  canaryAnalysis: canaryAnalysisSchema.optional(),
  progressDeadlineSeconds: z.number().optional(),
  skipAnalysis: z.boolean().optional(),
  revertOnDeletion: z.boolean().optional(),
  suspend: z.boolean().optional(),
});

/**
 * The desired state of a canary.
 *
 * @public
 */
export type CanarySpec = z.infer<typeof canarySpecSchema>;

/**
 * `status` of a Canary (also embedded in Kurator's `rolloutStatusInCluster`).
 *
 * @public
 */
export const canaryStatusSchema = z.looseObject({
  phase: z.enum(CANARY_PHASES).optional(),
  canaryWeight: z.number().optional(),
  failedChecks: z.number().optional(),
  iterations: z.number().optional(),
  lastAppliedSpec: z.string().optional(),
  lastPromotedSpec: z.string().optional(),
  lastTransitionTime: z.string().optional(),
  trackedConfigs: stringMap.optional(),
  conditions: z.array(conditionSchema).optional(),
  sessionAffinityCookie: z.string().optional(),
  primarySessionAffinityCookie: z.string().optional(),
  previousSessionAffinityCookie: z.string().optional(),
});

/**
 * The observed state of a canary.
 *
 * @public
 */
export type CanaryStatus = z.infer<typeof canaryStatusSchema>;

/**
 * A Flagger Canary (flagger.app/v1beta1).
 *
 * @public
 */
export const canarySchema = z.looseObject({
  apiVersion: z.literal(FLAGGER_API_VERSION),
  kind: z.literal('Canary'),
  metadata: objectMetaSchema,
  spec: canarySpecSchema,
  status: canaryStatusSchema.optional(),
});

/**
 * A Flagger Canary.
 *
 * @public
 */
export type Canary = z.infer<typeof canarySchema>;

/**
 * The analysis Flagger uses: `spec.analysis`, else the deprecated `spec.canaryAnalysis`
 * (Flagger's `GetAnalysis()`).
 *
 * @public
 */
export function getCanaryAnalysis(
  canary: Pick<Canary, 'spec'>,
): CanaryAnalysis | undefined {
  return canary.spec.analysis ?? canary.spec.canaryAnalysis;
}
