import { InputError } from '@backstage/errors';

const MAX_REASON = 1000;

/** Reads the body of a rollout action: a required reason, recorded in the audit and action log. */
export function readActionBody(body: unknown): { reason: string } {
  const reason = (body as { reason?: unknown } | undefined)?.reason;
  if (typeof reason !== 'string' || !reason.trim()) {
    throw new InputError(
      'Field reason is required: say why, in at most 1000 characters (it is kept in the audit log)',
    );
  }
  if (reason.length > MAX_REASON) {
    throw new InputError(
      `Field reason must be at most ${MAX_REASON} characters, got ${reason.length}`,
    );
  }
  return { reason: reason.trim() };
}
