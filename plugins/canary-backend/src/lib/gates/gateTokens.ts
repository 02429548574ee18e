import { timingSafeEqual } from 'node:crypto';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** What a gate caller's token proved. */
export type GateTokenCheck =
  | { ok: true }
  | {
      ok: false;
      reason: 'unknown-cluster' | 'no-token' | 'wrong-token';
      message: string;
    };

/**
 * The per-cluster gate tokens of `canary.gates.clusters.<cluster>.token`, read once at start-up.
 * A gate token is a low-privilege credential: it only lets a cluster's Flagger ask the gates of that
 * cluster's canaries; it reads nothing else and changes nothing.
 */
export class GateTokens {
  private constructor(private readonly tokens: Map<string, Buffer>) {}

  /** Reads `canary.gates.clusters`; an empty or missing token names its key. */
  static fromConfig(config: Config): GateTokens {
    const tokens = new Map<string, Buffer>();
    const clusters = config.getOptionalConfig('canary.gates.clusters');
    for (const cluster of clusters?.keys() ?? []) {
      const token = clusters!.getOptionalString(`${cluster}.token`)?.trim();
      if (!token) {
        throw new InputError(
          `canary.gates.clusters.${cluster}.token must be a non-empty string (the gate token the cluster's Flagger sends)`,
        );
      }
      tokens.set(cluster, Buffer.from(token, 'utf8'));
    }
    return new GateTokens(tokens);
  }

  /** Tokens for tests. */
  static fromMap(tokens: Record<string, string>): GateTokens {
    return new GateTokens(
      new Map(Object.entries(tokens).map(([k, v]) => [k, Buffer.from(v)])),
    );
  }

  /** Whether the backend serves gates for a cluster. */
  has(cluster: string): boolean {
    return this.tokens.has(cluster);
  }

  /** Checks a caller's token for a cluster in constant time. */
  check(cluster: string, token: string | undefined): GateTokenCheck {
    const expected = this.tokens.get(cluster);
    if (!expected) {
      return {
        ok: false,
        reason: 'unknown-cluster',
        message: `No gate token is configured for cluster ${cluster} (canary.gates.clusters.${cluster}.token)`,
      };
    }
    if (!token) {
      return {
        ok: false,
        reason: 'no-token',
        message:
          'No gate token: send it as metadata.token in the webhook, or as Authorization: Bearer <token>',
      };
    }
    const given = Buffer.from(token, 'utf8');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return {
        ok: false,
        reason: 'wrong-token',
        message: `The gate token is not the one of cluster ${cluster}`,
      };
    }
    return { ok: true };
  }
}
