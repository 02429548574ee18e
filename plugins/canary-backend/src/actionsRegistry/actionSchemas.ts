import type { ActionsRegistryActionOptions } from '@backstage/backend-plugin-api/alpha';
import { TIMELINE_KINDS } from '@backstage-canary/plugin-canary-common';
import { PAGE_LIMIT } from '../lib/input/pageQuery';
import { RUN_ID } from '../lib/input/runId';
import { STEP_SECONDS, TIMESTAMP } from '../lib/input/timeRange';

/** The zod the actions registry hands to schema builders. */
export type Zod = Parameters<
  ActionsRegistryActionOptions<any, any>['schema']['input']
>[0];

/**
 * An optional field whose value the action's parser judges (lib/input, the parsers the HTTP routes
 * use), not the registry: the schema still tells clients the field's type and range, but a bad
 * value reaches the action, whose parser refuses it with the same words as the HTTP route (the
 * registry's own check would answer only "Invalid input to action"). Whatever the types say, the
 * value is what the caller sent.
 */
const judgedByAction = <
  S extends { catch(def: (ctx: { input: any }) => any): any },
>(
  schema: S,
): S => schema.catch(ctx => ctx.input);

/**
 * The entity whose rollouts an action is about. Required strings are checked for presence by the
 * registry and for their form by the action.
 */
export const entityRefField = (z: Zod) =>
  z
    .string()
    .describe(
      'The catalog entity, as an entity ref such as component:default/my-service',
    );

/** The fields naming one canary of an entity. */
export const canaryFields = (z: Zod) => ({
  entityRef: entityRefField(z),
  cluster: z
    .string()
    .describe('The Backstage name of the cluster the canary runs on'),
  namespace: z
    .string()
    .describe('The namespace of the Canary (a Kubernetes name)'),
  name: z.string().describe('The name of the Canary (a Kubernetes name)'),
});

/** The fields of a page of a list. */
export const pageFields = (z: Zod) => ({
  limit: judgedByAction(
    z
      .number()
      .int()
      .min(PAGE_LIMIT.min)
      .max(PAGE_LIMIT.max)
      .optional()
      .describe(
        `How many items to answer, ${PAGE_LIMIT.min} to ${PAGE_LIMIT.max}`,
      ),
  ),
  cursor: judgedByAction(
    z
      .string()
      .optional()
      .describe('The nextCursor of the previous page, for the next one'),
  ),
});

/** A run of the canary, by its id, for what the description says. */
const runIdField = (z: Zod, description: string) =>
  judgedByAction(
    z
      .number()
      .int()
      .min(RUN_ID.min)
      .optional()
      .describe(`${description}: its id, not its number`),
  );

/** The timeline filters. */
export const timelineFields = (z: Zod) => ({
  runId: runIdField(z, 'Only the entries of this run'),
  kinds: judgedByAction(
    z
      .array(z.enum(TIMELINE_KINDS))
      .min(1)
      .optional()
      .describe(
        'Only these kinds of entries (transition, action, halted, ...)',
      ),
  ),
});

/** The metrics query: a time range and a run. */
export const metricsFields = (z: Zod) => ({
  start: judgedByAction(
    z
      .number()
      .int()
      .min(TIMESTAMP.min)
      .max(TIMESTAMP.max)
      .optional()
      .describe(
        "Start of the range, unix seconds (default: a minute before the run's start with runId, else an hour before end)",
      ),
  ),
  end: judgedByAction(
    z
      .number()
      .int()
      .min(TIMESTAMP.min)
      .max(TIMESTAMP.max)
      .optional()
      .describe(
        "End of the range, unix seconds (default: a minute after the run's end, or now while it runs, with runId; else now)",
      ),
  ),
  stepSeconds: judgedByAction(
    z
      .number()
      .int()
      .min(STEP_SECONDS.min)
      .max(STEP_SECONDS.max)
      .optional()
      .describe('Resolution of the series, in seconds'),
  ),
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
