import { z } from 'zod';
import { objectMetaSchema } from './kubernetes';
import { canaryStatusSchema, stringMatchSchema } from './canary';

/**
 * API version of Kurator Applications.
 *
 * @public
 */
export const KURATOR_APPLICATION_API_VERSION = 'apps.kurator.dev/v1alpha1';

/**
 * The traffic routing providers Kurator's rollout renderer implements.
 *
 * @public
 */
export const KURATOR_TRAFFIC_PROVIDERS = ['istio', 'kuma', 'nginx'] as const;

/**
 * A Kurator traffic routing provider.
 *
 * @public
 */
export type KuratorTrafficProvider = (typeof KURATOR_TRAFFIC_PROVIDERS)[number];

const stringMap = z.record(z.string(), z.string());
const anyObject = z.record(z.string(), z.unknown());

const headerOperationsSchema = z.looseObject({
  add: stringMap.optional(),
  set: stringMap.optional(),
  remove: z.array(z.string()).optional(),
});

/**
 * Istio header manipulation (`request` / `response` with add, set, remove).
 *
 * @public
 */
export const headersSchema = z.looseObject({
  request: headerOperationsSchema.optional(),
  response: headerOperationsSchema.optional(),
});

/**
 * Istio retry policy.
 *
 * @public
 */
export const retriesSchema = z.looseObject({
  attempts: z.number().optional(),
  perTryTimeout: z.string().optional(),
  retryOn: z.string().optional(),
});

/**
 * Istio CORS policy.
 *
 * @public
 */
export const corsPolicySchema = z.looseObject({
  allowOrigin: z.array(z.string()).optional(),
  allowOrigins: z.array(stringMatchSchema).optional(),
  allowMethods: z.array(z.string()).optional(),
  allowHeaders: z.array(z.string()).optional(),
  exposeHeaders: z.array(z.string()).optional(),
  maxAge: z.string().optional(),
  allowCredentials: z.boolean().optional(),
});

/**
 * `rolloutPolicy.trafficAnalysis.metrics[]` of a Kurator rollout.
 *
 * @public
 */
export const kuratorMetricSchema = z.looseObject({
  name: z.string(),
  intervalSeconds: z.number().optional(),
  thresholdRange: z
    .looseObject({ min: z.number().optional(), max: z.number().optional() })
    .optional(),
  customMetric: z
    .looseObject({
      provider: z
        .looseObject({
          type: z.string().optional(),
          address: z.string().optional(),
          secretRef: z.looseObject({ name: z.string().optional() }).optional(),
          region: z.string().optional(),
          insecureSkipVerify: z.boolean().optional(),
        })
        .optional(),
      query: z.string().optional(),
    })
    .optional(),
});

/**
 * A metric check of a Kurator rollout policy.
 *
 * @public
 */
export type KuratorMetric = z.infer<typeof kuratorMetricSchema>;

/**
 * `syncPolicies[].rollout.rolloutPolicy` of a Kurator Application.
 *
 * @public
 */
export const kuratorRolloutPolicySchema = z.looseObject({
  trafficRouting: z
    .looseObject({
      timeoutSeconds: z.number().optional(),
      gateways: z.array(z.string()).optional(),
      hosts: z.array(z.string()).optional(),
      retries: retriesSchema.optional(),
      headers: headersSchema.optional(),
      corsPolicy: corsPolicySchema.optional(),
      host: z.string().optional(),
      protocol: z.string().optional(),
      canaryStrategy: z
        .looseObject({
          maxWeight: z.number().optional(),
          stepWeight: z.number().optional(),
          stepWeights: z.array(z.number()).optional(),
          stepWeightPromotion: z.number().optional(),
        })
        .optional(),
      analysisTimes: z.number().optional(),
      match: z.array(anyObject).optional(),
    })
    .optional(),
  trafficAnalysis: z
    .looseObject({
      checkIntervalSeconds: z.number().optional(),
      checkFailedTimes: z.number().optional(),
      metrics: z.array(kuratorMetricSchema).optional(),
      webhooks: z
        .looseObject({
          timeoutSeconds: z.number().optional(),
          command: z.array(z.string()).optional(),
        })
        .optional(),
      sessionAffinity: z
        .looseObject({
          cookieName: z.string().optional(),
          maxAge: z.number().optional(),
        })
        .optional(),
    })
    .optional(),
  rolloutTimeoutSeconds: z.number().optional(),
  skipTrafficAnalysis: z.boolean().optional(),
  revertOnDeletion: z.boolean().optional(),
  suspend: z.boolean().optional(),
});

