type Json = unknown;

const isObject = (value: Json): value is Record<string, Json> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The JSON merge patch (RFC 7386) that turns `from` into `to`: changed values are set, removed
 * keys are set to `null`, arrays are replaced whole. Undefined when nothing differs.
 */
export function createMergePatch(
  from: Json,
  to: Json,
): Record<string, Json> | undefined {
  if (!isObject(from) || !isObject(to)) {
    throw new Error('A merge patch is made between two objects');
  }
  const patch: Record<string, Json> = {};
  for (const key of Object.keys(from)) {
    if (!(key in to) || to[key] === undefined) patch[key] = null;
  }
  for (const [key, value] of Object.entries(to)) {
    if (value === undefined) continue;
    const before = from[key];
    if (isObject(before) && isObject(value)) {
      const nested = createMergePatch(before, value);
      if (nested) patch[key] = nested;
    } else if (JSON.stringify(before) !== JSON.stringify(value)) {
      patch[key] = value;
    }
  }
  return Object.keys(patch).length ? patch : undefined;
}
