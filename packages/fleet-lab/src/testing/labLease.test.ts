import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sleep } from '../lib/processes';
import { acquireExclusive, acquireShared } from './labLease';

describe('leases on the lab between test workers', () => {
  let stateDir: string;
  beforeEach(() => {
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-lease-'));
    process.env.CANARY_LAB_STATE_DIR = stateDir;
  });
  afterEach(() => {
    delete process.env.CANARY_LAB_STATE_DIR;
    fs.rmSync(stateDir, { recursive: true, force: true });
  });

  it('lets the exclusive holder in once the shared holders are done, and later sharers after it', async () => {
    const order: string[] = [];
    const releaseFirst = await acquireShared();
    const exclusive = acquireExclusive().then(release => {
      order.push('exclusive');
      return release;
    });
    await sleep(700);
    const laterShared = acquireShared().then(release => {
      order.push('shared');
      return release;
    });
    await sleep(700);
    expect(order).toEqual([]);

    releaseFirst();
    const releaseExclusive = await exclusive;
    await sleep(700);
    expect(order).toEqual(['exclusive']);

    releaseExclusive();
    (await laterShared)();
    expect(order).toEqual(['exclusive', 'shared']);
    expect(fs.readdirSync(path.join(stateDir, 'test-leases'))).toEqual([]);
  });

  it('ignores and removes the leases of processes that are gone', async () => {
    const dir = path.join(stateDir, 'test-leases');
    fs.mkdirSync(dir, { recursive: true });
    // a pid above the kernel's pid_max is never alive
    fs.writeFileSync(path.join(dir, 'exclusive'), '99999999');
    fs.writeFileSync(path.join(dir, 'shared-99999999-1'), '99999999');
    const release = await acquireExclusive();
    expect(fs.readdirSync(dir)).toEqual(['exclusive']);
    release();
  });
});
