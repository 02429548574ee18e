import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Knex } from 'knex';
import type { CanaryRef } from '@backstage-canary/plugin-canary-common';
import { toIso } from '../store/timestamps';

const SECRETS = 'rollout_gate_secrets';

/** What a caller's token proved against a canary's gate secret. */
export type GateSecretCheck = 'ok' | 'wrong' | 'none';

/** A canary's gate secret as stored: who rotated it and when, never the secret. */
export type GateSecretInfo = { rotatedBy: string; rotatedAt: string };

function hashOf(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

/**
 * The gate secret of each canary, stored as its sha256 (a secret is 32 random bytes, so a plain
 * hash is enough). A rotated secret is returned once, to be written into the canary's gate
 * webhooks as `metadata.token`; the old one stops working at once.
 */
export class GateSecretStore {
  private readonly db: Knex;

  constructor(options: { db: Knex }) {
    this.db = options.db;
  }

  /** Creates or replaces the canary's secret; returns the new secret (the only time it is seen). */
  async rotate(
    canary: CanaryRef,
    actor: string,
    now = new Date(),
  ): Promise<{ secret: string; rotatedAt: string }> {
    const secret = randomBytes(32).toString('base64url');
    await this.db(SECRETS)
      .insert({
        ...key(canary),
        secret_hash: hashOf(secret).toString('hex'),
        rotated_by: actor,
        rotated_at: now,
      })
      .onConflict(['cluster', 'namespace', 'name'])
      .merge(['secret_hash', 'rotated_by', 'rotated_at']);
    return { secret, rotatedAt: now.toISOString() };
  }

  /** Checks a caller's token against the canary's secret in constant time; `none` without one. */
  async check(
    canary: CanaryRef,
    token: string | undefined,
  ): Promise<GateSecretCheck> {
    const row: { secret_hash: string } | undefined = await this.db(SECRETS)
      .where(key(canary))
      .first('secret_hash');
    if (!row) return 'none';
    if (!token) return 'wrong';
    const expected = Buffer.from(row.secret_hash, 'hex');
    const given = hashOf(token);
    return expected.length === given.length && timingSafeEqual(expected, given)
      ? 'ok'
      : 'wrong';
  }

  /** Whether the canary has a secret, and who rotated it last. */
  async info(canary: CanaryRef): Promise<GateSecretInfo | undefined> {
    const row = await this.db(SECRETS)
      .where(key(canary))
      .first('rotated_by', 'rotated_at');
    return row
      ? { rotatedBy: row.rotated_by, rotatedAt: toIso(row.rotated_at) }
      : undefined;
  }
}

function key(canary: CanaryRef) {
  return {
    cluster: canary.cluster,
    namespace: canary.namespace,
    name: canary.name,
  };
}
