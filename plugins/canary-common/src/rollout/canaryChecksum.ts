/**
 * The `checksum` Flagger sends in every webhook payload (pkg/controller/webhook.go
 * `canaryChecksum`): `canary.ComputeHash` of the struct `{ TrackedConfigs *map[string]string;
 * LastAppliedSpec string }` built from the canary's status. ComputeHash writes the struct with
 * go-spew (`%#v`, sorted keys, methods disabled) into FNV-32a and encodes the decimal sum with
 * Kubernetes' `rand.SafeEncodeString`. For this one struct the spew text is fully determined, so it
 * is reproduced here exactly: a backend can name the revision a waiting canary asks about.
 */

const SAFE_ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';
const STRUCT_TYPE =
  'struct { TrackedConfigs *map[string]string; LastAppliedSpec string }';

function fnv32a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

function safeEncodeString(text: string): string {
  let out = '';
  for (const char of text) {
    out += SAFE_ALPHANUMS[char.codePointAt(0)! % SAFE_ALPHANUMS.length];
  }
  return out;
}

/** Go compares strings bytewise; spew sorts map keys that way. */
function goLess(a: string, b: string): number {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i] - y[i];
  }
  return x.length - y.length;
}

/**
 * The go-spew `%#v` text of the checksum struct. `trackedConfigs` undefined or null is a nil
 * pointer (the status has no `trackedConfigs` key); an object, even empty, is a pointer to a map.
 *
 * @public
 */
export function flaggerChecksumText(status: {
  trackedConfigs?: Record<string, string> | null;
  lastAppliedSpec?: string;
}): string {
  const tracked = status.trackedConfigs;
  const configs =
    tracked === undefined || tracked === null
      ? '(*map[string]string)<nil>'
      : `(*map[string]string)map[${Object.keys(tracked)
          .sort(goLess)
          .map(key => `${key}:${tracked[key]}`)
          .join(' ')}]`;
  return `(${STRUCT_TYPE}){TrackedConfigs:${configs} LastAppliedSpec:(string)${
    status.lastAppliedSpec ?? ''
  }}`;
}

/**
 * The checksum Flagger puts in a webhook payload for a canary with this status: it names the
 * revision (target spec plus tracked ConfigMaps and Secrets) of the current run.
 *
 * @public
 */
export function flaggerCanaryChecksum(status: {
  trackedConfigs?: Record<string, string> | null;
  lastAppliedSpec?: string;
}): string {
  return safeEncodeString(String(fnv32a(flaggerChecksumText(status))));
}
