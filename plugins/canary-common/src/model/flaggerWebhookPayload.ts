/**
 * Flagger's webhook payload, typed and read in one place: the Canary backend's gate webhooks and
 * the timeline's event webhook parser take it from here, so what Flagger sends (pkg/controller
 * webhook.go, `CanaryWebhookPayload`) is described once. The fleet lab keeps its own copy on
 * purpose: it plays Flagger, and judges the product against it.
 */

/**
 * The JSON body Flagger POSTs to every webhook of a canary.
 *
 * @public
 */
export type FlaggerWebhookPayload = {
  /** The Canary's name. */
  name: string;
  /** The Canary's namespace. */
  namespace: string;
  /** The canary's phase when Flagger called the webhook. */
  phase?: string;
  /**
   * The run's revision: Flagger's hash of the canary status' `trackedConfigs` and
   * `lastAppliedSpec` (see `flaggerCanaryChecksum`).
   */
  checksum: string;
  /** The webhook's type, when the Flagger version sends it. */
  type?: string;
  /**
   * The webhook's `metadata`. For `event` webhooks Flagger sets `eventMessage`, `eventType` and
   * `timestamp` (Unix milliseconds) in it.
   */
  metadata?: Record<string, string>;
};

/**
 * What reading a body as Flagger's webhook payload gave: the payload, or why it is not one, naming
 * the field and what is allowed, for a 400 answer Flagger records in its event.
 *
 * @public
 */
export type FlaggerWebhookPayloadReading =
  | { ok: true; payload: FlaggerWebhookPayload }
  | {
      ok: false;
      /** The field that is wrong; none when the body is not an object at all. */
      field?: keyof FlaggerWebhookPayload;
      message: string;
    };

const PAYLOAD_SHAPE =
  '{"name","namespace","phase","checksum","type","metadata"}';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A short rendering of a wrong value for a message. */
function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * Reads a request body as Flagger's webhook payload: `name`, `namespace` and `checksum` are
 * non-empty strings, `phase` and `type` strings when present, `metadata` an object of strings when
 * present, and other fields are ignored, as Flagger's loadtester does. A wrong body is not thrown:
 * the answer names the field and what it allows, so each receiver picks its own status code.
 *
 * @public
 */
export function readFlaggerWebhookPayload(
  body: unknown,
): FlaggerWebhookPayloadReading {
  if (!isObject(body)) {
    return {
      ok: false,
      message: `The body must be Flagger's webhook payload: an object ${PAYLOAD_SHAPE}, got ${describe(
        body,
      )}`,
    };
  }
  const refuse = (
    field: keyof FlaggerWebhookPayload,
    allowed: string,
  ): FlaggerWebhookPayloadReading => ({
    ok: false,
    field,
    message: `Field ${field} of the webhook payload must be ${allowed}, as Flagger sends it; got ${describe(
      body[field],
    )}`,
  });
  for (const field of ['name', 'namespace', 'checksum'] as const) {
    if (typeof body[field] !== 'string' || !body[field]) {
      return refuse(field, 'a non-empty string (it is required)');
    }
  }
  for (const field of ['phase', 'type'] as const) {
    if (body[field] !== undefined && typeof body[field] !== 'string') {
      return refuse(field, 'a string when present');
    }
  }
  const metadata = body.metadata;
  if (
    metadata !== undefined &&
    (!isObject(metadata) ||
      !Object.values(metadata).every(value => typeof value === 'string'))
  ) {
    return refuse(
      'metadata',
      "an object of strings when present (the webhook's metadata)",
    );
  }
  const payload: FlaggerWebhookPayload = {
    name: body.name as string,
    namespace: body.namespace as string,
    checksum: body.checksum as string,
  };
  if (body.phase !== undefined) payload.phase = body.phase as string;
  if (body.type !== undefined) payload.type = body.type as string;
  if (metadata !== undefined) {
    payload.metadata = metadata as Record<string, string>;
  }
  return { ok: true, payload };
}
