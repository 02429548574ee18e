import { readReasonText } from '../lib/input/reasonText';

const MAX_REASON = 1000;

/**
 * Reads the body of a rollout action: a required reason, recorded in the audit and action log. The
 * reason is plain single-line text (see `readReasonText`), so it cannot change how the timeline
 * around it reads.
 */
export function readActionBody(body: unknown): { reason: string } {
  const reason = (body as { reason?: unknown } | undefined)?.reason;
  return { reason: readReasonText('reason', reason, MAX_REASON) };
}
