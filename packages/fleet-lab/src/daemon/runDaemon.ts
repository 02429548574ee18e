import http from 'node:http';
import { labConfig } from '../lib/config';
import { clientFor, requireLabInfo } from '../lib/labInfo';
import { exampleManifest } from '../lib/manifests';
import { httpRequest, isLoopbackUrl } from '../lib/net';
import { labPaths } from '../lib/paths';
import {
  SCALE_FLAGGER_POLL_MS,
  SCALE_TICK_CONCURRENCY,
} from '../lib/scaleProfile';

import { AdaptiveLimiter } from './flagger/AdaptiveLimiter';
import { NoValuesFoundError } from './flagger/CanaryScheduler';
import { FlaggerEngine } from './flagger/FlaggerEngine';
import { KuratorEngine } from './kurator/KuratorEngine';
import { LoadtesterStub } from './LoadtesterStub';
import { RouteTable } from './RouteTable';
import { TrafficSimulator } from './TrafficSimulator';

function log(message: string) {
  process.stdout.write(`${new Date().toISOString()} ${message}\n`);
}

/** Kurator installs flagger-loadtester 0.29.0; the image name comes from the demo's loadtester. */
function testloaderImage(): string {
  const [deployment] = exampleManifest('loadtester.yaml');
  const image: string = deployment.spec.template.spec.containers[0].image;
  return image.replace(/:[^:/]+$/, ':0.29.0');
}

/** Errors the way Go's HTTP client words them, so webhook event texts look like Flagger's. */
function goHttpError(method: string, url: string, error: Error): Error {
  const text = error.message.includes('timeout')
    ? 'context deadline exceeded (Client.Timeout exceeded while awaiting headers)'
    : error.message;
  return new Error(
    `${method[0]}${method.slice(1).toLowerCase()} "${url}": ${text}`,
  );
}

/**
 * The lab daemon: one Flagger engine per member, the Kurator engine on the host, the traffic
 * simulator and the loadtester stubs, with an HTTP server on 127.0.0.1 for Prometheus scrapes
 * (`/metrics/<cluster>`), loadtesters (`/loadtester/<cluster>/<ns>/<svc>/...`) and `/status`.
 */
