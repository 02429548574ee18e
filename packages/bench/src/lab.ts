import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { repoRoot } from './paths';

/** A cluster of the running fleet lab, as `.lab/lab.json` describes it. */
export type LabCluster = {
  name: string;
  role: 'host' | 'member';
  url: string;
  caFile: string;
  tokens: { admin: string };
};

/** The lab's clusters, or undefined when the lab was never started. */
export function labClusters(): LabCluster[] | undefined {
  const stateDir =
    process.env.CANARY_LAB_STATE_DIR ?? path.join(repoRoot(), '.lab');
  try {
    return JSON.parse(fs.readFileSync(path.join(stateDir, 'lab.json'), 'utf8'))
      .clusters;
  } catch {
    return undefined;
  }
}

/** Sends a request to a lab cluster as its admin (independently of Backstage). */
export function adminRequest<T = any>(
  cluster: LabCluster,
  method: 'GET' | 'PATCH' | 'POST',
  apiPath: string,
  body?: unknown,
): Promise<T> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = https.request(
      `${cluster.url}${apiPath}`,
      {
        method,
        ca: fs.readFileSync(cluster.caFile),
        headers: {
          Authorization: `Bearer ${cluster.tokens.admin}`,
          Accept: 'application/json',
          ...(payload
            ? {
                'Content-Type':
                  method === 'PATCH'
                    ? 'application/merge-patch+json'
                    : 'application/json',
              }
            : {}),
        },
        timeout: 10_000,
      },
      response => {
        let text = '';
        response.on('data', chunk => (text += chunk));
        response.on('end', () => {
          if ((response.statusCode ?? 500) >= 300) {
            reject(
              new Error(
                `${method} ${apiPath}: HTTP ${response.statusCode} ${text}`,
              ),
            );
          } else {
            resolve(JSON.parse(text));
          }
        });
      },
    );
    request.on('timeout', () => request.destroy(new Error('timed out')));
    request.on('error', reject);
    if (payload) request.write(payload);
    request.end();
  });
}
