#!/usr/bin/env node
/*
 * Generates the validated router of the Canary API from its OpenAPI spec.
 *
 *   yarn generate:openapi            (from plugins/canary-backend) writes the generated files
 *   yarn generate:openapi --check    fails when they are stale, without writing
 *
 * Reads `src/schema/openapi.yaml` and writes `src/schema/openapi/generated/router.ts`, exporting
 * `spec` (the YAML as a TypeScript `as const` object) and `createOpenApiRouter(options?)` built on
 * `createValidatedOpenApiRouter` from `@backstage/backend-openapi-utils`, plus
 * `src/schema/openapi/generated/index.ts` and `src/schema/openapi/index.ts`.
 *
 * This is what the server step of `backstage-repo-tools package schema openapi generate --server`
 * produces for the router, without its models: that command drives openapi-generator, a Java
 * program downloaded on first use, which is not available in every build environment. The router
 * only needs the spec; request and response types come from the spec through
 * `createValidatedOpenApiRouter<typeof spec>`.
 */
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import prettier from 'prettier';
import YAML from 'yaml';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const specFile = join(packageDir, 'src/schema/openapi.yaml');
const outDir = join(packageDir, 'src/schema/openapi');
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

async function format(file, source) {
  const options = (await prettier.resolveConfig(file)) ?? {};
  return prettier.format(source, { ...options, filepath: file });
}

/** The generated files, by path relative to the package, formatted like the repository. */
export async function renderFiles() {
  const spec = await loadSpec();
  const files = {
    'src/schema/openapi/generated/router.ts': `${HEADER}
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';

/**
 * The Canary API's OpenAPI spec, from \`src/schema/openapi.yaml\`.
 *
 * @public
 */
export const spec = ${JSON.stringify(spec, null, 2)} as const;

/**
 * An express router that validates requests against {@link spec} and serves it at
 * \`/openapi.json\`; routes added to it are typed by the spec.
 *
 * @public
 */
export const createOpenApiRouter = async (
  options?: Parameters<typeof createValidatedOpenApiRouter>['1'],
) => createValidatedOpenApiRouter<typeof spec>(spec, options);
`,
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
