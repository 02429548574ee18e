import type { ActionsRegistryActionOptions } from '@backstage/backend-plugin-api/alpha';
import { TIMELINE_KINDS } from '../service/historyQuery';

/** The zod the actions registry hands to schema builders. */
export type Zod = Parameters<
  ActionsRegistryActionOptions<any, any>['schema']['input']
>[0];

/** The entity whose rollouts an action is about. */
export const entityRefField = (z: Zod) =>
  z
    .string()
    .min(1)
    .describe(
      'The catalog entity, as an entity ref such as component:default/my-service',
    );

/** The fields naming one canary of an entity. */
export const canaryFields = (z: Zod) => ({
  entityRef: entityRefField(z),
  cluster: z
    .string()
    .min(1)
    .describe('The Backstage name of the cluster the canary runs on'),
  namespace: z.string().min(1).describe('The namespace of the Canary'),
  name: z.string().min(1).describe('The name of the Canary'),
});

/** The fields of a page of a list. */
export const pageFields = (z: Zod) => ({
  limit: z
    .number()
    .int()
    .min(1)
    .max(500)
    .optional()
    .describe('How many items to answer, 1 to 500'),
  cursor: z
    .string()
    .optional()
    .describe('The nextCursor of the previous page, for the next one'),
});

/** A run of the canary, by its id, for what the description says. */
const runIdField = (z: Zod, description: string) =>
  z
    .number()
    .int()
    .min(1)
    .optional()
    .describe(`${description}: its id, not its number`);

/** The timeline filters. */
export const timelineFields = (z: Zod) => ({
  runId: runIdField(z, 'Only the entries of this run'),
  kinds: z
    .array(z.enum(TIMELINE_KINDS as [string, ...string[]]))
    .optional()
    .describe('Only these kinds of entries (transition, action, halted, ...)'),
});

/** The metrics query: a time range and a run. */
export const metricsFields = (z: Zod) => ({
  start: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe(
      "Start of the range, unix seconds (default: a minute before the run's start with runId, else an hour before end)",
    ),
  end: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe(
      "End of the range, unix seconds (default: a minute after the run's end, or now while it runs, with runId; else now)",
    ),
  stepSeconds: z
    .number()
    .int()
    .min(1)
    .max(86400)
    .optional()
    .describe('Resolution of the series, in seconds'),
  runId: runIdField(
    z,
    "Only the failed checks of this run, whatever the range, which defaults to the run's",
  ),
});

/** A per-cluster failure: the rest of the fleet still answers. */
export const clusterProblem = (z: Zod) =>
  z
    .object({ cluster: z.string(), name: z.string(), message: z.string() })
    .passthrough();

/** One rollout of an entity on one cluster; the full shape is RolloutSummary of the API. */
export const rolloutSummary = (z: Zod) =>
  z
    .object({
      cluster: z.string(),
      namespace: z.string(),
      name: z.string(),
      source: z.string(),
      found: z.boolean(),
    })
    .passthrough();
