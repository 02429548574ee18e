import type {
  PolicyApplyRequest,
  PolicyIssue,
  PolicyRequest,
  PolicyTarget,
} from '@backstage-canary/plugin-canary-common';
import { readReasonText } from '../input/reasonText';
import { PolicyInputError, requestIssue } from './PolicyInputError';

const TARGETS: PolicyTarget[] = ['kurator', 'flagger'];
const MAX_REASON = 1000;
const KNOWN_FIELDS = new Set([
  'target',
  'policy',
  'clusters',
  'policyIndex',
  'reason',
]);

/**
 * Reads the body of the validate, preview and dry-run routes: `{ target, policy, clusters?,
 * policyIndex? }`. The policy itself is validated by the domain core later; this checks the
 * envelope and names every wrong field and what is allowed.
 */
export function readPolicyRequest(body: unknown): PolicyRequest {
  const issues: PolicyIssue[] = [];
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new PolicyInputError(
      'The body must be a JSON object { target, policy } with target kurator or flagger',
      [requestIssue('', 'body must be a JSON object { target, policy }')],
    );
  }
  const input = body as Record<string, unknown>;
  for (const key of Object.keys(input)) {
    if (!KNOWN_FIELDS.has(key)) {
      issues.push(
        requestIssue(
          key,
          `Field ${key} is unknown; allowed: ${[...KNOWN_FIELDS].join(', ')}`,
        ),
      );
    }
  }
  const target = input.target;
  if (!TARGETS.includes(target as PolicyTarget)) {
    issues.push(
      requestIssue(
        'target',
        `Field target must be one of ${TARGETS.join(', ')}, got ${
          target === undefined ? 'nothing' : JSON.stringify(target)
        }`,
      ),
    );
  }
  if (
    !input.policy ||
    typeof input.policy !== 'object' ||
    Array.isArray(input.policy)
  ) {
    issues.push(
      requestIssue(
        'policy',
        'Field policy is required: a rollout policy object (workload, provider, service, traffic, analysis)',
      ),
    );
  }
  const clusters = input.clusters;
  if (
    clusters !== undefined &&
    (!Array.isArray(clusters) ||
      clusters.length === 0 ||
      clusters.some(c => typeof c !== 'string' || !c))
  ) {
    issues.push(
      requestIssue(
        'clusters',
        'Field clusters must be a non-empty list of cluster names',
      ),
    );
  }
  if (clusters !== undefined && target === 'kurator') {
    issues.push(
      requestIssue(
        'clusters',
        "Field clusters only applies to target flagger: Kurator renders on every member of the policy's fleet",
      ),
    );
  }
  const policyIndex = input.policyIndex;
  if (
    policyIndex !== undefined &&
    (typeof policyIndex !== 'number' ||
      !Number.isInteger(policyIndex) ||
      policyIndex < 0)
  ) {
    issues.push(
      requestIssue(
        'policyIndex',
        'Field policyIndex must be a non-negative integer (an index of the Application spec.syncPolicies)',
      ),
    );
  }
  if (policyIndex !== undefined && target === 'flagger') {
    issues.push(
      requestIssue(
        'policyIndex',
        'Field policyIndex only applies to target kurator',
      ),
    );
  }
  if (issues.length) {
    throw new PolicyInputError(
      `Invalid policy request: ${issues.map(i => i.message).join('; ')}`,
      issues,
    );
  }
  return {
    target: target as PolicyTarget,
    policy: input.policy as Record<string, unknown>,
    clusters: clusters as string[] | undefined,
    policyIndex: policyIndex as number | undefined,
  };
}

/** Reads the body of the apply route: a policy request plus a required reason. */
export function readPolicyApplyRequest(body: unknown): PolicyApplyRequest {
  const reason = (body as { reason?: unknown } | undefined)?.reason;
  let request: PolicyRequest | undefined;
  let issues: PolicyIssue[] = [];
  try {
    request = readPolicyRequest(body);
  } catch (error) {
    if (!(error instanceof PolicyInputError)) throw error;
    issues = [...error.issues];
  }
  let text = '';
  try {
    // Plain single-line text, as for rollout actions: it is shown in the audit log and timeline.
    text = readReasonText('reason', reason, MAX_REASON);
  } catch (error) {
    issues.push(requestIssue('reason', (error as Error).message));
  }
  if (issues.length || !request) {
    throw new PolicyInputError(
      `Invalid policy request: ${issues.map(i => i.message).join('; ')}`,
      issues,
    );
  }
  return { ...request, reason: text };
}
