// Test-only: checks answers of the running plugin against the OpenAPI spec's response schemas.
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { spec } from '../openapi';

type Operation = {
  responses: Record<string, any>;
};

const DOC_ID = 'canary-openapi';
const doc = JSON.parse(JSON.stringify(spec));
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(doc, DOC_ID);

const escape = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** Follows `$ref`s from a JSON pointer of the spec; answers the final pointer and value. */
function follow(pointer: string): { pointer: string; value: any } {
  let current = pointer;
  for (let depth = 0; depth < 20; depth++) {
    const value = current
      .split('/')
      .slice(1)
      .reduce<any>(
        (node, key) => node?.[key.replace(/~1/g, '/').replace(/~0/g, '~')],
        doc,
      );
    if (!value?.$ref) return { pointer: current, value };
    current = String(value.$ref).replace(/^#/, '');
  }
  throw new Error(`Too many $refs from ${pointer}`);
}

/** The regex of a spec path template: `{param}` matches one segment. */
function templateRegex(template: string): RegExp {
  const source = template
    .split(/\{[^}]+\}/)
    .map(part => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]+');
  return new RegExp(`^${source}$`);
}

/** The spec path a request path matches, preferring the one with the fewest parameters. */
export function specPathOf(path: string): string | undefined {
  return Object.keys(doc.paths)
    .filter(template => templateRegex(template).test(path))
    .sort((a, b) => a.split('{').length - b.split('{').length)[0];
}

/** Every operation of the spec, as `METHOD path`. */
export function specOperations(): string[] {
  return Object.entries(doc.paths as Record<string, Record<string, unknown>>)
    .flatMap(([path, item]) =>
      Object.keys(item)
        .filter(m => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .map(method => `${method.toUpperCase()} ${path}`),
    )
    .sort();
}

/**
 * Checks an answer against the spec: the operation exists, documents the status, and the JSON
 * body matches the status's schema. Returns the problems found (empty when it conforms).
 */
export function specProblems(answer: {
  method: string;
  url: string;
  status: number;
  body: unknown;
}): string[] {
  const { pathname } = new URL(answer.url, 'http://localhost');
  const path = pathname.replace(/^\/api\/canary/, '') || '/';
  const template = specPathOf(path);
  if (!template) return [`No path of the spec matches ${path}`];
  const method = answer.method.toLowerCase();
  const operationPointer = `/paths/${escape(template)}/${method}`;
  const operation = follow(operationPointer).value as Operation | undefined;
  if (!operation) return [`The spec has no ${method} ${template}`];
  const status = String(answer.status);
  if (!operation.responses[status]) {
    return [
      `${method.toUpperCase()} ${template} does not document status ${status}`,
    ];
  }
  const response = follow(`${operationPointer}/responses/${status}`);
  if (!response.value.content) return [];
  const schema = follow(`${response.pointer}/content/application~1json/schema`);
  const validate = ajv.compile({ $ref: `${DOC_ID}#${schema.pointer}` });
  if (validate(answer.body)) return [];
  return (validate.errors ?? []).map(
    e =>
      `${method.toUpperCase()} ${template} ${status}: body${e.instancePath} ${
        e.message
      }`,
  );
}

/** A supertest response (which keeps the request it answered), checked against the spec. */
export function expectToMatchSpec(response: { status: number; body: unknown }) {
  const { req } = response as unknown as {
    req?: { method: string; path: string };
  };
  if (!req) throw new Error('expectToMatchSpec needs a supertest response');
  expect(
    specProblems({
      method: req.method,
      url: req.path,
      status: response.status,
      body: response.body,
    }),
  ).toEqual([]);
}
