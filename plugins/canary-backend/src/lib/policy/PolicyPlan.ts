import type {
  PolicyIssue,
  PolicyManifest,
  PolicyObject,
  PolicyTarget,
} from '@backstage-canary/plugin-canary-common';

/** The objects a policy change writes to one cluster, in the order they are written. */
export type PlannedClusterChange = {
  cluster: string;
  role: 'host' | 'member';
  objects: PolicyObject[];
  /**
   * What Kurator renders on a member from the Application: the backend never writes it, a dry run
   * only compares it with what the member holds now (and an apply leaves it out).
   */
  rendered?: boolean;
};

/** What a validated policy renders to, and what applying it writes. */
export type PolicyPlan = {
  target: PolicyTarget;
  /** Warnings of the policy, and of what Kurator does with it on each member. */
  issues: PolicyIssue[];
  /** What is applied and, for Kurator, what each member will get (the preview). */
  manifests: PolicyManifest[];
  /** What a dry run or an apply writes, per cluster. */
  changes: PlannedClusterChange[];
};
