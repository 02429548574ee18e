import { mockServices } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import { pluginDatabases } from '../../__testUtils__/pluginDatabases';
import { RecorderLease } from './RecorderLease';
import { RecorderLeadership } from './RecorderLeadership';

const databases = pluginDatabases();
jest.setTimeout(30_000);

/** A backend instance: its leadership, and the times its worker ran. */
function instance(db: Knex, name: string, ttlMs = 600, renewEveryMs = 100) {
  const runs: Array<{ from: number; to?: number }> = [];
  const leadership = new RecorderLeadership({
    lease: new RecorderLease({ db, holder: name, ttlMs }),
    renewEveryMs,
    logger: mockServices.logger.mock(),
    work: async signal => {
      const run: { from: number; to?: number } = { from: Date.now() };
      runs.push(run);
      await new Promise(resolve =>
        signal.addEventListener('abort', resolve, { once: true }),
      );
      run.to = Date.now();
    },
  });
  return { leadership, runs };
}

async function until(condition: () => boolean, ms = 5_000) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise(resolve => setTimeout(resolve, 20));
  }
}

describe.each(databases.eachSupportedId())('RecorderLeadership on %p', id => {
  it('runs the worker on one instance at a time', async () => {
    const db = await databases.migrated(id);
    const a = instance(db, 'a');
    const b = instance(db, 'b');
    a.leadership.start();
    await until(() => a.leadership.leading);
    b.leadership.start();
    // Several renewals later, b has still not started.
    await new Promise(resolve => setTimeout(resolve, 800));
    expect(a.runs).toHaveLength(1);
    expect(b.runs).toHaveLength(0);
    await a.leadership.stop();
    await b.leadership.stop();
  });

  it('hands over at once when the holder stops cleanly', async () => {
    const db = await databases.migrated(id);
    const a = instance(db, 'a', 5_000, 100);
    const b = instance(db, 'b', 5_000, 100);
    a.leadership.start();
    await until(() => a.leadership.leading);
    b.leadership.start();
    const stoppedAt = Date.now();
    await a.leadership.stop();
    await until(() => b.leadership.leading);
    // Well before the 5 s lease would have expired.
    expect(Date.now() - stoppedAt).toBeLessThan(1_000);
    expect(a.runs[0].to).toBeLessThanOrEqual(b.runs[0].from);
    await b.leadership.stop();
  });

  it('takes over from a holder that died without a word, once its lease expired', async () => {
    const db = await databases.migrated(id);
    // The dead holder: took the lease and never renews it again (a kill -9).
    const dead = new RecorderLease({ db, holder: 'dead', ttlMs: 600 });
    expect(await dead.acquire()).toBe(true);
    const takenAt = Date.now();
    const b = instance(db, 'b', 600, 100);
    b.leadership.start();
    await until(() => b.leadership.leading);
    const waited = Date.now() - takenAt;
    expect(waited).toBeGreaterThanOrEqual(550);
    expect(waited).toBeLessThan(600 + 100 + 1_000);
    expect(await dead.acquire()).toBe(false);
    await b.leadership.stop();
  });

  it('stops its worker when another instance holds the lease', async () => {
    const db = await databases.migrated(id);
    const a = instance(db, 'a', 600, 100);
    a.leadership.start();
    await until(() => a.leadership.leading);
    // Another instance took the lease (a's renewals stalled past the ttl, say).
    await db('recorder_leases')
      .where({ name: 'recorder' })
      .update({ holder: 'b', expires_at_ms: Date.now() + 60_000 });
    await until(() => !a.leadership.leading);
    expect(a.runs[0].to).toBeDefined();
    await a.leadership.stop();
    // Stopping a non-holder leaves the other's lease alone.
    expect(
      await new RecorderLease({ db, holder: 'a', ttlMs: 600 }).currentHolder(),
    ).toBe('b');
  });

  it('starts the worker again when it ended while still holding the lease', async () => {
    const db = await databases.migrated(id);
    let starts = 0;
    const leadership = new RecorderLeadership({
      lease: new RecorderLease({ db, holder: 'a', ttlMs: 600 }),
      renewEveryMs: 100,
      logger: mockServices.logger.mock(),
      work: async () => {
        starts += 1;
        throw new Error('cluster list failed');
      },
    });
    leadership.start();
    await until(() => starts >= 3);
    await leadership.stop();
    expect(leadership.leading).toBe(false);
  });
});
