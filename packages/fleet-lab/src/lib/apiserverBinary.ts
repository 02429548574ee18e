import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { packageDir } from './paths';

function log(message: string) {
  process.stderr.write(`[fleet-lab] ${message}\n`);
}

/** The cached kube-apiserver directory of the last build, if its binary is there. */
export function cachedKubeBinDir(cacheDir: string): string | undefined {
  try {
    const version = fs
      .readFileSync(path.join(cacheDir, 'kube', 'current'), 'utf8')
      .trim();
    const dir = path.join(cacheDir, 'kube', version);
    if (fs.existsSync(path.join(dir, 'kube-apiserver'))) {
      return dir;
    }
  } catch {
    // no build yet
  }
  return undefined;
}

function runScript(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'bash',
      [path.join(packageDir(), 'scripts', script), ...args],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
        env,
      },
    );
    let out = '';
    child.stdout.on('data', d => {
      out += d.toString();
    });
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('error', reject);
    child.on('exit', code => {
      clearTimeout(timer);
      if (code === 0) {
        resolve(out.trim());
      } else {
        reject(new Error(`${script} ${args.join(' ')} exited with ${code}`));
      }
    });
  });
}

/**
 * The directory holding kube-apiserver: the cached build, or a fresh build from Debian's
 * `kubernetes` source package (several minutes, once per source version).
 */
export async function ensureKubeApiserver(cacheDir: string): Promise<string> {
  const cached = cachedKubeBinDir(cacheDir);
  if (cached) {
    return cached;
  }
  log(
    'building kube-apiserver from the Debian source package (about 6 minutes on 2 cores, cached afterwards)',
  );
  const out = await runScript(
    'build-kube-apiserver.sh',
    ['kube-apiserver'],
    { ...process.env, CANARY_LAB_CACHE: cacheDir },
    60 * 60 * 1000,
  );
  const dir = out.split('\n').pop()!;
  if (!fs.existsSync(path.join(dir, 'kube-apiserver'))) {
    throw new Error(`The build did not produce ${dir}/kube-apiserver`);
  }
  return dir;
}

function onPath(binary: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const candidate = path.join(dir, binary);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Installs the Debian packages providing these binaries when any is missing. */
export async function ensureBinaries(
  wanted: Record<string, string>,
): Promise<void> {
  const missing = Object.entries(wanted)
    .filter(([binary]) => !onPath(binary))
    .map(([, pkg]) => pkg);
  if (missing.length === 0) {
    return;
  }
  await runScript(
    'ensure-debian-packages.sh',
    [...new Set(missing)],
    process.env,
    30 * 60 * 1000,
  );
}

/**
 * A kubectl for users and tests: the one on PATH, else Debian's `kubernetes-client`, else one built
 * from the same source tree as the API server.
 */
export async function ensureKubectl(cacheDir: string): Promise<string> {
  const existing = onPath('kubectl');
  if (existing) {
    return existing;
  }
  const built = cachedKubeBinDir(cacheDir);
  if (built && fs.existsSync(path.join(built, 'kubectl'))) {
    return path.join(built, 'kubectl');
  }
  try {
    await runScript(
      'ensure-debian-packages.sh',
      ['kubernetes-client'],
      process.env,
      15 * 60 * 1000,
    );
    const installed = onPath('kubectl');
    if (installed) {
      return installed;
    }
  } catch (error) {
    log(
      `kubernetes-client unavailable (${
        (error as Error).message
      }); building kubectl`,
    );
  }
  const out = await runScript(
    'build-kube-apiserver.sh',
    ['kube-apiserver', 'kubectl'],
    { ...process.env, CANARY_LAB_CACHE: cacheDir },
    60 * 60 * 1000,
  );
  return path.join(out.split('\n').pop()!, 'kubectl');
}
