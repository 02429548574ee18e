import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { ServiceUnavailableError } from '@backstage/errors';
import type { ErrorRequestHandler } from 'express';

/**
 * Error codes of a database that cannot be reached or went away: the server refused or closed the
 * connection, or is shutting down or starting (PostgreSQL's SQLSTATE 57P01, 57P03, class 08).
 */
const DATABASE_DOWN_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08006',
]);

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

function isDatabaseDown(error: unknown): boolean {
  const { name, code, message } = (error ?? {}) as {
    name?: string;
    code?: string;
    message?: string;
  };
  return (
    name === 'KnexTimeoutError' ||
    (code !== undefined && DATABASE_DOWN_CODES.has(code)) ||
    /Connection terminated/.test(message ?? '')
  );
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
