import { z } from 'zod';

/**
 * An OpenAPI v3 schema as a CustomResourceDefinition holds it (`JSONSchemaProps`), limited to what
 * the generated schemas use.
 *
 * @public
 */
export type JsonSchemaProps = {
  type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean';
  description?: string;
  properties?: Record<string, JsonSchemaProps>;
  required?: string[];
  additionalProperties?: JsonSchemaProps;
  items?: JsonSchemaProps;
  enum?: unknown[];
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
};

type JsonNode = Record<string, any>;

const SCALAR_TYPES = ['string', 'number', 'integer', 'boolean'] as const;
/** Bounds zod writes for `z.int()`; they say nothing the type does not. */
const SAFE_INTEGER_BOUNDS = [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER];
const KEPT_KEYWORDS = [
  'description',
  'enum',
  'nullable',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
] as const;

function keptKeywords(node: JsonNode): JsonSchemaProps {
  const out: Record<string, unknown> = {};
  for (const key of KEPT_KEYWORDS) {
    if (node[key] === undefined) continue;
    if (
      (key === 'minimum' || key === 'maximum') &&
      SAFE_INTEGER_BOUNDS.includes(node[key])
    ) {
      continue;
    }
    out[key] = node[key];
  }
  return out as JsonSchemaProps;
}

function isEmptySchema(node: unknown): boolean {
  return (
    typeof node === 'object' && node !== null && Object.keys(node).length === 0
  );
}

/** `number | string` (a port, a percentage) is Kubernetes' int-or-string. */
function unionNode(node: JsonNode, at: string): JsonSchemaProps {
  const types = (node.anyOf as JsonNode[]).map(n => n.type).sort();
  const intOrString =
    types.length === 2 &&
    ['integer', 'number'].includes(types[0]) &&
    types[1] === 'string';
  if (!intOrString) {
    throw new Error(
      `${at}: a union of ${types.join(
        ', ',
      )} has no structural form (only number | string does)`,
    );
  }
  return {
    ...(node.description ? { description: node.description } : {}),
    'x-kubernetes-int-or-string': true,
  };
}

function objectNode(node: JsonNode, at: string): JsonSchemaProps {
  const out: JsonSchemaProps = { type: 'object', ...keptKeywords(node) };
  const extra = node.additionalProperties;
  if (node.properties) {
    out.properties = Object.fromEntries(
      Object.entries(node.properties as Record<string, JsonNode>).map(
        ([name, child]) => [name, convert(child, `${at}.${name}`)],
      ),
    );
    if (node.required?.length) out.required = [...node.required];
    // A loose object keeps the fields the product does not model (Kubernetes would prune them).
    if (extra !== undefined && extra !== false) {
      out['x-kubernetes-preserve-unknown-fields'] = true;
    }
  } else if (extra === undefined || extra === true || isEmptySchema(extra)) {
    out['x-kubernetes-preserve-unknown-fields'] = true;
  } else if (extra !== false) {
    out.additionalProperties = convert(extra, `${at}.*`);
  }
  return out;
}

function convert(node: JsonNode, at: string): JsonSchemaProps {
  if (node.$ref || node.allOf || node.oneOf) {
    throw new Error(`${at}: $ref, allOf and oneOf have no structural form`);
  }
  if (node.anyOf) return unionNode(node, at);
  if (node.type === undefined) {
    return { 'x-kubernetes-preserve-unknown-fields': true };
  }
  if (node.type === 'object') return objectNode(node, at);
  if (node.type === 'array') {
    return {
      type: 'array',
      ...keptKeywords(node),
      items: convert(node.items ?? {}, `${at}[]`),
    };
  }
  if (SCALAR_TYPES.includes(node.type)) {
    return { type: node.type, ...keptKeywords(node) };
  }
  throw new Error(`${at}: type ${String(node.type)} has no structural form`);
}

/**
 * A zod schema of a custom resource's field as a Kubernetes structural schema: every node typed,
 * loose objects and free-form maps marked `x-kubernetes-preserve-unknown-fields`, `number | string`
 * as `x-kubernetes-int-or-string`. Throws, naming the field, on what has no structural form.
 *
 * @public
 */
export function structuralSchemaOf(
  schema: z.ZodType,
  at: string = '',
): JsonSchemaProps {
  const json = z.toJSONSchema(schema, {
    target: 'openapi-3.0',
    io: 'input',
    unrepresentable: 'any',
  }) as JsonNode;
  const { $schema: _ignored, ...root } = json;
  return convert(root, at);
}
