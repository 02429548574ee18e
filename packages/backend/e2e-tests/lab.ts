// Test-only access to the running fleet lab (packages/fleet-lab): its clusters from .lab/lab.json
// and an admin reader to check what the clusters hold, independently of Backstage.
import fs from 'fs';
import https from 'https';
import path from 'path';
import { expect, type APIRequestContext } from '@playwright/test';

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

/** The running lab's time scale and Kurator resync interval, from .lab/lab.json. */
export function labTiming(): {
  timeScale: number;
  kuratorResyncSeconds: number;
} {
  const lab = JSON.parse(
    fs.readFileSync(path.join(stateDir, 'lab.json'), 'utf8'),
  );
  return {
    timeScale: lab.timeScale ?? 1,
    kuratorResyncSeconds: lab.kuratorResyncSeconds ?? 30 / (lab.timeScale ?? 1),
  };
}

/**
 * Patches an object on a lab cluster as its admin, independently of Backstage: a JSON merge patch
 * (an object) or a JSON patch (a list of operations). Resolves with the patched object.
 */
export function adminPatch<T = any>(
  cluster: LabCluster,
  apiPath: string,
  body: unknown,
): Promise<T> {
  const contentType = Array.isArray(body)
    ? 'application/json-patch+json'
    : 'application/merge-patch+json';
  return new Promise((resolve, reject) => {
    const request = https.request(
      `${cluster.url}${apiPath}`,
      {
        method: 'PATCH',
        ca: fs.readFileSync(cluster.caFile),
        headers: {
          Authorization: `Bearer ${cluster.tokens.admin}`,
          'Content-Type': contentType,
        },
        timeout: 10_000,
      },
      response => {
        let text = '';
        response.on('data', chunk => (text += chunk));
        response.on('end', () =>
          (response.statusCode ?? 500) >= 300
            ? reject(
                new Error(`${apiPath}: HTTP ${response.statusCode} ${text}`),
              )
            : resolve(JSON.parse(text)),
        );
      },
    );
    request.on('error', reject);
    request.end(JSON.stringify(body));
  });
}

/**
 * Rolls out a new image of a Deployment on a lab cluster as the lab's `rollout` scenario does: the
 * patch version bumped, with `-faulty` (5xx and slow responses) appended for a faulty revision, or
 * `-stuck` for one whose Deployment never becomes available. Such a tag also carries a number of
 * its own: after an abort reverted the workload to its
 * primary, Flagger keeps the aborted revision as promoted ("no canary run on a manual rollback"),
 * so rolling out that same faulty image again would start no run.
 * Resolves with the new image.
 */
export async function labRolloutImage(
  cluster: LabCluster,
  namespace: string,
  deployment: string,
  variant: 'healthy' | 'faulty' | 'stuck' = 'healthy',
): Promise<string> {
  const apiPath = `/apis/apps/v1/namespaces/${namespace}/deployments/${deployment}`;
  const current = await adminGet<any>(cluster, apiPath);
  const from: string = current.spec.template.spec.containers[0].image;
  const at = from.lastIndexOf(':');
  const repo = from.slice(0, at);
  const tag = from.slice(at + 1).replace(/-(faulty|slow|stuck)(-\d+)?$/, '');
  const bumped = tag.replace(
    /(\d+)([^\d]*)$/,
    (_m, n, rest) => `${Number(n) + 1}${rest}`,
  );
  const to = `${repo}:${
    variant === 'healthy'
      ? bumped
      : `${bumped}-${variant}-${Date.now() % 1_000_000}`
  }`;
  const image = '/spec/template/spec/containers/0/image';
  await adminPatch(cluster, apiPath, [
    { op: 'test', path: image, value: from },
    { op: 'replace', path: image, value: to },
  ]);
  return to;
}

/**
 * Follows one object of a lab cluster as its admin with the watch API, independently of Backstage,
 * and calls `onObject` with every version of it: first the listed one, then each change. A dropped
 * watch resumes from the last resourceVersion seen and a 410 Gone relists, so no change is missed
 * while it runs; `problems` names each interruption, for assertion messages. `ready` resolves once
 * the object has been listed.
 */
