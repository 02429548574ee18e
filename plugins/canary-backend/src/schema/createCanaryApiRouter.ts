import express, { type RequestHandler, type Router } from 'express';
import PromiseRouter from 'express-promise-router';
import { fieldErrorMessages } from './fieldErrorMessages';
import { lenientJsonBody } from './lenientJsonBody';
import { requestErrors } from './requestErrors';
import { createOpenApiRouter, spec } from './openapi';

type WithRawQuery = express.Request & { canaryRawQuery?: unknown };

// The validator coerces query parameters to their schema types in place (`limit=10` becomes the
// number 10). The route handlers parse the query themselves (the same parsers serve the actions
// registry), so the query they see is the one the caller sent, already checked by the validator.
const keepRawQuery: RequestHandler = (req, _res, next) => {
  (req as WithRawQuery).canaryRawQuery = { ...req.query };
  next();
};
const restoreRawQuery: RequestHandler = (req, _res, next) => {
  const raw = (req as WithRawQuery).canaryRawQuery;
  if (raw) {
    for (const key of Object.keys(req.query)) delete req.query[key];
    Object.assign(req.query, raw);
  }
  next();
};

const GATE_WEBHOOK = /\/gates\/[^/]+\/[^/]+$/;
const POLICY = /\/entities\/[^/]+\/[^/]+\/[^/]+\/policy(\/[^/]+)?$/;
const ONE_ROLLOUT =
  /\/entities\/[^/]+\/[^/]+\/[^/]+\/rollouts\/[^/]+\/[^/]+\/[^/]+$/;

/**
 * Whether a request path (as the validator sees it, with the plugin's base path) belongs to an
 * operation whose handler checks its input itself, so the validator leaves it alone:
 * - the gate webhooks check the gate token first, so that any call without a valid token gets 403
 *   (a closed gate for Flagger) whatever else is wrong with it;
 * - the policy routes answer every problem of the body at once, as field-level `issues`.
 * The spec documents their input all the same, and their answers are checked against it in tests.
 */
export function isSelfValidatedPath(path: string): boolean {
  return POLICY.test(path) || isGateWebhookPath(path);
}

/** Whether a request path is a gate webhook (`/gates/:cluster/:gate`), which checks its token first. */
function isGateWebhookPath(path: string): boolean {
  return GATE_WEBHOOK.test(path) && !ONE_ROLLOUT.test(path);
}

async function createValidation(): Promise<Router> {
  const router = await createOpenApiRouter({
    validatorOptions: {
      // Every route authenticates through Backstage's httpAuth (401 without a valid token; the
      // validator would answer 400) and the gates check their own token.
      validateSecurity: false,
      // The spec is checked by its own test; this keeps the validator's start-up short.
      validateApiSpec: false,
      ignorePaths: isSelfValidatedPath,
    },
    middleware: [lenientJsonBody(isGateWebhookPath), keepRawQuery],
  });
  router.use(requestErrors, fieldErrorMessages(spec), restoreRawQuery);
  return router;
}

// Compiling the spec takes a while and the result holds no per-router state, so it is done once
// per process, starting when the module loads.
let sharedValidation: Promise<Router> | undefined;
function validation(): Promise<Router> {
  sharedValidation ??= createValidation();
  return sharedValidation;
}
validation();

/**
 * Creates the Canary API's express router: requests are validated against `openapi.yaml` (served
 * at `/openapi.json`) before they reach the routes added to it, and bad input gets 400 with a
 * message naming the field and what is allowed. Paths the spec does not describe pass unchecked.
 */
export async function createCanaryApiRouter(): Promise<Router> {
  const router = PromiseRouter();
  router.use(await validation());
  return router;
}
