import { InputError } from '@backstage/errors';
import type { ErrorRequestHandler, Request } from 'express';
import { parameterRefusal } from './parameterParsers';

/** The parts of an OpenAPI document this module reads. */
type OpenApiDocument = {
  paths: Record<string, Record<string, any>>;
  components?: Record<string, any>;
};

type Schema = Record<string, any>;

// What express-openapi-validator says, e.g. `request/query/limit must be >= 1`; several findings
// are joined with ", ".
const FINDING =
  /(?:^|, )request\/(query|params|body|headers)((?:\/[^\s]+)?) (.+?)(?=, request\/|$)/g;
const UNKNOWN_QUERY = /^Unknown query parameter '(.+)'$/;
const EMPTY_QUERY = /^Empty value found for query parameter '(.+)'$/;
const REQUIRED = /^must have required property '([^']+)'$/;

const LOCATION_LABEL: Record<string, string> = {
  query: 'Query parameter',
  params: 'Path parameter',
  headers: 'Header',
};

function resolve(doc: OpenApiDocument, value: any): any {
  let current = value;
  for (let depth = 0; current?.$ref && depth < 20; depth++) {
    const pointer = String(current.$ref).replace(/^#\//, '').split('/');
    current = pointer.reduce<any>(
      (node, key) => node?.[key.replace(/~1/g, '/').replace(/~0/g, '~')],
      doc,
    );
  }
  return current;
}

/** What a schema allows, in words: "one of a, b", "a whole number from 1 to 500", ... */
export function describeAllowed(
  doc: OpenApiDocument,
  input: Schema | undefined,
): string | undefined {
  const schema = resolve(doc, input);
  if (!schema) return undefined;
  if (Array.isArray(schema.enum)) {
    return `one of ${schema.enum.map(String).join(', ')}`;
  }
  const { minimum: min, maximum: max } = schema;
  const range = (low?: number, high?: number) => {
    if (low !== undefined && high !== undefined) {
      return `from ${low} to ${high}`;
    }
    if (low !== undefined) return `of at least ${low}`;
    if (high !== undefined) return `of at most ${high}`;
    return undefined;
  };
  if (schema.type === 'integer') {
    return ['a whole number', range(min, max)].filter(Boolean).join(' ');
  }
  if (schema.type === 'number') {
    return ['a number', range(min, max)].filter(Boolean).join(' ');
  }
  if (schema.type === 'string' && schema.pattern && schema.description) {
    // A pattern does not read well: its schema says in words what it allows.
    return lowerFirst(String(schema.description).trim()).replace(/\.$/, '');
  }
  if (schema.type === 'string') {
    const low =
      schema.minLength && schema.minLength > 0 ? schema.minLength : undefined;
    const high = schema.maxLength;
    if (low !== undefined && high !== undefined) {
      return `a text of ${low} to ${high} characters`;
    }
    if (low !== undefined) return `a text of at least ${low} characters`;
    if (high !== undefined) return `a text of at most ${high} characters`;
    return 'a text';
  }
  if (schema.type === 'boolean') return 'true or false';
  if (schema.type === 'array') {
    const items = resolve(doc, schema.items);
    return Array.isArray(items?.enum)
      ? `a comma-separated list of ${items.enum.map(String).join(', ')}`
      : 'a list';
  }
  if (schema.type === 'object') return 'an object';
  return undefined;
}

/** The operation of the spec a request matched (express-openapi-validator sets `req.openapi`). */
function operationOf(doc: OpenApiDocument, req: Request): Schema | undefined {
  const route = (req as { openapi?: { openApiRoute?: string } }).openapi
    ?.openApiRoute;
  if (!route) return undefined;
  const pathItem = doc.paths[route] ?? doc.paths[route.replace(/\/$/, '')];
  return pathItem?.[req.method.toLowerCase()];
}

function parameters(doc: OpenApiDocument, operation?: Schema): Schema[] {
  return ((operation?.parameters ?? []) as Schema[]).map(p => resolve(doc, p));
}

function bodySchema(doc: OpenApiDocument, operation?: Schema): Schema {
  const body = resolve(doc, operation?.requestBody);
  return resolve(doc, body?.content?.['application/json']?.schema);
}

/** The schema at a body path such as `policy/traffic/stepWeight` or `items/0`. */
function schemaAt(
  doc: OpenApiDocument,
  root: Schema | undefined,
  segments: string[],
): Schema | undefined {
  let schema = resolve(doc, root);
  for (const segment of segments) {
    if (!schema) return undefined;
    const options = [schema, ...((schema.allOf as Schema[]) ?? [])].map(s =>
      resolve(doc, s),
    );
    schema = resolve(
      doc,
      /^\d+$/.test(segment)
        ? schema.items
        : options.find(s => s?.properties?.[segment])?.properties?.[segment],
    );
  }
  return schema;
}

function rawValue(req: Request, location: string, name: string): unknown {
  if (location === 'query') {
    return new URL(req.originalUrl ?? req.url, 'http://local').searchParams.get(
      name,
    );
  }
  if (location === 'params') {
    return (req as { openapi?: { pathParams?: Record<string, string> } })
      .openapi?.pathParams?.[name];
  }
  return undefined;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLocaleLowerCase('en-US') + text.slice(1);
}

/**
 * Rewrites one validator finding so that it names the field and what is allowed, in the words
 * the route handlers use: `Query parameter limit must be a whole number from 1 to 500, got "0"`,
 * `Field reason is required: ...`.
 */
function rewriteFinding(
  doc: OpenApiDocument,
  req: Request,
  location: string,
  pointer: string,
  said: string,
): string {
  const operation = operationOf(doc, req);
  const segments = pointer.split('/').filter(Boolean);
  if (location === 'body') {
    const required = REQUIRED.exec(said);
    const fieldPath = required ? [...segments, required[1]] : segments;
    const field = fieldPath.join('.');
    // A top-level field with its own parser (the one the handler uses) says why itself.
    const refused =
      fieldPath.length === 1
        ? parameterRefusal('body', field, (req.body as any)?.[field])
        : undefined;
    if (refused) return refused;
    const schema = schemaAt(doc, bodySchema(doc, operation), fieldPath);
    if (!field) return `The request body ${said}`;
    if (required) {
      return schema?.description
        ? `Field ${field} is required: ${lowerFirst(schema.description)}`
        : `Field ${field} is required`;
    }
    const scalar = schema && !['object', 'array'].includes(schema.type);
    const allowed = scalar ? describeAllowed(doc, schema) : undefined;
    return allowed
      ? `Field ${field} must be ${allowed}`
      : `Field ${field} ${said}`;
  }
  const name = segments[0] ?? '';
  // The parameter's own parser, the one the handlers and the registered actions use, says why.
  const refused = parameterRefusal(
    location,
    name,
    rawValue(req, location, name),
  );
  if (refused) return refused;
  const label = LOCATION_LABEL[location] ?? location;
  const parameter = parameters(doc, operation).find(
    p => p.name === name && (p.in === 'path' ? 'params' : p.in) === location,
  );
  const allowed = describeAllowed(doc, parameter?.schema);
  if (!allowed) return `${label} ${name} ${said}`;
  const value = rawValue(req, location, name);
  return `${label} ${name} must be ${allowed}${
    value === null || value === undefined ? '' : `, got "${value}"`
  }`;
}

/**
 * Turns the request validator's messages into ones naming the field and what is allowed.
 *
 * @param message - the validator's message, as `@backstage/backend-openapi-utils` passes it on
 * @returns the rewritten message, or the message unchanged when it is not about a field
 */
export function rewriteValidationMessage(
  doc: OpenApiDocument,
  req: Request,
  message: string,
): string {
  const unknown = UNKNOWN_QUERY.exec(message);
  if (unknown) {
    const known = parameters(doc, operationOf(doc, req))
      .filter(p => p.in === 'query')
      .map(p => p.name);
    return `Unknown query parameter ${unknown[1]}; allowed: ${
      known.join(', ') || 'none'
    }`;
  }
  const empty = EMPTY_QUERY.exec(message);
  if (empty) {
    const parameter = parameters(doc, operationOf(doc, req)).find(
      p => p.in === 'query' && p.name === empty[1],
    );
    const allowed = describeAllowed(doc, parameter?.schema);
    return `Query parameter ${empty[1]} must be ${
      allowed ?? 'given a value'
    }, got an empty value; leave it out instead`;
  }
  const findings = [...message.matchAll(FINDING)];
  if (!findings.length) return message;
  return findings
    .map(([, location, pointer, said]) =>
      rewriteFinding(doc, req, location, pointer, said),
    )
    .join('; ');
}

/**
 * An error handler for a validated OpenAPI router: placed right after the validator, it rewrites
 * the validator's 400 messages (and only those, since it sits before the routes) so that they name
 * the field and what is allowed.
 */
export function fieldErrorMessages(doc: OpenApiDocument): ErrorRequestHandler {
  return (error, req, _res, next) => {
    if (error instanceof InputError || error?.name === 'InputError') {
      next(new InputError(rewriteValidationMessage(doc, req, error.message)));
      return;
    }
    next(error);
  };
}
