import {
  hasPolicyErrors,
  type PolicyIssue,
  type PolicyTarget,
  type RolloutPolicy,
  rolloutPolicySchema,
  validateRolloutPolicy,
} from '@backstage-canary/plugin-canary-common';
import { PolicyInputError } from './PolicyInputError';

/**
 * Validates a policy for a target with the domain core and returns it typed, with its warnings;
 * a policy with errors is refused with every field-level issue (paths of the policy model, as the
 * validate route answers them) and a message that names each field by its path.
 */
export function checkPolicy(
  input: unknown,
  target: PolicyTarget,
): { policy: RolloutPolicy; warnings: PolicyIssue[] } {
  const issues = validateRolloutPolicy(input, target);
  if (hasPolicyErrors(issues)) {
    const errors = issues.filter(i => i.severity === 'error');
    throw new PolicyInputError(
      `The policy is not valid for ${target}: ${errors
        .map(i =>
          // API clients get the field's path; the message names it as the policy form does.
          i.path && !i.message.includes(i.path)
            ? `${i.path}: ${i.message}`
            : i.message,
        )
        .join('; ')}`,
      issues,
    );
  }
  return { policy: rolloutPolicySchema.parse(input), warnings: issues };
}
