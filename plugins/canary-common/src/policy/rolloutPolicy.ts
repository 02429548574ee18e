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
  name: z
    .string()
    .min(1)
    .describe(
      'request-success-rate and request-duration are builtin; any other name is a custom metric (a MetricTemplate of that name).',
    ),
  intervalSeconds: int.min(1).describe('Query window in seconds.'),
  thresholdRange: z
    .object({ min: z.number().optional(), max: z.number().optional() })
    .optional()
    .describe('The check fails outside [min, max].'),
  custom: z
    .object({
      provider: z.object({
        type: z
          .enum(METRIC_PROVIDER_TYPES)
          .describe(
            'Metric provider: prometheus, datadog, cloudwatch, newrelic, graphite, dynatrace, influxdb, stackdriver, splunk, keptn.',
          ),
        address: z.string().optional(),
        secretRef: z.object({ name: z.string().min(1) }).optional(),
        region: z.string().optional(),
        insecureSkipVerify: z.boolean().optional(),
      }),
      query: z
        .string()
        .min(1)
        .describe(
          'Query with Flagger variables ({{ namespace }}, {{ target }}, {{ interval }}, ...).',
        ),
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
 * from both. Its descriptions document the `policy` input of the scaffolder actions, whose input
 * schema is derived from this one.
 *
 * @public
 */
export const rolloutPolicySchema = z
  .object({
    workload: z.object({
      apiVersion: z.string().min(1).describe('Usually apps/v1.'),
      kind: z.enum(['Deployment', 'DaemonSet']),
      name: z.string().min(1),
      namespace: z.string().min(1),
    }),
    provider: z.enum(FLAGGER_PROVIDERS).describe('Traffic routing provider.'),
    service: z.object({
      name: z
        .string()
        .min(1)
        .describe('Service name (Kurator: must equal workload.name).'),
      port: int.min(1).max(65535).describe('Service port (1-65535).'),
      targetPort: z
        .union([int.min(1).max(65535), z.string().min(1)])
        .optional(),
      timeoutSeconds: int.min(0).optional(),
      gateways: z
        .array(z.string().min(1))
        .optional()
        .describe('Istio gateways.'),
      hosts: z.array(z.string().min(1)).optional().describe('Istio hosts.'),
      /** NGINX host (Kurator only; a native canary takes it from its Ingress). */
      host: z
        .string()
        .optional()
        .describe('NGINX host (Kurator with nginx only).'),
      /** NGINX Ingress a native canary references (`spec.ingressRef`). */
      ingressName: z
        .string()
        .optional()
        .describe('NGINX Ingress of a native canary.'),
      /** Kuma protocol. */
      protocol: z.string().optional().describe('Kuma protocol.'),
      retries: retriesSchema.optional(),
      headers: headersSchema.optional(),
      corsPolicy: corsPolicySchema.optional(),
    }),
    traffic: z
      .object({
        maxWeight: int.min(1).max(100).optional(),
        stepWeight: int.min(1).max(100).optional(),
        stepWeights: z.array(int.min(1).max(100)).min(1).optional(),
        stepWeightPromotion: int.min(1).max(100).optional(),
        iterations: int
          .min(1)
          .optional()
          .describe('A/B testing (with match) or Blue/Green (without).'),
        match: z
          .array(httpMatchSchema)
          .min(1)
          .optional()
          .describe('A/B match conditions.'),
        mirror: z
          .boolean()
          .optional()
          .describe('Blue/Green with traffic mirroring.'),
      })
      .describe(
        'Exactly one of iterations, stepWeight or stepWeights (weights are percentages 1-100).',
      ),
    analysis: z.object({
      intervalSeconds: int.min(1).describe('Seconds between checks.'),
      threshold: int.min(0).describe('Failed checks before rollback.'),
      metrics: z.array(policyMetricSchema),
      loadTest: z
        .object({
          commands: z.array(z.string().min(1)).min(1),
          timeoutSeconds: int.min(1),
          /** Loadtester URL for native canaries; Kurator derives it. */
          url: z
            .string()
            .optional()
            .describe('Loadtester URL (native canaries).'),
        })
        .optional(),
      sessionAffinity: z
        .object({
          cookieName: z.string().min(1),
          maxAge: int.min(1).optional(),
        })
        .optional(),
    }),
    /** Kurator: install a private loadtester next to the workload. */
    testLoader: z
      .boolean()
      .optional()
      .describe('Kurator: install a private loadtester.'),
    /**
     * Native canaries only: approval gates. Either a Flagger loadtester (`url` is its base, webhooks
     * go to `<url>/gate/check` and `<url>/rollback/check`), or the Backstage Canary backend (`url` is
     * `<backend>/api/canary/gates/<cluster>`, webhooks go to `<url>/confirm-rollout`,
     * `<url>/confirm-traffic-increase`, `<url>/confirm-promotion` and `<url>/rollback`, each with
     * `metadata.token`).
     */
    gates: z
      .object({
        url: z
          .string()
          .min(1)
          .describe(
            'A Flagger loadtester base URL, or the Canary backend gates <backend>/api/canary/gates/<cluster>.',
          ),
        /**
         * Backstage gates only: the cluster's gate token (`canary.gates.clusters.<cluster>.token`),
         * rendered as each webhook's `metadata.token`. Flagger webhook metadata is plain text in the
         * Canary, so this must be a low-privilege, per-cluster, gate-only credential, never a
         * Backstage or Kubernetes credential.
         */
        token: z
          .string()
          .min(1)
          .optional()
          .describe(
            'Backend gates only: the cluster gate token (canary.gates.clusters.<cluster>.token), written as each webhook metadata.token.',
          ),
        confirmRollout: z.boolean().optional(),
        confirmTrafficIncrease: z.boolean().optional(),
        confirmPromotion: z.boolean().optional(),
        rollback: z.boolean().optional(),
      })
      .optional()
      .describe(
        'Native canaries only: approval gates (loadtester or Canary backend).',
      ),
    rolloutTimeoutSeconds: int.min(1).optional(),
    skipAnalysis: z.boolean().optional(),
    revertOnDeletion: z.boolean().optional(),
    suspend: z.boolean().optional(),
  })
  .describe(
    'The rollout policy (the RolloutPolicy model of @backstage-canary/plugin-canary-common).',
  );

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
