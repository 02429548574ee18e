import { inputField, refusal } from '../lib/input/InputField';
import { readReasonText } from '../lib/input/reasonText';

const MAX_REASON = 1000;

/**
 * Reads the body of a rollout action: a required reason, recorded in the audit and action log, and
 * for a promote the optional `acknowledgeFailedChecks`. The reason is plain single-line text (see
 * `readReasonText`), so it cannot change how the timeline around it reads.
 */
export function readActionBody(body: unknown): {
  reason: string;
  acknowledgeFailedChecks: boolean;
} {
  const given = body as
    | { reason?: unknown; acknowledgeFailedChecks?: unknown }
    | undefined;
  return {
    reason: readReasonText('reason', given?.reason, MAX_REASON),
    acknowledgeFailedChecks: readAcknowledgement(
      given?.acknowledgeFailedChecks,
    ),
  };
}

/** Reads `acknowledgeFailedChecks`: absent means false. */
export function readAcknowledgement(value: unknown): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') {
    throw refusal(
      inputField('acknowledgeFailedChecks'),
      'true or false (true promotes a canary with failed checks anyway)',
      value,
    );
  }
  return value;
}
