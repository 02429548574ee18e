// Test-only access to the running fleet lab (packages/fleet-lab): its clusters from .lab/lab.json
// and an admin reader to check what the clusters hold, independently of Backstage.
import fs from 'fs';
import https from 'https';
import path from 'path';

export type LabCluster = {
  name: string;
  role: 'host' | 'member';
  url: string;
  caFile: string;
  tokens: { admin: string; backstage: string; unprivileged: string };
  prometheusUrl?: string;
};

const stateDir =
  process.env.CANARY_LAB_STATE_DIR ?? path.resolve(__dirname, '../../../.lab');

/** A cluster of the running lab (the web server entry of the tests starts the lab). */
export function labCluster(name: string): LabCluster {
  const lab = JSON.parse(
    fs.readFileSync(path.join(stateDir, 'lab.json'), 'utf8'),
  );
  const cluster = lab.clusters.find((c: LabCluster) => c.name === name);
  if (!cluster) throw new Error(`The lab has no cluster ${name}`);
  return cluster;
}

/** Reads an object from a lab cluster as its admin, independently of Backstage. */
export function adminGet<T>(cluster: LabCluster, apiPath: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const request = https.get(
      `${cluster.url}${apiPath}`,
      {
        ca: fs.readFileSync(cluster.caFile),
        headers: { Authorization: `Bearer ${cluster.tokens.admin}` },
        timeout: 10_000,
      },
      response => {
        let body = '';
        response.on('data', chunk => (body += chunk));
        response.on('end', () => {
          if ((response.statusCode ?? 500) >= 300) {
            reject(
              new Error(`${apiPath}: HTTP ${response.statusCode} ${body}`),
            );
          } else {
            resolve(JSON.parse(body));
          }
        });
      },
    );
    request.on('error', reject);
  });
}

/** Polls until `check` returns a value, or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 500));
  }
}
