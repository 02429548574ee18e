import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { ServiceUnavailableError } from '@backstage/errors';
import type { ErrorRequestHandler } from 'express';
import { isDatabaseDown } from '../../lib/store/databaseDown';

/** What another Backstage service's failed answer looks like (`ResponseError`). */
type FailedServiceAnswer = {
  name: 'ResponseError';
  response?: { status?: number; url?: string };
};

/**
 * The failure of something a request depends on, as its caller should read it: when another
 * Backstage service (the catalog, the permission or auth backend) answers 5xx, or the plugin's
 * database cannot be reached, the request fails with 503 naming that part, and may be tried again;
 * never a 500 that reads as a bug of this plugin. Anything else is returned as it is.
 */
export function asDependencyError(error: unknown): unknown {
  const answer = error as FailedServiceAnswer;
  const status = answer?.response?.status ?? 0;
  if (answer?.name === 'ResponseError' && status >= 500) {
    const plugin = /\/api\/([\w-]+)/.exec(answer.response?.url ?? '')?.[1];
    return new ServiceUnavailableError(
      `${
        plugin ? `Backstage's ${plugin} service` : 'A Backstage service'
      } this request needs could not answer (HTTP ${status}); try again later`,
    );
  }
  if (isDatabaseDown(error)) {
    return new ServiceUnavailableError(
      'The Canary database could not be reached; try again later',
    );
  }
  return error;
}

/** {@link asDependencyError} as an express error handler. */
export const dependencyErrors: ErrorRequestHandler = (
  error,
  _req,
  _res,
  next,
) => next(asDependencyError(error));

/**
 * The actions registry, with the failures of each registered action's dependencies read as
 * {@link asDependencyError} reads them for the HTTP routes: an MCP client or template is told 503
 * and what failed, as a browser is.
 */
export function withDependencyErrors(
  registry: ActionsRegistryService,
): ActionsRegistryService {
  return {
    register: options =>
      registry.register({
        ...options,
        action: async context => {
          try {
            return await options.action(context);
          } catch (error) {
            throw asDependencyError(error);
          }
        },
      }),
  };
}
