import { ConflictError } from '@backstage/errors';
import type { PolicyChangeResponse } from '@backstage-canary/plugin-canary-common';

/**
 * A policy apply that lost a race with another change (409): the message names each object and
 * where it is now; `result` says what happened on every cluster.
 */
export class PolicyConflictError extends ConflictError {
  readonly result: PolicyChangeResponse;

  constructor(message: string, result: PolicyChangeResponse) {
    super(message);
    this.result = result;
  }
}
