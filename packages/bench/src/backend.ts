import fs from 'node:fs';

/** Where the benchmarks find the running backend (`yarn start` or scripts/serve.sh). */
export const backendUrl = (
  process.env.CANARY_BENCH_BACKEND_URL ?? 'http://localhost:7007'
).replace(/\/$/, '');

/** True when the backend answers its Canary health check. */
export async function backendIsUp(): Promise<boolean> {
  try {
    const response = await fetch(`${backendUrl}/api/canary/health`, {
      signal: AbortSignal.timeout(3000),
    });
    return response.ok;
  } catch {
    return false;
  }
}

/** A Backstage token of the guest user, as the app gets it (the e2e tests do the same). */
export async function guestToken(): Promise<string> {
  const response = await fetch(
    `${backendUrl}/api/auth/guest/refresh?optional&env=development`,
    { headers: { 'X-Requested-With': 'XMLHttpRequest' } },
  );
  if (!response.ok) {
    throw new Error(
      `Guest sign-in failed with HTTP ${response.status}; the benchmarks need the guest auth provider of app-config.yaml`,
    );
  }
  return (await response.json()).backstageIdentity.token;
}

/** A client of the backend's API with the guest's token. */
export class BackendClient {
  private constructor(private readonly token: string) {}

  static async signIn(): Promise<BackendClient> {
    return new BackendClient(await guestToken());
  }

  /** GETs a path of the backend; throws on a non-2xx answer. */
  async get<T = any>(path: string): Promise<T> {
    const response = await fetch(`${backendUrl}${path}`, {
      headers: { Authorization: `Bearer ${this.token}` },
    });
    const text = await response.text();
    if (!response.ok) {
      throw new Error(`GET ${path}: HTTP ${response.status} ${text}`);
    }
    return JSON.parse(text);
  }

  /** POSTs JSON to a path of the backend; throws on a non-2xx answer. */
  async post<T = any>(path: string, body: unknown): Promise<T> {
    const response = await fetch(`${backendUrl}${path}`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${this.token}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) {
      throw new Error(`POST ${path}: HTTP ${response.status} ${text}`);
    }
    return JSON.parse(text);
  }
}

/** Finds the pid of the process listening on a local TCP port, from /proc (Linux only). */
export function listeningPid(port: number): number | undefined {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = fs.readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      // local_address is HEX_IP:HEX_PORT; state 0A is LISTEN; column 9 is the socket inode
      if (cols.length > 9 && cols[3] === '0A') {
        const localPort = parseInt(cols[1].split(':')[1], 16);
        if (localPort === port) inodes.add(cols[9]);
      }
    }
  }
  if (!inodes.size) return undefined;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const target = fs.readlinkSync(`/proc/${entry}/fd/${fd}`);
        const match = target.match(/^socket:\[(\d+)\]$/);
        if (match && inodes.has(match[1])) return Number(entry);
      } catch {
        // the fd closed meanwhile
      }
    }
  }
  return undefined;
}

/** Resident set size of a process in MiB, from /proc; undefined when unreadable. */
export function rssMiB(pid: number): number | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = status.match(/^VmRSS:\s+(\d+)\s+kB/m);
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}
