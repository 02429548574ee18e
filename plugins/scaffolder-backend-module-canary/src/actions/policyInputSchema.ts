import type { z as zod } from 'zod/v3';
import { rolloutPolicySchema } from '@backstage-canary/plugin-canary-common';
import { fromCommonSchema } from './fromCommonSchema';

/** The zod instance the scaffolder hands to action schemas. */
export type Zod = typeof zod;

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
 * The rollout policy as a step input: common's `rolloutPolicySchema` converted to the scaffolder's
 * zod (descriptions included), so templates and the `CanaryPolicyPicker` field produce the same
 * object. Types and required fields are checked here, ranges and cross-field rules by
 * `validateRolloutPolicy`, which names the field and what is allowed.
 */
export const rolloutPolicyInput = (z: Zod) =>
  fromCommonSchema(z, rolloutPolicySchema, 'policy');

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
