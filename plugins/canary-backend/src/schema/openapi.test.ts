import SwaggerParser from '@apidevtools/swagger-parser';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import YAML from 'yaml';
import { createRouter } from '../service/router';
import { specOperations, specPathOf } from './__testUtils__/specConformance';
import { spec } from './openapi';

const packageDir = join(__dirname, '../..');

describe('the OpenAPI spec', () => {
  it('is what openapi.yaml says: the generated router is regenerated after every change', () => {
    const yaml = YAML.parse(
      readFileSync(join(__dirname, 'openapi.yaml'), 'utf8'),
      { maxAliasCount: -1 },
    );
    // If this fails, run `yarn generate:openapi` in plugins/canary-backend.
    expect(JSON.parse(JSON.stringify(spec))).toEqual(
      JSON.parse(JSON.stringify(yaml)),
    );
  });

  it('leaves the generated files as the generator writes them', async () => {
    // Also catches hand edits and formatting drift of the generated files.
    await expect(
      promisify(execFile)(
        process.execPath,
        ['scripts/generate-openapi-spec.mjs', '--check'],
        { cwd: packageDir },
      ),
    ).resolves.toBeDefined();
  }, 60_000);

  it('is a valid OpenAPI 3.0 document titled with the plugin id', async () => {
    expect(spec.info.title).toBe('canary');
    expect(spec.openapi).toMatch(/^3\.0\./);
    await expect(
      SwaggerParser.validate(JSON.parse(JSON.stringify(spec))),
    ).resolves.toBeDefined();
  });

  it('names every operation uniquely', () => {
    const ids = Object.values(spec.paths).flatMap(item =>
      Object.values(item as Record<string, { operationId?: string }>).map(
        operation => operation.operationId,
      ),
    );
    expect(ids.every(Boolean)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

/**
 * The routes an express router registers, as `METHOD path`, with those of the routers mounted in
 * it at its root (the API router, behind the gate webhooks' authentication).
 */
function registeredRoutes(router: any): string[] {
  return (router.stack as any[]).flatMap(layer => {
    if (layer.route) {
      return Object.keys(layer.route.methods).map(
        method => `${method.toUpperCase()} ${layer.route.path}`,
      );
    }
    return Array.isArray(layer.handle?.stack)
      ? registeredRoutes(layer.handle)
      : [];
  });
}

/** Whether an express route (`:param` segments) serves a spec path (`{param}` segments). */
function serves(route: string, operation: string): boolean {
  const [routeMethod, routePath] = route.split(' ');
  const [method, path] = operation.split(' ');
  const regex = new RegExp(
    `^${routePath
      .split('/')
      .map(segment => (segment.startsWith(':') ? '[^/]+' : segment))
      .join('/')}$`,
  );
  return routeMethod === method && regex.test(path);
}

describe('the router and the spec', () => {
  // Every dependency is a stub: registering routes calls none of them.
  const stub: any = new Proxy(() => stub, { get: () => stub });
  const routes = async () =>
    registeredRoutes(
      await createRouter(new Proxy({}, { get: () => stub }) as any),
    );

  it('describes every route the router registers', async () => {
    const registered = await routes();
    expect(registered.length).toBeGreaterThan(10);
    const operations = specOperations();
    const undocumented = registered.filter(
      route =>
        // The spec itself, served by the router backend-openapi-utils builds.
        route !== 'GET /openapi.json' &&
        !operations.some(operation => serves(route, operation)),
    );
    expect(undocumented).toEqual([]);
  });

  it('documents no operation the router does not serve', async () => {
    const registered = await routes();
    const unserved = specOperations().filter(
      operation => !registered.some(route => serves(route, operation)),
    );
    expect(unserved).toEqual([]);
  });

  it('matches request paths to the most specific spec path', () => {
    expect(
      specPathOf(
        '/entities/component/default/podinfo/rollouts/prod/test/podinfo/actions/pause',
      ),
    ).toBe(
      '/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{canaryNamespace}/{canaryName}/actions/pause',
    );
  });
});
