import type { z as zod } from 'zod/v3';
import { globalRegistry, type $ZodType, type $ZodTypes } from 'zod/v4/core';

/** The zod instance the scaffolder hands to action schemas (zod v3). */
type Zod = typeof zod;

/**
 * Value checks of common's schema that the step input leaves out on purpose: the scaffolder
 * validates a step's input against the action's JSON schema before the action runs, and would
 * reject an out-of-range value with a bare JSON schema message. The action's handler runs
 * `validateRolloutPolicy` instead, which applies the same checks and names the field by its label
 * and what is allowed ("Service port must be at least 1.").
 */
const RANGE_CHECKS = new Set([
  'greater_than',
  'less_than',
  'min_length',
  'max_length',
  'length_equals',
]);

/** zod 4 number formats that are whole numbers: zod v3's `.int()`. */
const INTEGER_FORMATS = new Set(['safeint', 'int32', 'uint32']);

/** Thrown when common's schema uses something this converter does not handle. */
function unsupported(path: string, what: string): never {
  throw new Error(
    `fromCommonSchema: ${what} at ${
      path || '(root)'
    } has no zod v3 conversion; extend src/actions/fromCommonSchema.ts (scaffolder-backend-module-canary).`,
  );
}

function checksOf(schema: $ZodType): { check: string; format?: string }[] {
  const checks = (schema._zod.def.checks ?? []) as unknown as {
    _zod: { def: { check: string; format?: string } };
  }[];
  return checks.map(c => c._zod.def);
}

/** Whether a number schema is whole; throws on a check that is neither a range nor a format. */
function isInteger(schema: $ZodType, path: string): boolean {
  let integer = false;
  const def = schema._zod.def as { format?: string };
  const own = def.format
    ? [{ check: 'number_format', format: def.format }]
    : [];
  for (const check of [...own, ...checksOf(schema)]) {
    if (check.check === 'number_format' && INTEGER_FORMATS.has(check.format!))
      integer = true;
    else if (!RANGE_CHECKS.has(check.check))
      unsupported(path, `the number check "${check.check}" (${check.format})`);
  }
  return integer;
}

/** Throws on a check other than a range check (which the step input leaves out). */
function onlyRangeChecks(schema: $ZodType, path: string, type: string): void {
  const def = schema._zod.def as { format?: string };
  if (def.format) unsupported(path, `the ${type} format "${def.format}"`);
  for (const check of checksOf(schema)) {
    if (!RANGE_CHECKS.has(check.check))
      unsupported(
        path,
        `the ${type} check "${check.check}"${
          check.format ? ` (${check.format})` : ''
        }`,
      );
  }
}

function convert(z: Zod, schema: $ZodType, path: string): zod.ZodTypeAny {
  const def = (schema as $ZodTypes)._zod.def;
  let out: zod.ZodTypeAny;
  switch (def.type) {
    case 'string':
      onlyRangeChecks(schema, path, 'string');
      out = z.string();
      break;
    case 'number':
      out = isInteger(schema, path) ? z.number().int() : z.number();
      break;
    case 'boolean':
      onlyRangeChecks(schema, path, 'boolean');
      out = z.boolean();
      break;
    case 'unknown':
      out = z.unknown();
      break;
    case 'any':
      out = z.any();
      break;
    case 'enum': {
      const values = Object.values(def.entries);
      if (values.length === 0 || values.some(v => typeof v !== 'string'))
        unsupported(path, 'an enum of other values than strings');
      out = z.enum(values as [string, ...string[]]);
      break;
    }
    case 'literal': {
      const literals = def.values.map(v => {
        if (
          typeof v !== 'string' &&
          typeof v !== 'number' &&
          typeof v !== 'boolean'
        )
          return unsupported(path, `the literal ${String(v)}`);
        return z.literal(v);
      });
      out =
        literals.length === 1
          ? literals[0]
          : z.union(
              literals as unknown as [
                zod.ZodTypeAny,
                zod.ZodTypeAny,
                ...zod.ZodTypeAny[],
              ],
            );
      break;
    }
    case 'array':
      onlyRangeChecks(schema, path, 'array');
      out = z.array(convert(z, def.element, `${path}[]`));
      break;
    case 'object': {
      onlyRangeChecks(schema, path, 'object');
      const shape: Record<string, zod.ZodTypeAny> = {};
      for (const [key, value] of Object.entries(def.shape))
        shape[key] = convert(z, value, path ? `${path}.${key}` : key);
      const object = z.object(shape);
      const catchall = def.catchall?._zod.def.type;
      if (catchall === undefined) out = object;
      else if (catchall === 'unknown') out = object.passthrough();
      else if (catchall === 'never') out = object.strict();
      else out = object.catchall(convert(z, def.catchall!, `${path}.*`));
      break;
    }
    case 'record': {
      const key = def.keyType;
      if (key._zod.def.type !== 'string')
        unsupported(path, `a record keyed by ${key._zod.def.type}`);
      onlyRangeChecks(key, `${path} (keys)`, 'string');
      out = z.record(convert(z, def.valueType, `${path}.*`));
      break;
    }
    case 'union': {
      const options = def.options.map((option, i) =>
        convert(z, option, `${path}|${i}`),
      );
      if (options.length < 2) unsupported(path, 'a union of fewer than two');
      out = z.union(
        options as [zod.ZodTypeAny, zod.ZodTypeAny, ...zod.ZodTypeAny[]],
      );
      break;
    }
    case 'optional':
      out = convert(z, def.innerType, path).optional();
      break;
    case 'nullable':
      out = convert(z, def.innerType, path).nullable();
      break;
    case 'default':
      out = convert(z, def.innerType, path).default(def.defaultValue);
      break;
    default:
      return unsupported(path, `the zod 4 type "${def.type}"`);
  }
  // Read through common's own schema (its zod's registry), whatever copy of zod this package has.
  const description =
    (schema as { description?: string }).description ??
    globalRegistry.get(schema)?.description;
  return description ? out.describe(description) : out;
}

/**
 * The zod v3 schema (built with the scaffolder's zod instance) equivalent to a zod 4 schema of
 * `@backstage-canary/plugin-canary-common`, with the same descriptions: types, required and
 * optional fields, enums, literals, integers, unions, records and how objects treat unknown keys.
 * Range checks (min, max, lengths) are left to the action's `validateRolloutPolicy`, which names
 * the field and what is allowed. Throws, naming the field path, on what it does not handle, so a
 * change in common's schema fails loudly.
 */
export function fromCommonSchema(
  z: Zod,
  schema: $ZodType,
  path = '',
): zod.ZodTypeAny {
  return convert(z, schema, path);
}
