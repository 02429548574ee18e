import type { Knex } from 'knex';

/**
 * A lease in the plugin database that one backend instance holds at a time. `acquire` takes a
 * free or expired lease, or renews the caller's own, in one conditional write; the holder must
 * renew it within `ttlMs`, or another instance takes it over.
 */
export class RecorderLease {
  private readonly db: Knex;
  private readonly name: string;
  readonly holder: string;
  readonly ttlMs: number;
  private readonly now: () => number;

  constructor(options: {
    db: Knex;
    holder: string;
    ttlMs: number;
    name?: string;
    now?: () => number;
  }) {
    this.db = options.db;
    this.holder = options.holder;
    this.ttlMs = options.ttlMs;
    this.name = options.name ?? 'recorder';
    this.now = options.now ?? Date.now;
  }

  /** Takes or renews the lease; false while another instance holds it. */
  async acquire(): Promise<boolean> {
    const now = this.now();
    const expires = now + this.ttlMs;
    await this.db('recorder_leases')
      .insert({ name: this.name, holder: this.holder, expires_at_ms: expires })
      .onConflict('name')
      .ignore();
    const updated = await this.db('recorder_leases')
      .where({ name: this.name })
      .andWhere(free =>
        free.where({ holder: this.holder }).orWhere('expires_at_ms', '<', now),
      )
      .update({ holder: this.holder, expires_at_ms: expires });
    return updated === 1;
  }

  /** Gives the lease up at once (on shutdown), so another instance need not wait for it to expire. */
  async release(): Promise<void> {
    await this.db('recorder_leases')
      .where({ name: this.name, holder: this.holder })
      .update({ expires_at_ms: 0 });
  }

  /** The current holder, if the lease is held. */
  async currentHolder(): Promise<string | undefined> {
    const row = await this.db('recorder_leases')
      .where({ name: this.name })
      .andWhere('expires_at_ms', '>=', this.now())
      .first();
    return row?.holder;
  }
}
