import {
  BACKEND_GATE_TOKEN_KEY,
  type Canary,
} from '@backstage-canary/plugin-canary-common';

/** What a gate secret reads as wherever the plugin shows or stores a Canary. */
export const REDACTED_GATE_SECRET = '<redacted>';

type Webhooks = Array<{ metadata?: Record<string, unknown> }> | undefined;

/** The gate secrets a Canary carries: the `metadata.token` of its webhooks. */
function secretsOf(canary: Canary): string[] {
  const spec = canary.spec as
    | {
        analysis?: { webhooks?: unknown };
        canaryAnalysis?: { webhooks?: unknown };
      }
    | undefined;
  const secrets = new Set<string>();
  for (const webhooks of [
    spec?.analysis?.webhooks,
    spec?.canaryAnalysis?.webhooks,
  ] as Webhooks[]) {
    for (const webhook of webhooks ?? []) {
      const token = webhook?.metadata?.[BACKEND_GATE_TOKEN_KEY];
      if (typeof token === 'string' && token) secrets.add(token);
    }
  }
  return [...secrets];
}

function redact(value: unknown, secrets: string[]): unknown {
  if (typeof value === 'string') {
    return secrets.reduce(
      (text, secret) => text.split(secret).join(REDACTED_GATE_SECRET),
      value,
    );
  }
  if (Array.isArray(value)) return value.map(item => redact(item, secrets));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, redact(item, secrets)]),
    );
  }
  return value;
}

/**
 * A copy of a Canary without its gate secrets: every webhook's `metadata.token`, and the same
 * text wherever else it appears (e.g. kubectl's last-applied-configuration annotation), reads
 * `<redacted>`. Flagger needs the secret in the cluster; the plugin's reads, stored snapshots and
 * outputs never carry it.
 */
export function redactGateSecrets<T extends Canary>(canary: T): T {
  const secrets = secretsOf(canary);
  return secrets.length ? (redact(canary, secrets) as T) : canary;
}

/**
 * Copies of objects without the gate secrets any of them carries: what a diff of a Canary before
 * and after a change shows, so a dry run never reveals the secret on the cluster.
 */
export function redactGateSecretsOfAll<T>(objects: T[]): T[] {
  const secrets = [
    ...new Set(
      objects.flatMap(object =>
        (object as { kind?: string } | undefined)?.kind === 'Canary'
          ? secretsOf(object as unknown as Canary)
          : [],
      ),
    ),
  ];
  return secrets.length
    ? objects.map(object => redact(object, secrets) as T)
    : objects;
}
