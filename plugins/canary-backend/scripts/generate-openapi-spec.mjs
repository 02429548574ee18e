#!/usr/bin/env node
/*
 * Generates the Canary API's typed router and its client types from the OpenAPI spec.
 *
 *   yarn generate:openapi            (from plugins/canary-backend) writes the generated files
 *   yarn generate:openapi --check    fails when they are stale, without writing
 *
 * Reads `src/schema/openapi.yaml` and writes `src/schema/openapi/generated/router.ts`, exporting
 * `spec` (the YAML as a TypeScript `as const` object) and `createOpenApiRouter(options?)` built on
 * `createValidatedOpenApiRouter` from `@backstage/backend-openapi-utils`, plus
 * `src/schema/openapi/generated/index.ts` and `src/schema/openapi/index.ts`; and, in
 * `@backstage-canary/plugin-canary-common`, `src/api/generated/openapi.ts`: the request and response
 * types of every operation (`CanaryApiPaths`, `CanaryApiComponents`, `CanaryApiOperations`, written by
 * openapi-typescript), which the router's endpoint map and common's `CanaryClient` are typed with.
 *
 * This is what the server step of `backstage-repo-tools package schema openapi generate --server`
 * produces for the router, without its models: that command drives openapi-generator, a Java
 * program downloaded on first use, which is not available in every build environment. The router
 * only needs the spec and the endpoint map (`#method|path` -> path, query, body and response types),
 * which refers to the types openapi-typescript writes into common.
 */
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import prettier from 'prettier';
import YAML from 'yaml';
import openapiTS, { astToString } from 'openapi-typescript';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const specFile = join(packageDir, 'src/schema/openapi.yaml');
const outDir = join(packageDir, 'src/schema/openapi');
const COMMON_TYPES = '../canary-common/src/api/generated/openapi.ts';
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const PLUGIN_ID = 'canary';

const HEADER = `// ******************************************************************
// * GENERATED FILE: DO NOT EDIT.                                     *
// * Source: src/schema/openapi.yaml                                  *
// * Regenerate: yarn generate:openapi (in plugins/canary-backend)    *
// ******************************************************************
// Written by scripts/generate-openapi-spec.mjs instead of the Java-based generator behind
// \`backstage-repo-tools package schema openapi generate\` (see that script for why).
// A Jest test fails when this file no longer matches openapi.yaml.
`;

/** Loads and checks the spec: OpenAPI 3.0, titled with the plugin id, with paths. */
async function loadSpec() {
  const doc = YAML.parse(await readFile(specFile, 'utf8'), {
    // Anchors/aliases are used for the operations that share parameters and responses.
    maxAliasCount: -1,
  });
  const problems = [];
  if (!/^3\.0\.\d+$/.test(String(doc?.openapi))) {
    problems.push(`openapi must be 3.0.x, got ${doc?.openapi}`);
  }
  if (doc?.info?.title !== PLUGIN_ID) {
    problems.push(
      `info.title must be the plugin id "${PLUGIN_ID}", got "${doc?.info?.title}"`,
    );
  }
  if (!doc?.paths || !Object.keys(doc.paths).length) {
    problems.push('paths must not be empty');
  }
  if (problems.length) {
    throw new Error(
      `${relative(packageDir, specFile)}: ${problems.join('; ')}`,
    );
  }
  // A JSON round trip turns aliases into plain copies.
  return JSON.parse(JSON.stringify(doc));
}

const COMMON_HEADER = `// ******************************************************************
// * GENERATED FILE: DO NOT EDIT.                                     *
// * Source: plugins/canary-backend/src/schema/openapi.yaml           *
// * Regenerate: yarn generate:openapi (in plugins/canary-backend)    *
// ******************************************************************
// The request and response types of the Canary API, written by openapi-typescript.
// A Jest test in plugins/canary-backend fails when this file no longer matches openapi.yaml.
/* eslint-disable */
`;

/**
 * The request and response types of every operation, as openapi-typescript writes them, with the
 * names and release tags of a published package.
 */