export function adminWatch(
  cluster: LabCluster,
  collectionPath: string,
  name: string,
  onObject: (object: any) => void,
): { ready: Promise<void>; stop: () => void; problems: string[] } {
  const selector = `fieldSelector=${encodeURIComponent(
    `metadata.name=${name}`,
  )}`;
  const problems: string[] = [];
  let resourceVersion: string | undefined;
  let stopped = false;
  let current: ReturnType<typeof https.get> | undefined;

  let listed: () => void = () => {};
  const ready = new Promise<void>(resolve => (listed = resolve));
  const relist = async () => {
    const list = await adminGet<any>(cluster, `${collectionPath}?${selector}`);
    list.items.forEach(onObject);
    resourceVersion = list.metadata.resourceVersion;
    listed();
  };

  const handle = (event: any) => {
    if (event.type === 'ERROR') {
      problems.push(
        `watch error ${event.object?.code} ${event.object?.message}`,
      );
      if (event.object?.code === 410) resourceVersion = undefined;
      return;
    }
    resourceVersion =
      event.object?.metadata?.resourceVersion ?? resourceVersion;
    if (event.type !== 'BOOKMARK') onObject(event.object);
  };

  const watchOnce = () =>
    new Promise<void>(resolve => {
      current = https.get(
        `${cluster.url}${collectionPath}?watch=1&allowWatchBookmarks=true&${selector}&resourceVersion=${resourceVersion}`,
        {
          ca: fs.readFileSync(cluster.caFile),
          headers: { Authorization: `Bearer ${cluster.tokens.admin}` },
        },
        response => {
          if (response.statusCode !== 200) {
            problems.push(`watch answered HTTP ${response.statusCode}`);
            if (response.statusCode === 410) resourceVersion = undefined;
          }
          let buffer = '';
          response.setEncoding('utf8');
          response.on('data', chunk => {
            buffer += chunk;
            for (
              let nl = buffer.indexOf('\n');
              nl >= 0;
              nl = buffer.indexOf('\n')
            ) {
              const line = buffer.slice(0, nl).trim();
              buffer = buffer.slice(nl + 1);
              if (line) handle(JSON.parse(line));
            }
          });
          response.on('end', resolve);
          response.on('error', resolve);
        },
      );
      current.on('error', error => {
        if (!stopped) problems.push(`watch failed: ${error.message}`);
        resolve();
      });
    });

  (async () => {
    while (!stopped) {
      try {
        if (resourceVersion === undefined) await relist();
        await watchOnce();
      } catch (error) {
        problems.push(`relist failed: ${(error as Error).message}`);
      }
      if (!stopped) await new Promise(r => setTimeout(r, 250));
    }
  })();

  return {
    ready,
    problems,
    stop: () => {
      stopped = true;
      current?.destroy();
    },
  };
}

/** A guest's Backstage token from the running backend (the example app's guest sign-in). */
export async function guestToken(
  request: APIRequestContext,
  backend = process.env.PLAYWRIGHT_BACKEND_URL ?? 'http://localhost:7007',
): Promise<string> {
  const response = await request.get(
    `${backend}/api/auth/guest/refresh?optional&env=development`,
    { headers: { 'X-Requested-With': 'XMLHttpRequest' } },
  );
  expect(response.ok()).toBe(true);
  return (await response.json()).backstageIdentity.token;
}

/** Sends a request with a JSON body to a lab cluster as its admin; resolves with the answer. */
function adminSend(
  cluster: LabCluster,
  method: 'POST' | 'DELETE',
  apiPath: string,
  body?: unknown,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = https.request(
      `${cluster.url}${apiPath}`,
      {
        method,
        ca: fs.readFileSync(cluster.caFile),
        headers: {
          Authorization: `Bearer ${cluster.tokens.admin}`,
          'Content-Type': 'application/json',
        },
        timeout: 10_000,
      },
      response => {
        let text = '';
        response.on('data', chunk => (text += chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 500, text }),
        );
      },
    );
    request.on('error', reject);
    request.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/** Creates an object in a collection of a lab cluster as its admin; resolves with the object. */
export async function adminCreate<T = any>(
  cluster: LabCluster,
  collectionPath: string,
  body: unknown,
): Promise<T> {
  const { status, text } = await adminSend(
    cluster,
    'POST',
    collectionPath,
    body,
  );
  if (status >= 300) {
    throw new Error(`${collectionPath}: HTTP ${status} ${text}`);
  }
  return JSON.parse(text);
}

/** Deletes an object of a lab cluster as its admin; resolves false when it did not exist. */
export async function adminDelete(
  cluster: LabCluster,
  apiPath: string,
): Promise<boolean> {
  const { status, text } = await adminSend(cluster, 'DELETE', apiPath);
  if (status === 404) return false;
  if (status >= 300) throw new Error(`${apiPath}: HTTP ${status} ${text}`);
  return true;
}

/**
 * Whether a native canary's loadtester gate (its confirm-* webhooks) or rollback switch is open,
 * asked from the loadtester its webhook points at, as Flagger asks it (`/gate/check`,
 * `/rollback/check`). Reading changes nothing; `yarn lab gate` opens and closes them.
 */
export async function labGateIsOpen(
  clusterName: string,
  namespace: string,
  name: string,
  gate: 'gate' | 'rollback',
): Promise<boolean> {
  const lab = JSON.parse(
    fs.readFileSync(path.join(stateDir, 'lab.json'), 'utf8'),
  );
  const canary = await adminGet<any>(
    labCluster(clusterName),
    `/apis/flagger.app/v1beta1/namespaces/${namespace}/canaries/${name}`,
  );
  const wanted = gate === 'gate' ? /^confirm-/ : /^rollback$/;
  const hook = (canary.spec.analysis?.webhooks ?? []).find((h: any) =>
    wanted.test(h.type ?? ''),
  );
  if (!hook) throw new Error(`${namespace}/${name} has no ${gate} webhook`);
  const [service, hookNamespace = namespace] = new URL(hook.url).hostname.split(
    '.',
  );
  const base = String(lab.loadtesterUrlTemplate)
    .replace('{cluster}', clusterName)
    .replace('{namespace}', hookNamespace)
    .replace('{service}', service);
  const response = await fetch(`${base}/${gate}/check`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name, namespace }),
  });
  await response.text();
  if (response.status !== 200 && response.status !== 403) {
    throw new Error(`${base}/${gate}/check: HTTP ${response.status}`);
  }
  return response.status === 200;
}

/** Prints the steps of a test with the seconds since it started, to see where its time goes. */
export function stepLog(name: string) {
  const started = Date.now();
  return (what: string) =>
    console.log(
      `[${name} +${((Date.now() - started) / 1000).toFixed(1)} s] ${what}`,
    );
}
