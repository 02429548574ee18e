import { InputError } from '@backstage/errors';
import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  rolloutPolicySchema,
  validateRolloutPolicy,
  type PolicyIssue,
  type PolicyTarget,
  type RolloutPolicy,
} from '@backstage-canary/plugin-canary-common';

/** A policy finding as step output: the field and the message. */
export type IssueOutput = { path: string; message: string };

/**
 * The issue's message: every policy issue names its field (the policy's by the label the policy
 * editor shows); a message that does not is prefixed with the field path.
 */
export function describeIssue(issue: PolicyIssue): string {
  const named =
    !issue.path ||
    issue.message.includes(issue.path) ||
    /^[A-Z]/.test(issue.message);
  return named ? issue.message : `${issue.path}: ${issue.message}`;
}

export function toIssueOutput(issue: PolicyIssue): IssueOutput {
  return { path: issue.path, message: describeIssue(issue) };
}

/**
 * Fails with an InputError listing every error of a list of issues (each naming its field).
 */
export function throwOnErrors(issues: PolicyIssue[], what: string): void {
  const errors = issues.filter(i => i.severity === 'error');
  if (errors.length === 0) return;
  throw new InputError(
    `${what} is invalid (${errors.length} error${
      errors.length === 1 ? '' : 's'
    }):\n${errors.map(e => `- ${describeIssue(e)}`).join('\n')}`,
  );
}

/**
 * Validates a rollout policy for a target with the domain rules. Warnings are logged and
 * returned; errors fail with an InputError naming each field and what is allowed.
 */
export function checkRolloutPolicy(
  input: unknown,
  target: PolicyTarget,
  logger: LoggerService,
): { policy: RolloutPolicy; warnings: PolicyIssue[] } {
  const issues = validateRolloutPolicy(input, target);
  const warnings = issues.filter(i => i.severity === 'warning');
  for (const warning of warnings) logger.warn(describeIssue(warning));
  for (const error of issues.filter(i => i.severity === 'error'))
    logger.error(describeIssue(error));
  throwOnErrors(issues, `The rollout policy for ${target}`);
  return { policy: rolloutPolicySchema.parse(input), warnings };
}
