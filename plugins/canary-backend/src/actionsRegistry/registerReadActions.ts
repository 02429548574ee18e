import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import type { CanaryCaller } from '../service/operations/CanaryCaller';
import type { RolloutReadOperations } from '../service/operations/RolloutReadOperations';
import {
  readCanaryInput,
  readEntityInput,
  readMetricsInput,
  readPageInput,
  readTimelineInput,
} from './actionInput';
import {
  canaryFields,
  clusterProblem,
  entityRefField,
  metricsFields,
  pageFields,
  rolloutSummary,
  timelineFields,
} from './actionSchemas';

const READ_ONLY = { readOnly: true, destructive: false, idempotent: true };

const PERMISSION_NOTE =
  'The caller needs the canary.rollout.read permission on the entity.';

/**
 * Registers the read actions: an entity's rollouts across the fleet, one rollout's runs, timeline
 * and metrics, and the inbox. Each calls the read operations the HTTP routes call, with the
 * caller's credentials, so it answers what the route answers.
 */
export function registerReadActions(options: {
  actionsRegistry: ActionsRegistryService;
  reads: RolloutReadOperations;
}) {
  const { actionsRegistry, reads } = options;
  const caller = (credentials: BackstageCredentials): CanaryCaller => ({
    credentials,
    via: 'actions-registry',
  });

  actionsRegistry.register({
    name: 'get-entity-rollouts',
    title: 'Get the rollouts of an entity',
    description: `The progressive delivery rollouts (Flagger canaries) of a catalog entity on every cluster of the fleet: phase, planned and current weights, progress, failed checks against the threshold, last transition, Kurator policy, revision and the actions possible now. A cluster that cannot be read is listed under errors while the others answer. ${PERMISSION_NOTE}`,
    attributes: READ_ONLY,
    schema: {
      input: z => z.object({ entityRef: entityRefField(z) }),
      output: z =>
        z
          .object({
            entityRef: z.string(),
            items: z.array(rolloutSummary(z)),
            errors: z.array(clusterProblem(z)),
            summary: z.string(),
          })
          .passthrough(),
    },
    action: async ({ input, credentials }) => ({
      output: await reads.entityRollouts(
        caller(credentials),
        readEntityInput(input),
      ),
    }),
  });

  actionsRegistry.register({
    name: 'diagnose-rollout',
    title: 'Why is my rollout stuck',
    description: `Whether one canary of an entity moves as its policy says and, when it does not, why: each cause (its cluster unreachable, paused, the Flagger controller silent, Kurator not rendering a change, a Deployment not ready, a webhook failing, a metric query failing, a metric without data, checks out of range, a gate waiting for approval) with its evidence and the fix, most decisive first. A canary at rest (nothing to roll out) has no diagnosis. ${PERMISSION_NOTE}`,
    attributes: READ_ONLY,
    schema: {
      input: z => z.object(canaryFields(z)),
      output: z =>
        z.object({
          cluster: z.string(),
          namespace: z.string(),
          name: z.string(),
          state: z
            .string()
            .optional()
            .describe('The rollout state, e.g. "Progressing"'),
          diagnosis: z
            .object({
              moving: z.boolean(),
              headline: z.string(),
              causes: z.array(
                z
                  .object({
                    cause: z.string(),
                    title: z.string(),
                    evidence: z.array(z.string()),
                    fix: z.string(),
                  })
                  .passthrough(),
              ),
            })
            .optional()
            .describe('Absent for a canary at rest'),
        }),
    },
    action: async ({ input, credentials }) => {
      const { entity, canary } = readCanaryInput(input);
      const { rollout } = await reads.detailOf(
        caller(credentials),
        entity,
        canary,
      );
      return {
        output: {
          cluster: rollout.cluster,
          namespace: rollout.namespace,
          name: rollout.name,
          ...(rollout.state ? { state: rollout.state.label } : {}),
          ...(rollout.diagnosis ? { diagnosis: rollout.diagnosis } : {}),
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'get-rollout-runs',
    title: 'Get the runs of a rollout',
    description: `The runs of one canary of an entity, newest first: each revision's journey through the analysis, with its number within the canary (shown to users as #3), its id (to filter the timeline by), images, start, end and outcome. ${PERMISSION_NOTE}`,
    attributes: READ_ONLY,
    schema: {
      input: z => z.object({ ...canaryFields(z), ...pageFields(z) }),
      output: z =>
        z.object({
          items: z.array(
            z
              .object({
                id: z.number(),
                revision: z.string(),
                startedAt: z.string(),
              })
              .passthrough(),
          ),
          nextCursor: z.string().optional(),
        }),
    },
    action: async ({ input, credentials }) => {
      const { entity, canary } = readCanaryInput(input);
      const page = readPageInput(input, 'runs');
      return {
        output: await reads.runs(caller(credentials), entity, canary, page),
      };
    },
  });

  actionsRegistry.register({
    name: 'get-rollout-timeline',
    title: 'Get the timeline of a rollout',
    description: `The recorded history of one canary of an entity, newest first: phase and weight transitions, parsed Flagger events (halts with the failed metric, gates, promotions, rollbacks) and the rollout actions people took, optionally of one run and of some kinds. ${PERMISSION_NOTE}`,
    attributes: READ_ONLY,
    schema: {
      input: z =>
        z.object({
          ...canaryFields(z),
          ...timelineFields(z),
          ...pageFields(z),
        }),
      output: z =>
        z.object({
          items: z.array(
            z.object({ type: z.string(), at: z.string() }).passthrough(),
          ),
          nextCursor: z.string().optional(),
        }),
    },
    action: async ({ input, credentials }) => {
      const { entity, canary } = readCanaryInput(input);
      const query = readTimelineInput(input);
      return {
        output: await reads.timeline(
          caller(credentials),
          entity,
          canary,
          query,
        ),
      };
    },
  });

  actionsRegistry.register({
    name: 'get-rollout-metrics',
    title: 'Get the analysis metrics of a rollout',
    description: `For each analysis metric of one canary of an entity: the canary's and the primary's series over a time range from Prometheus, the threshold and the checks that failed (those of the run given, else those within the range). A run that is not one of the canary's is not found. ${PERMISSION_NOTE}`,
    attributes: READ_ONLY,
    schema: {
      input: z => z.object({ ...canaryFields(z), ...metricsFields(z) }),
      output: z =>
        z
          .object({
            range: z
              .object({
                start: z.number(),
                end: z.number(),
                stepSeconds: z.number(),
              })
              .passthrough(),
            metrics: z.array(z.object({ name: z.string() }).passthrough()),
          })
          .passthrough(),
    },
    action: async ({ input, credentials }) => {
      const { entity, canary } = readCanaryInput(input);
      const query = readMetricsInput(input);
      return {
        output: await reads.metricsOf(
          caller(credentials),
          entity,
          canary,
          query,
        ),
      };
    },
  });

  actionsRegistry.register({
    name: 'get-rollout-inbox',
    title: 'Get the rollouts that need someone',
    description:
      'The rollouts waiting for approval or failed, across the entities the caller may read (canary.rollout.read), a page of entities at a time, with the clusters that could not be read.',
    attributes: READ_ONLY,
    schema: {
      input: z => z.object(pageFields(z)),
      output: z =>
        z
          .object({
            items: z.array(
              z
                .object({
                  entityRef: z.string(),
                  attention: z.enum(['waiting-for-approval', 'failed']),
                  rollout: rolloutSummary(z),
                })
                .passthrough(),
            ),
            errors: z.array(
              clusterProblem(z).extend({ entityRef: z.string() }),
            ),
            nextCursor: z.string().optional(),
          })
          .passthrough(),
    },
    action: async ({ input, credentials }) => ({
      output: await reads.inboxOf(caller(credentials), readPageInput(input)),
    }),
  });
}