export async function runDaemon(options: { timeScale: number }) {
  const paths = labPaths();
  const config = labConfig();
  const info = requireLabInfo();
  const timeScale = options.timeScale;
  const members = info.clusters.filter(c => c.role === 'member');
  const host = info.clusters.find(c => c.role === 'host')!;
  const routes = new RouteTable(paths.routesJson);
  const engines = new Map<string, FlaggerEngine>();
  log(
    `fleet-lab daemon starting (time scale ${timeScale}x, pid ${process.pid})`,
  );

  const simulator = new TrafficSimulator({
    clusters: members.map(m => m.name),
    userRps: config.userTrafficRps,
    view: cluster => engines.get(cluster)?.trafficView() ?? [],
  });

  const loadtesters = new LoadtesterStub({
    timeScale,
    addLoad: (cluster, hostName, rps, durationMs) =>
      simulator.addLoad(cluster, hostName, rps, durationMs),
    behaviourForHost: (cluster, hostName, namespace) =>
      engines.get(cluster)?.behaviourForHost(hostName, namespace),
    log,
  });

  for (const member of members) {
    const prometheusUrl = member.prometheusUrl!;
    const engine: FlaggerEngine = new FlaggerEngine({
      cluster: member.name,
      client: clientFor(member, 'admin'),
      timeScale,
      routes,
      // A scale lab's engines read watch-fed caches (tens of members share two cores) and tick
      // as many canaries at once as the API servers answer quickly.
      pollMs: info.profile ? SCALE_FLAGGER_POLL_MS : undefined,
      cache: !!info.profile,
      watchClient: info.profile ? clientFor(member, 'admin') : undefined,
      limiter: info.profile
        ? new AdaptiveLimiter(SCALE_TICK_CONCURRENCY)
        : undefined,
      registry: simulator.registry(member.name)!,
      log,
      post: async (rawUrl, namespace, body, timeoutMs) => {
        let url: URL;
        try {
          url = new URL(rawUrl);
        } catch {
          throw new Error(`parse "${rawUrl}": invalid URI for request`);
        }
        let target = rawUrl;
        if (!isLoopbackUrl(url)) {
          const parts = url.hostname.split('.');
          const svc = parts[0];
          const ns = parts[1] ?? namespace;
          const inCluster = parts.length <= 2 || parts[2] === 'svc';
          if (!inCluster || !engine.hasService(ns, svc)) {
            throw new Error(
              `Post "${rawUrl}": dial tcp: lookup ${url.hostname} on 10.96.0.10:53: no such host`,
            );
          }
          target = `http://127.0.0.1:${config.daemonPort}/loadtester/${member.name}/${ns}/${svc}${url.pathname}${url.search}`;
        }
        try {
          return await httpRequest(target, {
            method: 'POST',
            body,
            headers: { 'Content-Type': 'application/json' },
            timeoutMs,
          });
        } catch (error) {
          throw goHttpError('POST', rawUrl, error as Error);
        }
      },
      query: async (address, query) => {
        // Every in-cluster metrics server (prometheus:9090, prometheus-server.mesh-observability,
        // prometheus.linkerd-viz...) is this member's Prometheus; loopback addresses are used as given.
        let base = prometheusUrl;
        if (address) {
          try {
            if (isLoopbackUrl(new URL(address)))
              base = address.replace(/\/$/, '');
          } catch {
            throw new Error(`parse "${address}": invalid URI for request`);
          }
        }
        const url = `${base}/api/v1/query?query=${encodeURIComponent(
          query.replace(/\s+/g, ' ').trim(),
        )}`;
        let res;
        try {
          res = await httpRequest(url, { timeoutMs: 5000 });
        } catch (error) {
          throw goHttpError('GET', url, error as Error);
        }
        if (res.status !== 200) {
          throw new Error(`error response: ${res.body}`);
        }
        const json = JSON.parse(res.body);
        const result: Array<{ value: [number, string] }> =
          json?.data?.result ?? [];
        if (json?.data?.resultType === 'matrix') {
          throw new Error('matrix results are not supported');
        }
        if (result.length < 1) throw new NoValuesFoundError();
        let value = NaN;
        for (const r of result) value = Number.parseFloat(r.value[1]);
        if (Number.isNaN(value)) throw new NoValuesFoundError();
        return value;
      },
    });
    engines.set(member.name, engine);
  }

  const kurator = new KuratorEngine({
    client: clientFor(host, 'admin'),
    timeScale,
    testloaderImage: testloaderImage(),
    log,
  });

  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const parts = url.pathname.split('/').filter(Boolean);
      if (url.pathname === '/healthz') {
        res.writeHead(200).end('ok');
        return;
      }
      if (parts[0] === 'metrics' && parts[1]) {
        const registry = simulator.registry(parts[1]);
        if (!registry) {
          res.writeHead(404).end(`unknown cluster ${parts[1]}`);
          return;
        }
        res.writeHead(200, { 'Content-Type': registry.contentType });
        res.end(await registry.metrics());
        return;
      }
      if (parts[0] === 'loadtester' && parts.length >= 4) {
        const rest = `/${parts.slice(4).join('/')}`;
        await loadtesters.handle(
          req,
          res,
          parts[1],
          parts[2],
          parts[3],
          rest === '/' ? '/' : rest,
        );
        return;
      }
      if (url.pathname === '/status') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(
          JSON.stringify(
            {
              pid: process.pid,
              timeScale,
              kurator: {
                resyncSeconds: kurator.resyncMs / 1000,
                reconciles: kurator.reconciles,
                lastError: kurator.lastError,
              },
              clusters: Object.fromEntries(
                [...engines].map(([name, e]) => [
                  name,
                  {
                    canaries: e.summary(),
                    loads: simulator.activeLoads(name),
                    lastError: e.lastPollError,
                  },
                ]),
              ),
              loadtesterTasks: loadtesters.taskLog.slice(-50),
            },
            null,
            2,
          ),
        );
        return;
      }
      res.writeHead(404).end('not found');
    } catch (error) {
      res.writeHead(500).end(String((error as Error).message));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.daemonPort, '127.0.0.1', () => resolve());
  });

  simulator.start();
  for (const engine of engines.values()) engine.start();
  kurator.start();
  log(`fleet-lab daemon listening on 127.0.0.1:${config.daemonPort}`);

  await new Promise<void>(resolve => {
    const shutdown = (signal: string) => {
      log(`received ${signal}, stopping`);
      simulator.stop();
      kurator.stop();
      for (const engine of engines.values()) engine.stop();
      server.close(() => resolve());
      setTimeout(resolve, 2000).unref();
    };
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    process.once('SIGINT', () => shutdown('SIGINT'));
  });
}
