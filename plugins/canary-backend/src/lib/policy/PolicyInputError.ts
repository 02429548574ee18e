import { InputError } from '@backstage/errors';
import type { PolicyIssue } from '@backstage-canary/plugin-canary-common';

/**
 * Bad input to a policy route, with the field-level issues. The policy routes answer it with 400
 * and the issues both in the serialized error and at the top of the body.
 */
export class PolicyInputError extends InputError {
  readonly issues: PolicyIssue[];

  constructor(message: string, issues: PolicyIssue[] = []) {
    super(message);
    this.issues = issues;
  }
}

/** An issue about a field of the request body (not of the policy). */
export function requestIssue(path: string, message: string): PolicyIssue {
  return { path, message, severity: 'error' };
}
