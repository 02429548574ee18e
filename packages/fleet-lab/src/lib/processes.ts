import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ensureDir } from './paths';

/** A process the lab started, recorded in `<pidDir>/<name>.pid` as `<pid> <start-time>`. */
export type ManagedProcess = { name: string; pid: number };

/** Reads the kernel's start time of a process (clock ticks since boot), or undefined if gone. */
function processStartTime(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22 (starttime); the command (field 2) may contain spaces, so split after its ')'.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return rest[19];
  } catch {
    return undefined;
  }
}

function isZombie(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

export function pidFile(pidDir: string, name: string) {
  return path.join(pidDir, `${name}.pid`);
}

/**
 * The pid recorded for `name` when that very process still runs (same pid and start time, so a
 * recycled pid is never mistaken for ours).
 */
export function runningPid(pidDir: string, name: string): number | undefined {
  let content: string;
  try {
    content = fs.readFileSync(pidFile(pidDir, name), 'utf8').trim();
  } catch {
    return undefined;
  }
  const [pidText, started] = content.split(/\s+/);
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 1) {
    return undefined;
  }
  const now = processStartTime(pid);
  if (now === undefined || (started && now !== started) || isZombie(pid)) {
    return undefined;
  }
  return pid;
}

export function recordPid(pidDir: string, name: string, pid: number) {
  ensureDir(pidDir);
  fs.writeFileSync(
    pidFile(pidDir, name),
    `${pid} ${processStartTime(pid) ?? ''}\n`,
  );
}

export type StartOptions = {
  name: string;
  command: string;
  args: string[];
  logFile: string;
  pidDir: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
};

/** Starts a detached background process with output appended to its log, and records its pid. */
export function startDetached(options: StartOptions): ManagedProcess {
  ensureDir(path.dirname(options.logFile));
  const out = fs.openSync(options.logFile, 'a');
  const child = spawn(options.command, options.args, {
    detached: true,
    stdio: ['ignore', out, out],
    env: options.env ?? process.env,
    cwd: options.cwd,
  });
  fs.closeSync(out);
  if (!child.pid) {
    throw new Error(`Could not start ${options.command}`);
  }
  child.unref();
  recordPid(options.pidDir, options.name, child.pid);
  return { name: options.name, pid: child.pid };
}

export function sleep(ms: number) {
  return new Promise<void>(resolve => setTimeout(resolve, ms));
}

/** Sends SIGTERM to a recorded process, then SIGKILL after the grace period; removes its pid file. */
export async function stopRecorded(
  pidDir: string,
  name: string,
  graceMs = 10000,
): Promise<boolean> {
  const pid = runningPid(pidDir, name);
  if (pid === undefined) {
    fs.rmSync(pidFile(pidDir, name), { force: true });
    return false;
  }
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // already gone
  }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && runningPid(pidDir, name) !== undefined) {
    await sleep(100);
  }
  if (runningPid(pidDir, name) !== undefined) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
    for (let i = 0; i < 50 && runningPid(pidDir, name) !== undefined; i++) {
      await sleep(100);
    }
  }
  fs.rmSync(pidFile(pidDir, name), { force: true });
  return true;
}

export function recordedNames(pidDir: string): string[] {
  try {
    return fs
      .readdirSync(pidDir)
      .filter(f => f.endsWith('.pid'))
      .map(f => f.slice(0, -4))
      .sort();
  } catch {
    return [];
  }
}

/** Resident set size of a process in bytes (from /proc), or 0 when it is gone. */
export function rssBytes(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = status.match(/^VmRSS:\s+(\d+)\s+kB/m);
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Polls `check` until it returns true or the timeout passes. */
export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
  intervalMs = 200,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      if (await check()) {
        return;
      }
    } catch (error) {
      lastError = error;
    }
    await sleep(intervalMs);
  }
  const detail = lastError instanceof Error ? `: ${lastError.message}` : '';
  throw new Error(
    `Timed out after ${timeoutMs} ms waiting for ${what}${detail}`,
  );
}
