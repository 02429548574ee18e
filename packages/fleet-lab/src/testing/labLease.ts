import fs from 'node:fs';
import path from 'node:path';
import { sleep } from '../lib/processes';
import { labPaths } from '../lib/paths';

// A readers-writer lock between the Jest workers that use the lab at the same time: each
// integration test file holds a shared lease while it runs; a test that takes part of the lab down
// (a member's apiserver) holds the exclusive one, so no other file sees the outage. Leases are
// files in the lab's state directory named after the holding process; those of dead processes are
// ignored and removed.

const EXCLUSIVE = 'exclusive';

function leaseDir(): string {
  const dir = path.join(labPaths().stateDir, 'test-leases');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The lease files held by live processes, removing those of dead ones. */
function liveLeases(dir: string): string[] {
  return fs.readdirSync(dir).filter(name => {
    const pid = Number(fs.readFileSync(path.join(dir, name), 'utf8'));
    if (alive(pid)) return true;
    fs.rmSync(path.join(dir, name), { force: true });
    return false;
  });
}

export type Release = () => void;

/** Waits until no exclusive lease is held, then holds a shared one. */
export async function acquireShared(): Promise<Release> {
  const dir = leaseDir();
  const file = path.join(dir, `shared-${process.pid}-${Date.now()}`);
  for (;;) {
    if (!liveLeases(dir).includes(EXCLUSIVE)) {
      fs.writeFileSync(file, String(process.pid));
      // the writer may have taken the lock between the check and the write
      if (!liveLeases(dir).includes(EXCLUSIVE)) {
        return () => fs.rmSync(file, { force: true });
      }
      fs.rmSync(file, { force: true });
    }
    await sleep(250);
  }
}

/** Takes the exclusive lease, then waits until every shared one is released. */
export async function acquireExclusive(): Promise<Release> {
  const dir = leaseDir();
  const file = path.join(dir, EXCLUSIVE);
  for (;;) {
    liveLeases(dir);
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      await sleep(250);
    }
  }
  const mine = path.basename(file);
  while (liveLeases(dir).some(name => name !== mine)) {
    await sleep(250);
  }
  return () => fs.rmSync(file, { force: true });
}

// Waiting for the lab: the other worker's file may run for minutes.
const WAIT_MS = 10 * 60_000;

/** Holds a lease from `acquire` while the test file's tests run. */
function holdDuringFile(acquire: () => Promise<Release>) {
  let release: Release | undefined;
  beforeAll(async () => {
    release = await acquire();
  }, WAIT_MS);
  afterAll(() => release?.());
}

/** For an integration test file: holds a shared lease on the lab while its tests run. */
export function shareTheLab() {
  holdDuringFile(acquireShared);
}

/** For an integration test file that takes part of the lab down: holds the lab alone. */
export function holdTheLabAlone() {
  holdDuringFile(acquireExclusive);
}
