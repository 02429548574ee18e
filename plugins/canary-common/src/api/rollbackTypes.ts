import type { CanaryRef } from './rolloutTypes';

/**
 * A request to roll a canary's target workload back to a recorded revision.
 *
 * @public
 */
export type RevisionRollbackRequest = {
  /** The recorded run whose revision (images) to go back to. */
  runId: number;
  /** Why: kept in the audit log and the action log. */
  reason: string;
};

/**
 * What a rollback to a recorded revision did.
 *
 * @public
 */
export type RevisionRollbackResult = {
  action: 'rollback';
  /** The run whose revision the workloads were set back to. */
  runId: number;
  images: string[];
  /** Every canary whose target workload now runs the revision's images. */
  affects: CanaryRef[];
  /** Members of the Kurator policy that could not be reached, and why; they were not changed. */
  unreached: Array<{ cluster: string; message: string }>;
  message: string;
  /** False when every reached workload already ran the revision's images. */
  changed: boolean;
};
