import { z } from 'zod';
import { FLAGGER_PROVIDERS, httpMatchSchema } from '../model/canary';
import { METRIC_PROVIDER_TYPES } from '../model/metricTemplate';
import {
  corsPolicySchema,
  headersSchema,
  retriesSchema,
} from '../model/application';

const int = z.number().int();

/**
 * A metric check of a rollout policy: builtin (`request-success-rate`, `request-duration`) or
 * custom (backed by a query, rendered to a MetricTemplate named after the metric).
 *
 * @public
 */
export const policyMetricSchema = z.object({
  name: z.string().min(1),
  intervalSeconds: int.min(1),
  thresholdRange: z
    .object({ min: z.number().optional(), max: z.number().optional() })
    .optional(),
  custom: z
    .object({
      provider: z.object({
        type: z.enum(METRIC_PROVIDER_TYPES),
        address: z.string().optional(),
        secretRef: z.object({ name: z.string().min(1) }).optional(),
        region: z.string().optional(),
        insecureSkipVerify: z.boolean().optional(),
      }),
      query: z.string().min(1),
    })
    .optional(),
});

/**
 * A metric check of a rollout policy.
 *
 * @public
 */
export type PolicyMetric = z.infer<typeof policyMetricSchema>;

/**
 * The provider-neutral rollout policy: renders to a Kurator Application `syncPolicies[].rollout`
 * block or to a native Flagger Canary (with MetricTemplates and gate webhooks), and parses back
 * from both.
 *
 * @public
 */
export const rolloutPolicySchema = z.object({
  workload: z.object({
    apiVersion: z.string().min(1),
    kind: z.enum(['Deployment', 'DaemonSet']),
    name: z.string().min(1),
    namespace: z.string().min(1),
  }),
  provider: z.enum(FLAGGER_PROVIDERS),
  service: z.object({
    name: z.string().min(1),
    port: int.min(1).max(65535),
    targetPort: z.union([int.min(1).max(65535), z.string().min(1)]).optional(),
    timeoutSeconds: int.min(0).optional(),
    gateways: z.array(z.string().min(1)).optional(),
    hosts: z.array(z.string().min(1)).optional(),
    /** NGINX host (Kurator only; a native canary takes it from its Ingress). */
    host: z.string().optional(),
    /** NGINX Ingress a native canary references (`spec.ingressRef`). */
    ingressName: z.string().optional(),
    /** Kuma protocol. */
    protocol: z.string().optional(),
    retries: retriesSchema.optional(),
    headers: headersSchema.optional(),
    corsPolicy: corsPolicySchema.optional(),
  }),
  traffic: z.object({
    maxWeight: int.min(1).max(100).optional(),
    stepWeight: int.min(1).max(100).optional(),
    stepWeights: z.array(int.min(1).max(100)).min(1).optional(),
    stepWeightPromotion: int.min(1).max(100).optional(),
    iterations: int.min(1).optional(),
    match: z.array(httpMatchSchema).min(1).optional(),
    mirror: z.boolean().optional(),
  }),
  analysis: z.object({
    intervalSeconds: int.min(1),
    threshold: int.min(0),
    metrics: z.array(policyMetricSchema),
    loadTest: z
      .object({
        commands: z.array(z.string().min(1)).min(1),
        timeoutSeconds: int.min(1),
        /** Loadtester URL for native canaries; Kurator derives it. */
        url: z.string().optional(),
      })
      .optional(),
    sessionAffinity: z
      .object({ cookieName: z.string().min(1), maxAge: int.min(1).optional() })
      .optional(),
  }),
  /** Kurator: install a private loadtester next to the workload. */
  testLoader: z.boolean().optional(),
  /**
   * Native canaries only: approval gates. Either a Flagger loadtester (`url` is its base, webhooks
   * go to `<url>/gate/check` and `<url>/rollback/check`), or the Backstage Canary backend (`url` is
   * `<backend>/api/canary/gates/<cluster>`, webhooks go to `<url>/confirm-rollout`,
   * `<url>/confirm-traffic-increase`, `<url>/confirm-promotion` and `<url>/rollback`, each with
   * `metadata.token`).
   */
  gates: z
    .object({
      url: z.string().min(1),
      /**
       * Backstage gates only: the cluster's gate token (`canary.gates.clusters.<cluster>.token`),
       * rendered as each webhook's `metadata.token`. Flagger webhook metadata is plain text in the
       * Canary, so this must be a low-privilege, per-cluster, gate-only credential, never a
       * Backstage or Kubernetes credential.
       */
      token: z.string().min(1).optional(),
      confirmRollout: z.boolean().optional(),
      confirmTrafficIncrease: z.boolean().optional(),
      confirmPromotion: z.boolean().optional(),
      rollback: z.boolean().optional(),
    })
    .optional(),
  rolloutTimeoutSeconds: int.min(1).optional(),
  skipAnalysis: z.boolean().optional(),
  revertOnDeletion: z.boolean().optional(),
  suspend: z.boolean().optional(),
});

/**
 * A provider-neutral rollout policy.
 *
 * @public
 */
export type RolloutPolicy = z.infer<typeof rolloutPolicySchema>;

/**
 * Where a policy is rendered: a Kurator Application rollout block or a native Flagger Canary.
 *
 * @public
 */
export type PolicyTarget = 'kurator' | 'flagger';

/**
 * A validation finding with the field it concerns.
 *
 * @public
 */
export type PolicyIssue = {
  /** Dotted path of the field, e.g. `traffic.stepWeight` or `spec.analysis.interval`. */
  path: string;
  /** Names the field and what is allowed. */
  message: string;
  severity: 'error' | 'warning';
};
