/**
 * Returns a copy of an object without its `undefined` properties (shallow), so rendered manifests
 * carry no empty keys.
 *
 * @public
 */
export function omitUndefined<T extends Record<string, unknown>>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v !== undefined) out[key] = v;
  }
  return out as T;
}
