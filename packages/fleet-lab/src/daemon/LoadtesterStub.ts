import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ImageBehaviour } from './imageBehaviour';

/**
 * Flagger's loadtester HTTP API (pkg/loadtester/server.go, gate.go) for every loadtester Service of
 * the fleet, reached at `/loadtester/<cluster>/<namespace>/<service>/...`:
 * `/gate/{approve,halt,check,open,close}`, `/rollback/{check,open,close}`, `/healthz`, and the
 * task runner on `/` (`cmd` tasks are asynchronous and `hey` commands become simulated load;
 * `bash`, `kubectl`, `helm` and `concord` tasks are blocking and fail when they call a faulty
 * canary). Gate state is in memory per loadtester and defaults to closed, as in the real one.
 */
export class LoadtesterStub {
  private readonly gates = new Map<string, boolean>();
  readonly taskLog: Array<{
    at: string;
    loadtester: string;
    type: string;
    cmd: string;
    status: number;
  }> = [];

  constructor(
    private readonly options: {
      timeScale: number;
      /** Starts simulated load towards a host for the given wall-clock duration. */
      addLoad: (
        cluster: string,
        host: string,
        rps: number,
        durationMs: number,
      ) => void;
      /** Behaviour of the workload behind `<service>.<namespace>` in a cluster, if known. */
      behaviourForHost: (
        cluster: string,
        host: string,
        namespace: string,
      ) => ImageBehaviour | undefined;
      log: (message: string) => void;
    },
  ) {}

  gateState(instance: string, key: string): boolean {
    return this.gates.get(`${instance}|${key}`) ?? false;
  }

  async handle(
    req: IncomingMessage,
    res: ServerResponse,
    cluster: string,
    namespace: string,
    service: string,
    rest: string,
  ) {
    const instance = `${cluster}/${namespace}/${service}`;
    const body = await readBody(req);
    const send = (status: number, text: string) => {
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(text);
    };
    const payload = () => {
      try {
        const json = JSON.parse(body);
        if (!json || typeof json !== 'object') {
          throw new Error('not an object');
        }
        return json as {
          name?: string;
          namespace?: string;
          phase?: string;
          metadata?: Record<string, string>;
        };
      } catch (error) {
        return { error: (error as Error).message };
      }
    };
    const key = (p: { name?: string; namespace?: string }) =>
      `${p.name}.${p.namespace}`;
    const setGate = (k: string, open: boolean) => {
      this.gates.set(`${instance}|${k}`, open);
      this.options.log(
        `loadtester ${instance}: ${open ? 'opened' : 'closed'} ${k}`,
      );
    };

    switch (rest) {
      case '/healthz':
        send(200, 'OK');
        return;
      case '/gate/approve':
        send(200, 'OK');
        return;
      case '/gate/halt':
        send(403, 'Forbidden');
        return;
      case '/gate/check':
      case '/gate/open':
      case '/gate/close':
      case '/rollback/check':
      case '/rollback/open':
      case '/rollback/close': {
        const p = payload();
        if ('error' in p) {
          send(400, `${p.error}`);
          return;
        }
        const rollback = rest.startsWith('/rollback');
        const k = rollback ? `rollback.${key(p)}` : key(p);
        if (rest.endsWith('/open')) {
          setGate(k, true);
          send(202, '');
        } else if (rest.endsWith('/close')) {
          setGate(k, false);
          send(202, '');
        } else if (this.gates.get(`${instance}|${k}`)) {
          send(200, 'Approved');
        } else {
          send(403, 'Forbidden');
        }
        return;
      }
      case '/':
      case '': {
        if (req.method !== 'POST') {
          send(405, 'Method Not Allowed');
          return;
        }
        const p = payload();
        if ('error' in p) {
          send(400, `${p.error}`);
          return;
        }
        if (!p.metadata || Object.keys(p.metadata).length === 0) {
          send(400, 'metadata not found in payload');
          return;
        }
        const type = p.metadata.type ?? 'cmd';
        const cmd = p.metadata.cmd ?? '';
        const record = (status: number) =>
          this.taskLog.push({
            at: new Date().toISOString(),
            loadtester: instance,
            type,
            cmd,
            status,
          });
        if (type === 'cmd' || type === 'ngrinder') {
          this.runAsync(cluster, p.namespace ?? namespace, cmd);
          record(202);
          send(202, '');
          return;
        }
        if (['bash', 'kubectl', 'helm', 'helmv3', 'concord'].includes(type)) {
          const failure = this.blockingFailure(
            cluster,
            p.namespace ?? namespace,
            cmd,
          );
          record(failure ? 500 : 200);
          if (failure) {
            send(500, `command ${cmd} failed: ${failure}`);
          } else {
            send(
              200,
              p.metadata.returnCmdOutput === 'true' ? `${cmd}: ok\n` : '',
            );
          }
          return;
        }
        record(400);
        send(400, `unknown task type ${type}`);
        return;
      }
      default:
        send(404, '404 page not found');
    }
  }

