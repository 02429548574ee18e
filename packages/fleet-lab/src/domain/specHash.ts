/*
 * Flagger-style spec hashes (local to the lab; a candidate for plugin-canary-common).
 *
 * Flagger hashes the target's pod template with FNV-32a and encodes the decimal value with
 * Kubernetes' `rand.SafeEncodeString` (e.g. `7b779dcc48`). Go hashes a spew dump of its structs,
 * which TypeScript cannot reproduce byte for byte; the lab hashes a canonical JSON instead, so the
 * values have Flagger's format and change exactly when the template changes.
 */

const SAFE_ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** FNV-32a of a UTF-8 string. */
export function fnv32a(text: string): number {
  let hash = 0x811c9dc5;
  const bytes = Buffer.from(text, 'utf8');
  for (const byte of bytes) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** Kubernetes' `rand.SafeEncodeString`: maps each character onto consonants and digits. */
export function safeEncodeString(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    out += SAFE_ALPHANUMS[text.charCodeAt(i) % SAFE_ALPHANUMS.length];
  }
  return out;
}

/** JSON with object keys sorted, so equal values always serialise equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1)); // keys are unique
    return `{${entries
      .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The hash Flagger records as `lastAppliedSpec` / `lastPromotedSpec` for a pod template. */
export function computeSpecHash(value: unknown): string {
  return safeEncodeString(String(fnv32a(canonicalJson(value))));
}
