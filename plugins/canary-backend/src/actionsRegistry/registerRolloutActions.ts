import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  ROLLOUT_ACTIONS,
  type RolloutAction,
  rolloutActionPermission,
} from '@backstage-canary/plugin-canary-common';
import type { RolloutActionOperations } from '../service/operations/RolloutActionOperations';
import { readCanaryInput } from './actionInput';
import { canaryFields } from './actionSchemas';

/** What each rollout action does, for people and MCP clients choosing a tool. */
const ACTION_DOCS: Record<
  RolloutAction,
  { title: string; what: string; destructive: boolean; idempotent: boolean }
> = {
  pause: {
    title: 'Pause a rollout',
    what: 'Suspends the canary analysis where it is; traffic stays as it is until resumed.',
    destructive: false,
    idempotent: true,
  },
  resume: {
    title: 'Resume a rollout',
    what: 'Resumes a paused canary analysis.',
    destructive: false,
    idempotent: true,
  },
  promote: {
    title: 'Promote a rollout',
    what: 'Finishes the analysis now and promotes the canary revision to primary.',
    destructive: true,
    idempotent: true,
  },
  abort: {
    title: 'Abort a rollout',
    what: 'Rolls the canary back to the primary revision now.',
    destructive: true,
    idempotent: true,
  },
  retry: {
    title: 'Retry a rollout',
    what: 'Restarts the analysis of the current revision.',
    destructive: true,
    idempotent: false,
  },
  approve: {
    title: 'Approve a waiting rollout',
    what: 'Opens the gate a waiting canary is blocked on, for its current run only.',
    destructive: false,
    idempotent: true,
  },
};

/**
 * Registers one action per rollout verb (`canary:pause-rollout`, `canary:promote-rollout`, ...).
 * Each calls the action operations the HTTP routes call: the same permission checked on the
 * entity before any cluster is touched, the same audit event and the same action log.
 */
export function registerRolloutActions(options: {
  actionsRegistry: ActionsRegistryService;
  actions: RolloutActionOperations;
}) {
  const { actionsRegistry, actions } = options;
  for (const action of ROLLOUT_ACTIONS) {
    const doc = ACTION_DOCS[action];
    actionsRegistry.register({
      name: `${action}-rollout`,
      title: doc.title,
      description: `${
        doc.what
      } Kurator-managed canaries are changed through their Application's rollout policy, so the action affects every cluster of that policy (listed in affects). Requires the ${
        rolloutActionPermission(action).name
      } permission on the entity and a reason, kept in the audit and action logs.`,
      attributes: { destructive: doc.destructive, idempotent: doc.idempotent },
      schema: {
        input: z =>
          z.object({
            ...canaryFields(z),
            reason: z
              .string()
              .describe(
                'Why, in at most 1000 characters of plain text on one line (kept in the audit log)',
              ),
            ...(action === 'promote'
              ? {
                  acknowledgeFailedChecks: z
                    .boolean()
                    .optional()
                    .describe(
                      'Set true to promote a canary whose current run has failed checks anyway; without it such a promote is refused',
                    ),
                }
              : {}),
          }),
        output: z =>
          z.object({
            action: z.string(),
            route: z.string(),
            affects: z.array(
              z.object({
                cluster: z.string(),
                namespace: z.string(),
                name: z.string(),
              }),
            ),
            message: z.string(),
            changed: z.boolean(),
          }),
      },
      action: async ({ input, credentials }) => {
        const { entity, canary } = readCanaryInput(input);
        return {
          output: await actions.run({
            caller: { credentials, via: 'actions-registry' },
            entity,
            canary,
            action,
            reason: input.reason,
            acknowledgeFailedChecks: (
              input as { acknowledgeFailedChecks?: unknown }
            ).acknowledgeFailedChecks,
          }),
        };
      },
    });
  }
}