  /** `hey -z 1m -q 10 -c 2 http://backend-canary.webapp:9898/` -> simulated load. */
  private runAsync(cluster: string, namespace: string, cmd: string) {
    const hey = parseHey(cmd);
    if (!hey) {
      this.options.log(
        `loadtester ${cluster}: ran "${cmd}" (no simulated effect)`,
      );
      return;
    }
    const host = hey.host.includes('.') ? hey.host : `${hey.host}.${namespace}`;
    this.options.addLoad(
      cluster,
      host,
      hey.rps,
      hey.durationMs / this.options.timeScale,
    );
  }

  private blockingFailure(
    cluster: string,
    namespace: string,
    cmd: string,
  ): string | undefined {
    for (const match of cmd.matchAll(/https?:\/\/([a-z0-9.-]+)/gi)) {
      const behaviour = this.options.behaviourForHost(
        cluster,
        match[1],
        namespace,
      );
      if (behaviour && behaviour.errorRatio > 0.5) {
        return 'exit status 1';
      }
    }
    return undefined;
  }
}

export type HeyCommand = { host: string; rps: number; durationMs: number };

/** Parses the `hey` invocations Flagger's docs use; `-q` is per worker, `-c` workers. */
export function parseHey(cmd: string): HeyCommand | undefined {
  const words = cmd.trim().split(/\s+/);
  if (words[0] !== 'hey') {
    return undefined;
  }
  let duration = 60_000;
  let qps = 0;
  let concurrency = 50;
  let url: string | undefined;
  for (let i = 1; i < words.length; i++) {
    const w = words[i];
    if (w === '-z') {
      duration = parseHeyDuration(words[++i]) ?? duration;
    } else if (w === '-q') {
      qps = Number(words[++i]) || 0;
    } else if (w === '-c') {
      concurrency = Number(words[++i]) || concurrency;
    } else if (w.startsWith('-')) {
      if (['-H', '-m', '-d', '-n', '-t', '-A', '-T', '-a', '-x'].includes(w)) {
        i++;
      }
    } else if (/^https?:\/\//.test(w.replace(/^['"]|['"]$/g, ''))) {
      url = w.replace(/^['"]|['"]$/g, '');
    }
  }
  if (!url) {
    return undefined;
  }
  // Without -q hey sends as fast as it can; the lab caps that at 20 rps per worker.
  const rps = (qps > 0 ? qps : 20) * concurrency;
  return { host: new URL(url).hostname, rps, durationMs: duration };
}

function parseHeyDuration(text: string | undefined): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(text ?? '');
  if (!m) {
    return undefined;
  }
  const unit = { ms: 1, s: 1000, m: 60000, h: 3600000 }[m[2]]!;
  return Number(m[1]) * unit;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 1_000_000) {
        req.destroy();
        reject(new Error('body too large'));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
