// Extra backend processes for the tests that stop or kill a backend: each runs from source as
// `yarn start` does, on its own port and with the lab's configuration, in a process group of its
// own and without the file watcher, so edits elsewhere never restart it. The shared backend on
// :7007 is never touched.
import { execFile, spawn, type ChildProcess } from 'child_process';
import fs from 'fs';
import path from 'path';
import { promisify } from 'util';
import { eventually } from './lab';

export const repoRoot = path.resolve(__dirname, '../../..');
// The lab's state directory (CANARY_LAB_STATE_DIR, as for `yarn lab`), by default .lab.
const labDir = process.env.CANARY_LAB_STATE_DIR ?? path.join(repoRoot, '.lab');

/** A cluster of the lab's configuration for the Kubernetes plugin. */
export type LabClusterConfig = { name: string; url: string };

/** The lab's configuration for Backstage (JSON, as scripts/lab-app-config.mjs writes it). */
export function labAppConfig(): any {
  const text = fs.readFileSync(
    path.join(labDir, 'app-config.lab.yaml'),
    'utf8',
  );
  return JSON.parse(text.replace(/^#.*\n/, ''));
}

/** Where the lab's cluster of that name answers (its API server, as the lab configures it). */
export function labClusterAddress(name: string): {
  host: string;
  port: number;
} {
  const clusters: LabClusterConfig[] =
    labAppConfig().kubernetes.clusterLocatorMethods[0].clusters;
  const cluster = clusters.find(c => c.name === name);
  if (!cluster)
    throw new Error(`The lab's configuration has no cluster ${name}`);
  const url = new URL(cluster.url);
  return { host: url.hostname, port: Number(url.port) };
}

/**
 * The Kubernetes plugin's configuration of the lab's clusters, with those named in `via` reached
 * through a port of 127.0.0.1 (a fault proxy, a partition point) instead. TLS is verified as for
 * the others: the lab's certificates name 127.0.0.1.
 */
export function labClustersVia(via: Record<string, number>) {
  const clusters: LabClusterConfig[] =
    labAppConfig().kubernetes.clusterLocatorMethods[0].clusters;
  return {
    clusterLocatorMethods: [
      {
        type: 'config',
        clusters: clusters.map(c =>
          via[c.name] ? { ...c, url: `https://127.0.0.1:${via[c.name]}` } : c,
        ),
      },
    ],
  };
}

export type BackendProcess = {
  url: string;
  child: ChildProcess;
  logFile: string;
};

/** Starts a backend on `port` with the lab's configuration plus `config`, logging into `workDir`. */
export function startBackend(options: {
  name: string;
  port: number;
  workDir: string;
  database: Record<string, unknown>;
  /** More configuration, over the lab's (arrays replace the lab's, objects merge). */
  config?: Record<string, unknown>;
}): BackendProcess {
  const { name, port, workDir } = options;
  const url = `http://localhost:${port}`;
  const configFile = path.join(workDir, `app-config.${name}.yaml`);
  fs.writeFileSync(
    configFile,
    JSON.stringify({
      ...options.config,
      backend: { baseUrl: url, listen: { port }, database: options.database },
    }),
  );
  const logFile = path.join(workDir, `${name}.log`);
  const log = fs.openSync(logFile, 'a');
  const child = spawn(
    process.execPath,
    [
      '--enable-source-maps',
      '--require',
      require.resolve('@backstage/cli-node/config/nodeTransform.cjs', {
        paths: [repoRoot],
      }),
      'src/index',
      '--config',
      path.join(repoRoot, 'app-config.yaml'),
      '--config',
      path.join(labDir, 'app-config.lab.yaml'),
      '--config',
      configFile,
    ],
    {
      cwd: path.join(repoRoot, 'packages', 'backend'),
      detached: true,
      stdio: ['ignore', log, log],
      // As `yarn start` runs it (the guest sign-in is for development only).
      env: { ...process.env, NODE_ENV: 'development' },
    },
  );
  fs.closeSync(log);
  return { url, child, logFile };
}

function alive(child: ChildProcess): boolean {
  try {
    process.kill(-child.pid!, 0);
    return true;
  } catch {
    return false;
  }
}

function signal(child: ChildProcess, name: NodeJS.Signals) {
  try {
    process.kill(-child.pid!, name);
  } catch {
    // already gone
  }
}

/** Stops a backend: SIGTERM, then SIGKILL if it is still there after 10 s. */
export async function stopBackend(backend: BackendProcess | undefined) {
  if (!backend?.child.pid) return;
  signal(backend.child, 'SIGTERM');
  for (let i = 0; i < 100 && alive(backend.child); i++) {
    await new Promise(r => setTimeout(r, 100));
  }
  if (alive(backend.child)) signal(backend.child, 'SIGKILL');
}

/** Kills a backend without a word (kill -9): no shutdown hook runs. */
export function killBackend(backend: BackendProcess) {
  signal(backend.child, 'SIGKILL');
}

/** A guest token from the backend, once it serves (a cold start from source can take minutes). */
export function backendGuestToken(backend: BackendProcess): Promise<string> {
  return eventually(
    async () => {
      const response = await fetch(
        `${backend.url}/api/auth/guest/refresh?optional&env=development`,
        { headers: { 'X-Requested-With': 'XMLHttpRequest' } },
      );
      return response.ok
        ? ((await response.json()).backstageIdentity.token as string)
        : undefined;
    },
    240_000,
    `the backend on ${backend.url} to start`,
  );
}

/** Whether the backend's log says it took the recorder's lease. */
export function recordsHistory(backend: BackendProcess): boolean {
  return fs
    .readFileSync(backend.logFile, 'utf8')
    .includes('Recorder lease taken by');
}

/**
 * The tests' PostgreSQL (scripts/postgres.sh, idempotent): `start` starts it when it is not running
 * and answers its URL (the one scripts/test.sh exported for the Jest suites when there is one: the
 * same server); `stop` stops it, its data kept. Always runs the script: a test that stopped the
 * server must be able to start it again.
 */
export async function postgres(command: 'start' | 'stop'): Promise<string> {
  const { stdout } = await promisify(execFile)(
    'bash',
    ['scripts/postgres.sh', command],
    { cwd: repoRoot, timeout: 300_000 },
  );
  return (
    process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??
    stdout.trim().split('\n').pop()!
  );
}

export const postgresUrl = () => postgres('start');

/** A backend instance with the guest's token. */
export type BackendInstance = { backend: BackendProcess; token: string };

/**
 * Instances of the backend on one fresh PostgreSQL database, as a horizontally scaled Backstage
 * runs, started one after the other (two instances migrating one empty database at once make the
 * catalog fail its start on the migration lock). `config` gives each its configuration.
 */
export async function startInstances(options: {
  name: string;
  ports: number[];
  workDir: string;
  config?: (index: number) => Record<string, unknown>;
}): Promise<BackendInstance[]> {
  const database = {
    client: 'pg',
    connection: await postgresUrl(),
    prefix: `${options.name.replace(/\W/g, '')}_${Date.now()}_`,
  };
  const instances: BackendInstance[] = [];
  for (const [index, port] of options.ports.entries()) {
    const backend = startBackend({
      name: `${options.name}-${index}`,
      port,
      workDir: options.workDir,
      database,
      config: options.config?.(index),
    });
    instances.push({ backend, token: await backendGuestToken(backend) });
  }
  return instances;
}

/** Calls an instance's API as the guest. */
export function callInstance(
  instance: BackendInstance,
  apiPath: string,
  init: RequestInit = {},
): Promise<Response> {
  return fetch(`${instance.backend.url}${apiPath}`, {
    ...init,
    headers: {
      Authorization: `Bearer ${instance.token}`,
      'Content-Type': 'application/json',
    },
  });
}

/**
 * A GET of the Canary API that goes to one instance and then the next, as behind a load balancer;
 * answers the body, or undefined when the instance did not answer 2xx.
 */
export function roundRobinRead(
  instances: BackendInstance[],
): (apiPath: string) => Promise<any> {
  let next = 0;
  return async apiPath => {
    const response = await callInstance(
      instances[next++ % instances.length],
      apiPath,
    );
    return response.ok ? response.json() : undefined;
  };
}