/**
 * A Kurator rollout policy.
 *
 * @public
 */
export type KuratorRolloutPolicy = z.infer<typeof kuratorRolloutPolicySchema>;

/**
 * `syncPolicies[].rollout` of a Kurator Application (Kurator's `RolloutConfig`).
 *
 * @public
 */
export const kuratorRolloutConfigSchema = z.looseObject({
  testLoader: z.boolean().optional(),
  trafficRoutingProvider: z.string(),
  workload: z.looseObject({
    apiVersion: z.string().optional(),
    kind: z.string().optional(),
    name: z.string(),
    namespace: z.string().optional(),
  }),
  serviceName: z.string(),
  port: z.number(),
  primary: z
    .looseObject({
      labels: stringMap.optional(),
      annotations: stringMap.optional(),
    })
    .optional(),
  preview: z
    .looseObject({
      labels: stringMap.optional(),
      annotations: stringMap.optional(),
    })
    .optional(),
  rolloutPolicy: kuratorRolloutPolicySchema,
});

/**
 * The rollout block of a Kurator sync policy.
 *
 * @public
 */
export type KuratorRolloutConfig = z.infer<typeof kuratorRolloutConfigSchema>;

const destinationSchema = z.looseObject({
  fleet: z.string(),
  clusterSelector: z
    .looseObject({ matchLabels: stringMap.optional() })
    .optional(),
});

/**
 * One `spec.syncPolicies[]` entry of a Kurator Application.
 *
 * @public
 */
export const syncPolicySchema = z.looseObject({
  name: z.string().optional(),
  destination: destinationSchema.optional(),
  kustomization: anyObject.optional(),
  helm: anyObject.optional(),
  rollout: kuratorRolloutConfigSchema.optional(),
});

/**
 * A Kurator sync policy.
 *
 * @public
 */
export type SyncPolicy = z.infer<typeof syncPolicySchema>;

/**
 * `status.syncStatus[].rolloutStatus` of a Kurator Application: the Canary status copied from
 * one member cluster (at most ~30 s stale).
 *
 * @public
 */
export const kuratorRolloutStatusSchema = z.looseObject({
  clusterName: z.string().optional(),
  rolloutNameInCluster: z.string().optional(),
  rolloutStatusInCluster: canaryStatusSchema.optional(),
});

/**
 * The rollout status of one (sync policy x cluster).
 *
 * @public
 */
export type KuratorRolloutStatus = z.infer<typeof kuratorRolloutStatusSchema>;

/**
 * A Kurator Application (apps.kurator.dev/v1alpha1) with its status.
 *
 * @public
 */
export const applicationSchema = z.looseObject({
  apiVersion: z.literal(KURATOR_APPLICATION_API_VERSION),
  kind: z.literal('Application'),
  metadata: objectMetaSchema,
  spec: z.looseObject({
    source: anyObject,
    destination: destinationSchema.optional(),
    syncPolicies: z.array(syncPolicySchema),
  }),
  status: z
    .looseObject({
      sourceStatus: anyObject.optional(),
      syncStatus: z
        .array(
          z.looseObject({
            name: z.string().optional(),
            kustomizationStatus: anyObject.optional(),
            HelmReleaseStatus: anyObject.optional(),
            rolloutStatus: kuratorRolloutStatusSchema.optional(),
          }),
        )
        .optional(),
    })
    .optional(),
});

/**
 * A Kurator Application.
 *
 * @public
 */
export type Application = z.infer<typeof applicationSchema>;
