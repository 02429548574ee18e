import type { Knex } from 'knex';
import type { Canary, CanaryRef } from '@backstage-canary/plugin-canary-common';
import type { RolloutAttention } from './rolloutNotification';

const TABLE = 'rollout_notification_outbox';
/** How long a claimed row is left to its sender before another may take it. */
const CLAIM_MS = 2 * 60_000;
/** The first retry's delay, doubled after each failure. */
const RETRY_MS = 30_000;
/** After this many failed attempts a notification is dropped (logged by the caller). */
export const MAX_NOTIFICATION_ATTEMPTS = 10;

/** A notification waiting to be sent. */
export type OutboxEntry = {
  id: number;
  key: CanaryRef;
  canary: Canary;
  attention: RolloutAttention;
  attempts: number;
};

/**
 * The notifications the recorder decided to send, in the plugin database until they are sent: at
 * least once, across failures of the notifications backend and restarts of this one.
 */
export class NotificationOutbox {
  private readonly db: Knex;

  constructor(options: { db: Knex }) {
    this.db = options.db;
  }

  async enqueue(
    key: CanaryRef,
    canary: Canary,
    attention: RolloutAttention,
    now: Date = new Date(),
  ): Promise<void> {
    await this.db(TABLE).insert({
      cluster: key.cluster,
      namespace: key.namespace,
      name: key.name,
      canary: JSON.stringify(canary),
      attention: JSON.stringify(attention),
      created_at: now,
      attempts: 0,
      next_attempt_at: now,
    });
  }

  /**
   * Claims the entries due now, oldest first: each is taken by one sender only (a conditional
   * update), and comes back after a while if its sender dies before saying how it went.
   */
  async claimDue(limit = 50, now: Date = new Date()): Promise<OutboxEntry[]> {
    const rows = await this.db(TABLE)
      .where('next_attempt_at', '<=', now)
      .orderBy('id')
      .limit(limit);
    const claimed: OutboxEntry[] = [];
    for (const row of rows) {
      const taken = await this.db(TABLE)
        .where({ id: row.id, attempts: row.attempts })
        .andWhere('next_attempt_at', '<=', now)
        .update({
          next_attempt_at: new Date(now.getTime() + CLAIM_MS),
          attempts: row.attempts + 1,
        });
      if (taken) {
        claimed.push({
          id: row.id,
          key: {
            cluster: row.cluster,
            namespace: row.namespace,
            name: row.name,
          },
          canary: JSON.parse(row.canary),
          attention: JSON.parse(row.attention),
          attempts: row.attempts + 1,
        });
      }
    }
    return claimed;
  }

  /** The entry was sent: it leaves the outbox. */
  async sent(id: number): Promise<void> {
    await this.db(TABLE).where({ id }).delete();
  }

  /**
   * The entry could not be sent: retried later with a doubling delay, or dropped after
   * {@link MAX_NOTIFICATION_ATTEMPTS}. Returns whether it will be retried.
   */
  async failed(
    entry: OutboxEntry,
    error: string,
    now: Date = new Date(),
  ): Promise<boolean> {
    if (entry.attempts >= MAX_NOTIFICATION_ATTEMPTS) {
      await this.db(TABLE).where({ id: entry.id }).delete();
      return false;
    }
    await this.db(TABLE)
      .where({ id: entry.id })
      .update({
        last_error: error.slice(0, 2000),
        next_attempt_at: new Date(
          now.getTime() + RETRY_MS * 2 ** (entry.attempts - 1),
        ),
      });
    return true;
  }
}
