/*
 * The `checksum` of Flagger's webhook payloads (pkg/controller/webhook.go): Flagger hashes, with
 * `ComputeHash` (go-spew `%#v` into FNV-32a, the sum safe-encoded), an anonymous struct of the
 * canary status' `trackedConfigs` pointer and `lastAppliedSpec`. The lab writes the spew text
 * itself, so the product's reading of a gate request is checked against an independent writer.
 */
import { fnv32a, safeEncodeString } from './specHash';

/** Go orders strings by their UTF-8 bytes, as spew does for map keys. */
function byUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** go-spew's `%#v` of `struct{TrackedConfigs *map[string]string; LastAppliedSpec string}`. */
export function spewChecksumStruct(
  trackedConfigs: Record<string, string> | null | undefined,
  lastAppliedSpec: string,
): string {
  const configs = trackedConfigs
    ? `map[${Object.keys(trackedConfigs)
        .sort(byUtf8)
        .map(key => `${key}:${trackedConfigs[key]}`)
        .join(' ')}]`
    : '<nil>';
  return (
    '(struct { TrackedConfigs *map[string]string; LastAppliedSpec string })' +
    `{TrackedConfigs:(*map[string]string)${configs} LastAppliedSpec:(string)${lastAppliedSpec}}`
  );
}

/** The checksum Flagger sends for a canary with this status. */
export function webhookChecksum(status: {
  trackedConfigs?: Record<string, string> | null;
  lastAppliedSpec?: string;
}): string {
  return safeEncodeString(
    String(
      fnv32a(
        spewChecksumStruct(status.trackedConfigs, status.lastAppliedSpec ?? ''),
      ),
    ),
  );
}
