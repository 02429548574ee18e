import type { HttpAuthService } from '@backstage/backend-plugin-api';
import { serializeError } from '@backstage/errors';
import type { NextFunction, Response } from 'express';
import type { CanaryApiRouter } from '../schema/createCanaryApiRouter';
import { PolicyInputError } from '../lib/policy/PolicyInputError';
import type { PolicyOperations } from './operations/PolicyOperations';
import type { CanaryCaller } from './operations/CanaryCaller';
import { type AnyRequest, callerOf, entityNameOf } from './requestContext';

const POLICY_ROUTE = '/entities/:kind/:namespace/:name/policy';

/**
 * The rollout policy routes of an entity: read the current policies, validate, preview, dry-run
 * and apply, each through the policy operations (permission, binding and audit decided there).
 */
export function registerPolicyRoutes(
  router: CanaryApiRouter,
  options: { httpAuth: HttpAuthService; policies: PolicyOperations },
) {
  const { httpAuth, policies } = options;
  const caller = (req: AnyRequest) => callerOf(httpAuth, req);

  router.get(POLICY_ROUTE, async (req, res) => {
    res.json(await policies.current(await caller(req), entityNameOf(req)));
  });

  const answer = (
    operation: (
      caller: CanaryCaller,
      entity: ReturnType<typeof entityNameOf>,
      body: unknown,
    ) => Promise<unknown>,
  ) =>
    withPolicyErrors(async (req, res) => {
      res.json(await operation(await caller(req), entityNameOf(req), req.body));
    });
  router.post(
    `${POLICY_ROUTE}/validate`,
    answer((c, e, b) => policies.validate(c, e, b)),
  );
  router.post(
    `${POLICY_ROUTE}/preview`,
    answer((c, e, b) => policies.preview(c, e, b)),
  );
  router.post(
    `${POLICY_ROUTE}/dry-run`,
    answer((c, e, b) => policies.dryRun(c, e, b)),
  );
  router.post(
    `${POLICY_ROUTE}/apply`,
    answer((c, e, b) => policies.apply(c, e, b)),
  );
}

/**
 * Answers bad policy input with 400 and its field-level issues at the top of the body (as well as
 * in the serialized error), and a lost apply race with 409 and what happened per cluster; other
 * errors go to the plugin's error handler.
 */
function withPolicyErrors(
  handler: (req: AnyRequest, res: Response) => Promise<void>,
) {
  return async (req: AnyRequest, res: Response, next: NextFunction) => {
    try {
      await handler(req, res);
    } catch (error) {
      if (error instanceof PolicyInputError) {
        res.status(400).json({
          error: serializeError(error),
          issues: error.issues,
          request: { method: req.method, url: req.url },
          response: { statusCode: 400 },
        });
        return;
      }
      next(error);
    }
  };
}
