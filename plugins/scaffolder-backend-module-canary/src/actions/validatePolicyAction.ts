import {
  createTemplateAction,
  type TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { checkRolloutPolicy, toIssueOutput } from './checkRolloutPolicy';
import { examples } from './validatePolicyAction.examples';
import { policyTargetInput, rolloutPolicyInput } from './policyInputSchema';

/**
 * `canary:policy:validate`: checks a rollout policy with the domain rules for a target. Errors
 * fail the step, each naming the field and what is allowed; warnings are logged and output.
 *
 * @public
 */
// The input and output are described by the action's schema (see its examples); the public type
// stays this wide so that it does not spell out the inferred schema types.
export function createValidatePolicyAction(): TemplateAction<any, any> {
  return createTemplateAction({
    id: 'canary:policy:validate',
    description:
      'Validates a canary rollout policy for a Kurator Application or a native Flagger Canary: fails with the field errors, logs and outputs the warnings.',
    examples,
    supportsDryRun: true,
    schema: {
      input: z =>
        z.object({
          target: policyTargetInput(z),
          policy: rolloutPolicyInput(z),
        }),
      output: z =>
        z.object({
          valid: z.boolean(),
          warnings: z
            .array(z.object({ path: z.string(), message: z.string() }))
            .describe('Findings that do not block the rollout.'),
        }),
    },
    async handler(ctx) {
      const { warnings } = checkRolloutPolicy(
        ctx.input.policy,
        ctx.input.target,
        ctx.logger,
      );
      ctx.logger.info(
        `The rollout policy is valid for ${ctx.input.target}${
          warnings.length ? ` (${warnings.length} warning(s))` : ''
        }.`,
      );
      ctx.output('valid', true);
      ctx.output('warnings', warnings.map(toIssueOutput));
    },
  });
}
