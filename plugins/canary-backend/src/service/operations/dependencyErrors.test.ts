import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import { asDependencyError, withDependencyErrors } from './dependencyErrors';

const failedAnswer = (status: number, url: string) => ({
  name: 'ResponseError',
  message: `Request failed with ${status}`,
  response: { status, url },
});

describe('asDependencyError', () => {
  it('names the Backstage service that answered 5xx, as a 503 to try again', () => {
    expect(
      asDependencyError(
        failedAnswer(
          500,
          'http://localhost:7007/api/catalog/entities/by-name/component/default/x',
        ),
      ),
    ).toEqual(
      new ServiceUnavailableError(
        "Backstage's catalog service this request needs could not answer (HTTP 500); try again later",
      ),
    );
    expect(
      String(
        asDependencyError(
          failedAnswer(502, 'http://localhost:7007/api/permission/authorize'),
        ),
      ),
    ).toContain("Backstage's permission service");
  });

  it('says the database cannot be reached, whichever way the driver says it', () => {
    for (const error of [
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
        code: 'ECONNREFUSED',
      }),
      Object.assign(
        new Error('terminating connection due to administrator command'),
        {
          code: '57P01',
        },
      ),
      Object.assign(new Error('Knex: Timeout acquiring a connection.'), {
        name: 'KnexTimeoutError',
      }),
      new Error('Connection terminated unexpectedly'),
    ]) {
      expect(asDependencyError(error)).toEqual(
        new ServiceUnavailableError(
          'The Canary database could not be reached; try again later',
        ),
      );
    }
  });

  it('leaves other errors as they are: 4xx answers, and errors of its own', () => {
    const notFound = failedAnswer(404, 'http://localhost:7007/api/catalog/x');
    expect(asDependencyError(notFound)).toBe(notFound);
    const own = new TypeError('x is undefined');
    expect(asDependencyError(own)).toBe(own);
  });
});

describe('withDependencyErrors', () => {
  it("gives a registered action's dependency failures as 503 and passes its own errors on", async () => {
    const registered: any[] = [];
    const registry = withDependencyErrors({
      register: options => registered.push(options),
    });
    const failures: unknown[] = [
      failedAnswer(500, 'http://localhost:7007/api/catalog/entities'),
      new NotFoundError('no such canary'),
    ];
    registry.register({
      name: 'read',
      title: 'Read',
      description: 'A read',
      schema: { input: z => z.object({}), output: z => z.object({}) },
      action: async () => {
        throw failures.shift();
      },
    });
    const run = () => registered[0].action({ input: {} });
    await expect(run()).rejects.toEqual(
      new ServiceUnavailableError(
        "Backstage's catalog service this request needs could not answer (HTTP 500); try again later",
      ),
    );
    await expect(run()).rejects.toBeInstanceOf(NotFoundError);
  });
});
