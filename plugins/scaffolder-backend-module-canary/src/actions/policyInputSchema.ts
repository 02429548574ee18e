import type { z as zod } from 'zod/v3';
import { FLAGGER_PROVIDERS } from '@backstage-canary/plugin-canary-common';

/** The zod instance the scaffolder hands to action schemas. */
export type Zod = typeof zod;

const PROVIDERS = FLAGGER_PROVIDERS as unknown as [string, ...string[]];

/**
 * The policy targets: a Kurator Application rollout block or a native Flagger Canary.
 */
export const policyTargetInput = (z: Zod) =>
  z
    .enum(['kurator', 'flagger'])
    .describe(
      'Output kind: "kurator" writes a Kurator Application with the rollout policy, "flagger" a native Flagger Canary with its MetricTemplates.',
    );

/**
 * The rollout policy as a step input. It mirrors the domain's `RolloutPolicy` field by field so
 * templates and the `CanaryPolicyPicker` field produce the same object; types and required fields
 * are checked here, ranges and cross-field rules by `validateRolloutPolicy`, which names the field
 * and what is allowed.
 */
export const rolloutPolicyInput = (z: Zod) => {
  const int = z.number().int();
  const stringMap = z.record(z.string());
  const metric = z.object({
    name: z
      .string()
      .describe(
        'request-success-rate and request-duration are builtin; any other name is a custom metric (a MetricTemplate of that name).',
      ),
    intervalSeconds: int.describe('Query window in seconds.'),
    thresholdRange: z
      .object({ min: z.number().optional(), max: z.number().optional() })
      .optional()
      .describe('The check fails outside [min, max].'),
    custom: z
      .object({
        provider: z.object({
          type: z
            .string()
            .describe(
              'Metric provider: prometheus, datadog, cloudwatch, newrelic, graphite, dynatrace, influxdb, stackdriver, splunk, keptn.',
            ),
          address: z.string().optional(),
          secretRef: z.object({ name: z.string() }).optional(),
          region: z.string().optional(),
          insecureSkipVerify: z.boolean().optional(),
        }),
        query: z
          .string()
          .describe(
            'Query with Flagger variables ({{ namespace }}, {{ target }}, {{ interval }}, ...).',
          ),
      })
      .optional(),
  });
  const match = z
    .object({
      headers: z.record(z.record(z.string())).optional(),
      queryParams: z.record(z.record(z.string())).optional(),
      sourceLabels: stringMap.optional(),
    })
    .passthrough();
  return z
    .object({
      workload: z.object({
        apiVersion: z.string().describe('Usually apps/v1.'),
        kind: z.enum(['Deployment', 'DaemonSet']),
        name: z.string(),
        namespace: z.string(),
      }),
      provider: z.enum(PROVIDERS).describe('Traffic routing provider.'),
      service: z.object({
        name: z
          .string()
          .describe('Service name (Kurator: must equal workload.name).'),
        port: int.describe('Service port (1-65535).'),
        targetPort: z.union([int, z.string()]).optional(),
        timeoutSeconds: int.optional(),
        gateways: z.array(z.string()).optional().describe('Istio gateways.'),
        hosts: z.array(z.string()).optional().describe('Istio hosts.'),
        host: z
          .string()
          .optional()
          .describe('NGINX host (Kurator with nginx only).'),
        ingressName: z
          .string()
          .optional()
          .describe('NGINX Ingress of a native canary.'),
        protocol: z.string().optional().describe('Kuma protocol.'),
        retries: z.record(z.unknown()).optional(),
        headers: z.record(z.unknown()).optional(),
        corsPolicy: z.record(z.unknown()).optional(),
      }),
      traffic: z
        .object({
          maxWeight: int.optional(),
          stepWeight: int.optional(),
          stepWeights: z.array(int).optional(),
          stepWeightPromotion: int.optional(),
          iterations: int
            .optional()
            .describe('A/B testing (with match) or Blue/Green (without).'),
          match: z.array(match).optional().describe('A/B match conditions.'),
          mirror: z
            .boolean()
            .optional()
            .describe('Blue/Green with traffic mirroring.'),
        })
        .describe(
          'Exactly one of iterations, stepWeight or stepWeights (weights are percentages 1-100).',
        ),
      analysis: z.object({
        intervalSeconds: int.describe('Seconds between checks.'),
        threshold: int.describe('Failed checks before rollback.'),
        metrics: z.array(metric),
        loadTest: z
          .object({
            commands: z.array(z.string()),
            timeoutSeconds: int,
            url: z
              .string()
              .optional()
              .describe('Loadtester URL (native canaries).'),
          })
          .optional(),
        sessionAffinity: z
          .object({ cookieName: z.string(), maxAge: int.optional() })
          .optional(),
      }),
      testLoader: z
        .boolean()
        .optional()
        .describe('Kurator: install a private loadtester.'),
      gates: z
        .object({
          url: z
            .string()
            .describe(
              'A Flagger loadtester base URL, or the Canary backend gates <backend>/api/canary/gates/<cluster>.',
            ),
          token: z
            .string()
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
      rolloutTimeoutSeconds: int.optional(),
      skipAnalysis: z.boolean().optional(),
      revertOnDeletion: z.boolean().optional(),
      suspend: z.boolean().optional(),
    })
    .describe(
      'The rollout policy (the RolloutPolicy model of @backstage-canary/plugin-canary-common).',
    );
};

/**
 * The Kurator Application that carries the rollout policy (target `kurator` only).
 */
export const applicationInput = (z: Zod) =>
  z
    .object({
      name: z
        .string()
        .optional()
        .describe('Application name; defaults to the workload name.'),
      namespace: z
        .string()
        .optional()
        .describe(
          'Namespace of the Application in the host cluster; defaults to the workload namespace.',
        ),
      fleet: z.string().describe('The Kurator Fleet to deploy to.'),
      clusterSelector: z
        .record(z.string())
        .optional()
        .describe('matchLabels selecting member clusters of the fleet.'),
      syncPolicyName: z.string().optional(),
      source: z
        .object({
          gitRepository: z
            .object({
              url: z.string(),
              ref: z
                .object({
                  branch: z.string().optional(),
                  tag: z.string().optional(),
                  semver: z.string().optional(),
                  commit: z.string().optional(),
                })
                .optional(),
              interval: z.string().optional().describe('Defaults to 5m0s.'),
              timeout: z.string().optional(),
              secretRef: z.object({ name: z.string() }).optional(),
            })
            .passthrough()
            .optional(),
          helmRepository: z.record(z.unknown()).optional(),
          ociRepository: z.record(z.unknown()).optional(),
        })
        .describe(
          'Exactly one Flux source: gitRepository, helmRepository or ociRepository.',
        ),
      kustomization: z
        .record(z.unknown())
        .optional()
        .describe(
          'Flux Kustomization of the sync policy; defaults to { path: ./kubernetes, interval: 5m0s, prune: true, timeout: 2m0s }.',
        ),
    })
    .describe('The Kurator Application (target kurator).');
