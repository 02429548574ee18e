import { InputError } from '@backstage/errors';
import type { ErrorRequestHandler } from 'express';

/** How large a JSON body may be (express.json's default). */
export const BODY_LIMIT = '100 kB';

const TOO_LARGE = `The request body is larger than the ${BODY_LIMIT} allowed`;

/** A body over the limit: 413, naming the limit. */
class PayloadTooLargeError extends Error {
  readonly statusCode = 413;
  constructor() {
    super(TOO_LARGE);
    this.name = 'PayloadTooLargeError';
  }
}

type ParserError = Error & { type?: string; status?: number };

/**
 * Turns what express, its JSON parser and the request validator say about a malformed request into
 * errors that name what is wrong and what is allowed (and keep their 4xx status): a body that is
 * not a JSON object, a body too large, a missing body, a path that is not valid percent-encoding.
 * Anything else passes unchanged.
 */
export function describeRequestError(error: unknown): unknown {
  const e = error as ParserError | undefined;
  if (!e || typeof e !== 'object') return error;
  const message = String(e.message ?? '');
  // The request validator re-wraps every error as a 400 InputError with the same message.
  if (
    e.type === 'entity.too.large' ||
    message === 'request entity too large' ||
    message === TOO_LARGE
  ) {
    return new PayloadTooLargeError();
  }
  if (e.type === 'entity.parse.failed') {
    return new InputError(
      `The request body must be a JSON object (Content-Type: application/json): ${message}`,
    );
  }
  if (/^unsupported media type/.test(message)) {
    const type = message.replace(/^unsupported media type\s*/, '');
    return new InputError(
      `The request body must be a JSON object (Content-Type: application/json), got ${
        type && type !== 'undefined' ? `Content-Type ${type}` : 'no body'
      }`,
    );
  }
  if (
    e instanceof URIError ||
    e.name === 'URIError' ||
    /^malformed uri/i.test(message)
  ) {
    return new InputError(
      'Path parameters must be valid percent-encoding (each %XX a byte of UTF-8): this path does not decode',
    );
  }
  return error;
}

/** {@link describeRequestError} as an express error handler. */
export const requestErrors: ErrorRequestHandler = (error, _req, _res, next) =>
  next(describeRequestError(error));
