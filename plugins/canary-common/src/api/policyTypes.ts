import type { ObjectMeta } from '../model/kubernetes';
import type {
  PolicyIssue,
  PolicyTarget,
  RolloutPolicy,
} from '../policy/rolloutPolicy';
import type { ClusterProblem } from './rolloutTypes';

/**
 * A Kubernetes object of a policy change (an Application, Canary or MetricTemplate).
 *
 * @public
 */
export type PolicyObject = {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
};

/**
 * Where an entity's current rollout policy lives: a rollout block of a Kurator Application in the
 * fleet's host cluster (rendered by Kurator on every member), or a native Flagger Canary on one
 * cluster.
 *
 * @public
 */
export type PolicySource =
  | {
      target: 'kurator';
      /** Backstage name of the host cluster that holds the Application. */
      hostCluster: string;
      application: { namespace: string; name: string };
      /** Index of the policy in `spec.syncPolicies`. */
      policyIndex: number;
      policyName: string;
      fleet: string;
      /** Backstage names of the member clusters Kurator renders the policy on. */
      clusters: string[];
    }
  | {
      target: 'flagger';
      /** Backstage cluster name. */
      cluster: string;
      namespace: string;
      name: string;
    };

/**
 * One current rollout policy of an entity, read into the provider-neutral model.
 *
 * @public
 */
export type CurrentPolicy = {
  source: PolicySource;
  policy: RolloutPolicy;
  /**
   * What reading lost or converted: fields of the Canary the model does not carry (so applying a
   * policy from here drops them), deprecated fields read as their replacement, unreadable
   * MetricTemplates. Paths are of the object read.
   */
  warnings: PolicyIssue[];
  /** What validation says about the policy as it is now (paths of the policy model). */
  issues: PolicyIssue[];
};

/**
 * The answer of `GET /entities/:kind/:namespace/:name/policy`.
 *
 * @public
 */
export type EntityPoliciesResponse = {
  entityRef: string;
  items: CurrentPolicy[];
  /** Clusters that could not be read; the others still answer. */
  errors: ClusterProblem[];
};

/**
 * The body of the policy validate, preview and dry-run calls.
 *
 * @public
 */
export type PolicyRequest = {
  target: PolicyTarget;
  /**
   * A {@link RolloutPolicy}; validated by the backend, which names every problem, so it may be any
   * object a form produced.
   */
  policy: Record<string, unknown>;
  /**
   * Flagger only: the clusters to put the Canary on. Defaults to the clusters where the entity's
   * native canary lives.
   */
  clusters?: string[];
  /**
   * Kurator only: the `spec.syncPolicies` index to replace. Defaults to the rollout policy of the
   * same workload, or the only one.
   */
  policyIndex?: number;
};

/**
 * The body of the policy apply call: a policy request plus the reason kept in the audit log.
 *
 * @public
 */
export type PolicyApplyRequest = PolicyRequest & { reason: string };

/**
 * The answer of a policy validation.
 *
 * @public
 */
export type PolicyValidationResponse = {
  /** False when any issue is an error; warnings do not block. */
  valid: boolean;
  issues: PolicyIssue[];
};

/**
 * What is applied to, or rendered in, one cluster.
 *
 * @public
 */
export type PolicyManifest = {
  cluster: string;
  /**
   * `host`: the Kurator Application applied to the fleet's host cluster; `member`: what Kurator
   * renders in a member cluster (or, for Flagger, the Canary applied there).
   */
  role: 'host' | 'member';
  objects: PolicyObject[];
  /** The objects as one multi-document YAML. */
  yaml: string;
};

/**
 * The answer of a policy preview.
 *
 * @public
 */
export type PolicyPreviewResponse = {
  target: PolicyTarget;
  manifests: PolicyManifest[];
  /** Warnings of the policy and of what Kurator does with it on each member. */
  issues: PolicyIssue[];
  /** Clusters that could not be read; the others still answer. */
  errors: ClusterProblem[];
};

/**
 * What a dry run (or an apply) does to one object.
 *
 * @public
 */
export type PolicyObjectChange = {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
  operation: 'create' | 'update' | 'unchanged';
  /**
   * Unified diff of the object's YAML as the cluster holds it against what the server would store
   * (or stored), without server-managed fields (managedFields, resourceVersion, generation,
   * status, ...). Empty when unchanged.
   */
  diff: string;
  /** The resourceVersion the change was based on (absent for a create). */
  resourceVersion?: string;
  /** Why the server refused this object; the other objects still answer. */
  error?: ClusterProblem;
};

/**
 * A dry run (or an apply) on one cluster.
 *
 * @public
 */
export type PolicyClusterChange = {
  cluster: string;
  role: 'host' | 'member';
  /**
   * True for a Kurator member: the objects are what Kurator would render there from the
   * Application, compared with what the member holds now. Kurator, not the backend, writes them,
   * so nothing was sent to the member, not even a dry run.
   */
  rendered?: boolean;
  objects: PolicyObjectChange[];
  /** Why the cluster could not be reached or read; the other clusters still answer. */
  error?: ClusterProblem;
};

/**
 * The answer of a policy dry run or apply.
 *
 * @public
 */
export type PolicyChangeResponse = {
  target: PolicyTarget;
  /** True for an apply, false for a dry run. */
  applied: boolean;
  clusters: PolicyClusterChange[];
  /** Warnings of the policy (a policy with errors is refused with 400). */
  issues: PolicyIssue[];
  /** Clusters that could not be read while finding the targets; the others still answer. */
  errors: ClusterProblem[];
};
