import express, { type Request, type RequestHandler } from 'express';
import { describeRequestError } from './requestErrors';

type WithBodyError = Request & { canaryBodyError?: string };

const parseJson = express.json();

/**
 * `express.json()`, except that on the paths `lenient` picks a body that is not JSON does not end
 * the request: the handler decides (the gate webhooks check the caller's token first, so a caller
 * without one gets 403 whatever its body) and reads the parser's complaint with
 * {@link unparsedBodyError}.
 */
export function lenientJsonBody(
  lenient: (path: string) => boolean,
): RequestHandler {
  return (req, res, next) =>
    parseJson(req, res, error => {
      if (error && lenient(req.originalUrl.split('?')[0])) {
        (req as WithBodyError).canaryBodyError = String(error.message);
        req.body = undefined;
        next();
        return;
      }
      next(error ? describeRequestError(error) : undefined);
    });
}

/** Why the request's body could not be read as JSON, when {@link lenientJsonBody} let it through. */
export function unparsedBodyError(req: Request): string | undefined {
  return (req as WithBodyError).canaryBodyError;
}
