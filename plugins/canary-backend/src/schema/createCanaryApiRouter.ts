import type { TypedRouter } from '@backstage/backend-openapi-utils';
import { describeRequestError } from './requestErrors';
import { fieldErrorMessages } from './fieldErrorMessages';
import { createOpenApiRouter, spec, type EndpointMap } from './openapi';
import express, { type RequestHandler } from 'express';

/**
 * The Canary API's router: routes registered on it are typed by the spec's endpoints (path
 * parameters, query, body and every answer).
 */
export type CanaryApiRouter = TypedRouter<EndpointMap>;

const parseJson = express.json();

/** `express.json()`, with a body that is not JSON answered by an error naming what is wrong. */
const jsonBody: RequestHandler = (req, res, next) =>
  parseJson(req, res, error =>
    next(error ? describeRequestError(error) : undefined),
  );

/**
 * Creates the Canary API's router: requests are validated against `openapi.yaml` (served at
 * `/openapi.json`) before they reach the routes registered on it, and bad input gets 400 with a
 * message naming the field and what is allowed. Query parameters reach the routes as the spec
 * types them (`limit=10` is the number 10). Paths the spec does not describe pass unchecked.
 */
export function createCanaryApiRouter(): CanaryApiRouter {
  const router = createOpenApiRouter({
    validatorOptions: {
      // Every route authenticates through Backstage's httpAuth (401 without a valid token; the
      // validator would answer 400) and the gate webhooks are authenticated before the router.
      validateSecurity: false,
      // The spec is checked by its own test; this keeps the validator's start-up short.
      validateApiSpec: false,
    },
    middleware: [jsonBody],
  });
  router.use(fieldErrorMessages(spec));
  return router;
}