async function renderClientTypes(spec) {
  const source = astToString(
    await openapiTS(spec, {
      alphabetize: false,
      // OpenAPI 3.0: an object schema without properties allows any (not no) properties.
      emptyObjectsUnknown: true,
    }),
  );
  const tagged = source
    .replace(
      /^export interface paths \{/m,
      "/**\n * The Canary API's paths and their operations.\n *\n * @public\n */\nexport interface CanaryApiPaths {",
    )
    .replace(
      /^export interface components \{/m,
      "/**\n * The Canary API's schemas.\n *\n * @public\n */\nexport interface CanaryApiComponents {",
    )
    .replace(
      /^export interface operations \{/m,
      "/**\n * The Canary API's operations, by operation id.\n *\n * @public\n */\nexport interface CanaryApiOperations {",
    )
    .replace(/^export type \$defs = Record<string, never>;\n/m, '')
    .replace(/^export type webhooks = Record<string, never>;\n/m, '')
    .replace(/\boperations\[/g, 'CanaryApiOperations[')
    .replace(/\bcomponents\[/g, 'CanaryApiComponents[');
  return `${COMMON_HEADER}\n${asTsdoc(tagged)}`;
}

/**
 * The doc comments openapi-typescript writes, as TSDoc reads them (the API report checks them):
 * its `@description` and `@enum` tags are not TSDoc's, and braces in a description must be escaped.
 */
function asTsdoc(source) {
  const text = line =>
    line.replace(/@description /, '').replace(/[{}]/g, brace => `\\${brace}`);
  return source
    .split('\n')
    .filter(line => !/^\s*(\/\*\*|\*) @enum \{\w+\}( \*\/)?$/.test(line))
    .map(line => {
      const single = /^(\s*\/\*\* )(.*)( \*\/)$/.exec(line);
      if (single) return `${single[1]}${text(single[2])}${single[3]}`;
      const inner = /^(\s*\* )(.*)$/.exec(line);
      return inner ? `${inner[1]}${text(inner[2])}` : line;
    })
    .join('\n');
}

/** `#method|path` of every operation, typed from the client types, for the typed router. */
function renderEndpointMap(spec) {
  const entries = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const method of METHODS) {
      if (!item[method]) continue;
      // backend-openapi-utils names DELETE `_delete` in its endpoint maps.
      const key = method === 'delete' ? '_delete' : method;
      entries.push(
        `  '#${key}|${path}': Endpoint<CanaryApiPaths['${path}']['${method}']>;`,
      );
    }
  }
  return `/**
 * Each operation of {@link spec} as \`#method|path\`: its path, query, body and response types.
 *
 * @public
 */
export type EndpointMap = {
${entries.join('\n')}
};`;
}

async function format(file, source) {
  const options = (await prettier.resolveConfig(file)) ?? {};
  return prettier.format(source, { ...options, filepath: file });
}

/** The generated files, by path relative to the package, formatted like the repository. */
export async function renderFiles() {
  const spec = await loadSpec();
  const files = {
    'src/schema/openapi/generated/router.ts': `${HEADER}
import { createValidatedOpenApiRouterFromGeneratedEndpointMap } from '@backstage/backend-openapi-utils';
import type { CanaryApiPaths } from '@backstage-canary/plugin-canary-common';

type JsonContent<T> = T extends { content: { 'application/json': infer Body } }
  ? Body
  : never;
type ResponseBodies<Responses> = {
  [Status in keyof Responses]: JsonContent<Responses[Status]>;
}[keyof Responses];
type Endpoint<Operation> = Operation extends {
  parameters: { path?: infer Path; query?: infer Query };
  responses: infer Responses;
}
  ? {
      path: Path;
      query: Query;
      body: Operation extends { requestBody?: infer Body }
        ? JsonContent<NonNullable<Body>>
        : never;
      response: ResponseBodies<Responses>;
    }
  : never;

/**
 * The Canary API's OpenAPI spec, from \`src/schema/openapi.yaml\`.
 *
 * @public
 */
export const spec = ${JSON.stringify(spec, null, 2)} as const;

${renderEndpointMap(spec)}

/**
 * An express router that validates requests against {@link spec} and serves it at
 * \`/openapi.json\`; the routes added to it are typed by {@link EndpointMap}.
 *
 * @public
 */
export const createOpenApiRouter = (
  options?: Parameters<typeof createValidatedOpenApiRouterFromGeneratedEndpointMap>['1'],
) => createValidatedOpenApiRouterFromGeneratedEndpointMap<EndpointMap>(spec, options);
`,
    [COMMON_TYPES]: await renderClientTypes(spec),
    'src/schema/openapi/generated/index.ts': `${HEADER}
export * from './router';
`,
    'src/schema/openapi/index.ts': `${HEADER}
export * from './generated';
`,
  };
  const formatted = {};
  for (const [path, source] of Object.entries(files)) {
    formatted[path] = await format(join(packageDir, path), source);
  }
  return formatted;
}

async function main() {
  const check = process.argv.includes('--check');
  const files = await renderFiles();
  const stale = [];
  for (const [path, content] of Object.entries(files)) {
    const file = join(packageDir, path);
    const current = await readFile(file, 'utf8').catch(() => undefined);
    if (current === content) continue;
    stale.push(path);
    if (!check) {
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, content);
    }
  }
  if (check && stale.length) {
    console.error(
      `Stale generated OpenAPI files (run "yarn generate:openapi" in plugins/canary-backend): ${stale.join(
        ', ',
      )}`,
    );
    process.exitCode = 1;
    return;
  }
  console.log(
    stale.length
      ? `Wrote ${stale.join(', ')}`
      : `${outDir.slice(packageDir.length + 1)} is up to date`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch(error => {
    console.error(error.message ?? error);
    process.exitCode = 1;
  });
}
