import type { PolicyIssue } from '@backstage-canary/plugin-canary-common';

/** A failed policy call in words, and the policy issues the backend named (400 `{ error, issues }`). */
export type PolicyCallError = { message: string; issues: PolicyIssue[] };

function fromBody(body: unknown): PolicyCallError | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const { error, issues } = body as { error?: unknown; issues?: unknown };
  const message =
    typeof error === 'string'
      ? error
      : (error as { message?: string } | undefined)?.message;
  if (!message) return undefined;
  return {
    message,
    issues: Array.isArray(issues) ? (issues as PolicyIssue[]) : [],
  };
}

/**
 * Reads the error of a policy call: the backend's `{ error, issues }` body when the response
 * carried one (the client puts a non-Backstage body into the message), otherwise the message.
 */
export function readPolicyCallError(error: unknown): PolicyCallError {
  const e = error as {
    body?: unknown;
    cause?: { message?: string };
    message?: string;
  };
  const parsed = fromBody(e?.body);
  if (parsed) return parsed;
  const message = e?.cause?.message ?? e?.message ?? String(error);
  const json = message.indexOf('{');
  if (json >= 0) {
    try {
      const fromText = fromBody(JSON.parse(message.slice(json)));
      if (fromText) return fromText;
    } catch {
      // Not JSON: keep the message as it is.
    }
  }
  return { message, issues: [] };
}
