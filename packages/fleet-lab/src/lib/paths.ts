import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Finds the monorepo root: the nearest ancestor whose package.json declares workspaces. */
export function findRepoRoot(start: string = packageDir()): string {
  let dir = path.resolve(start);
  for (let i = 0; i < 30; i++) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg)) {
      try {
        const json = JSON.parse(fs.readFileSync(pkg, 'utf8'));
        if (json.workspaces) {
          return dir;
        }
      } catch {
        // not a readable package.json; keep walking up
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      break;
    }
    dir = parent;
  }
  throw new Error(`Cannot find the repository root above ${start}`);
}

/** The fleet-lab package directory (holds scripts/). */
export function packageDir(): string {
  return path.dirname(
    require.resolve('@backstage-canary/fleet-lab/package.json'),
  );
}

export type LabPaths = {
  repoRoot: string;
  /** Lab state: certificates, kubeconfigs, data dirs, logs, pid files, lab.json (gitignored). */
  stateDir: string;
  /** Build cache outside the repository (the kube-apiserver binary). */
  cacheDir: string;
  pkiDir: string;
  kubeconfigDir: string;
  logDir: string;
  pidDir: string;
  dataDir: string;
  labJson: string;
  routesJson: string;
};

export function labPaths(env: NodeJS.ProcessEnv = process.env): LabPaths {
  const repoRoot = findRepoRoot(packageDir());
  const stateDir = path.resolve(
    env.CANARY_LAB_STATE_DIR || path.join(repoRoot, '.lab'),
  );
  const cacheDir = path.resolve(
    env.CANARY_LAB_CACHE ||
      path.join(
        env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'),
        'backstage-canary',
      ),
  );
  return {
    repoRoot,
    stateDir,
    cacheDir,
    pkiDir: path.join(stateDir, 'pki'),
    kubeconfigDir: path.join(stateDir, 'kubeconfig'),
    logDir: path.join(stateDir, 'logs'),
    pidDir: path.join(stateDir, 'pids'),
    dataDir: path.join(stateDir, 'data'),
    labJson: path.join(stateDir, 'lab.json'),
    routesJson: path.join(stateDir, 'routes.json'),
  };
}

export function ensureDir(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}
