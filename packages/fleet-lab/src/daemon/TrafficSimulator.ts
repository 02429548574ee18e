import { Counter, Histogram, Registry } from 'prom-client';
import type { ImageBehaviour } from './imageBehaviour';
import type { Routes } from './RouteTable';

/** One Deployment that serves requests. */
export type SimWorkload = {
  deployment: string;
  /** The Service the mesh reaches it through (`<apex>-primary`, `<apex>-canary` or the apex). */
  service: string;
  available: boolean;
  replicas: number;
  behaviour: ImageBehaviour;
  /** Stable pod-template hash used in simulated pod names. */
  templateHash: string;
};

/** A service receiving user traffic: the target, and once Flagger initialised it, its primary. */
export type SimApp = {
  namespace: string;
  apexService: string;
  port: number;
  /** The mesh whose telemetry is exported (istio, linkerd, kuma; others export Istio's). */
  mesh: string;
  target: SimWorkload;
  primary?: SimWorkload;
  routes?: Routes;
  /** Requests per second of user traffic to this app, when not the simulator's default. */
  userRps?: number;
};

/** A load test started through a loadtester (`hey -z <d> -q <qps> -c <n> <url>`). */
export type LoadTask = { host: string; rps: number; until: number };

const MS_BUCKETS = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];
/** Share of users whose requests match an A/B `analysis.match`. */
const MATCHED_SHARE = 0.1;

class ClusterTelemetry {
  readonly registry = new Registry();
  /** Pods (namespace/pod) with the statuses they answered and when they last served. */
  private readonly pods = new Map<
    string,
    { statuses: Set<string>; seen: number }
  >();
  readonly istioRequests: Counter;
  readonly istioDuration: Histogram;
  readonly linkerdResponses: Counter;
  readonly linkerdLatency: Histogram;
  readonly envoyRq: Counter;
  readonly envoyRqTime: Histogram;
  readonly httpRequests: Counter;
  readonly httpDuration: Histogram;

  constructor(cluster: string) {
    const registers = [this.registry];
    this.registry.setDefaultLabels({});
    this.istioRequests = new Counter({
      name: 'istio_requests_total',
      help: `Simulated Istio requests in ${cluster}`,
      labelNames: [
        'reporter',
        'destination_workload',
        'destination_workload_namespace',
        'destination_service',
        'destination_service_name',
        'response_code',
      ],
      registers,
    });
    this.istioDuration = new Histogram({
      name: 'istio_request_duration_milliseconds',
      help: 'Simulated Istio request durations',
      labelNames: [
        'reporter',
        'destination_workload',
        'destination_workload_namespace',
        'destination_service_name',
      ],
      buckets: MS_BUCKETS,
      registers,
    });
    this.linkerdResponses = new Counter({
      name: 'response_total',
      help: 'Simulated Linkerd proxy responses',
      labelNames: [
        'namespace',
        'deployment',
        'direction',
        'classification',
        'status_code',
      ],
      registers,
    });
    this.linkerdLatency = new Histogram({
      name: 'response_latency_ms',
      help: 'Simulated Linkerd proxy latencies',
      labelNames: ['namespace', 'deployment', 'direction'],
      buckets: MS_BUCKETS,
      registers,
    });
    this.envoyRq = new Counter({
      name: 'envoy_cluster_upstream_rq',
      help: 'Simulated Kuma (Envoy) upstream requests',
      labelNames: ['service', 'envoy_response_code'],
      registers,
    });
    this.envoyRqTime = new Histogram({
      name: 'envoy_cluster_upstream_rq_time',
      help: 'Simulated Kuma (Envoy) upstream request times',
      labelNames: ['service'],
      buckets: MS_BUCKETS,
      registers,
    });
    this.httpRequests = new Counter({
      name: 'http_requests_total',
      help: 'Simulated application requests (podinfo style)',
      labelNames: ['namespace', 'pod', 'status'],
      registers,
    });
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Simulated application request durations',
      labelNames: ['kubernetes_namespace', 'kubernetes_pod_name', 'status'],
      buckets: MS_BUCKETS.map(b => b / 1000),
      registers,
    });
  }

  podServed(namespace: string, pod: string, status: string) {
    const key = `${namespace}/${pod}`;
    const entry = this.pods.get(key) ?? {
      statuses: new Set<string>(),
      seen: 0,
    };
    entry.statuses.add(status);
    entry.seen = Date.now();
    this.pods.set(key, entry);
  }

  /**
   * Drops the series of pods that stopped serving (replaced by a rollout), as their exporter would
   * disappear with them; keeps the daemon's memory flat over many rollouts.
   */
  forgetIdlePods(idleMs: number, now = Date.now()) {
    for (const [key, entry] of this.pods) {
      if (now - entry.seen < idleMs) continue;
      const [namespace, pod] = key.split('/');
      for (const status of entry.statuses) {
        this.httpRequests.remove({ namespace, pod, status });
        this.httpDuration.remove({
          kubernetes_namespace: namespace,
          kubernetes_pod_name: pod,
          status,
        });
      }
      this.pods.delete(key);
    }
  }
}

function podSuffix(index: number): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let n = (index + 1) * 7919;
  let out = '';
  for (let i = 0; i < 5; i++) {
    out += alphabet[n % alphabet.length];
    n = Math.floor(n / alphabet.length) + 13 * (i + 1);
  }
  return out;
}

/**
 * Generates the requests of every workload of every member cluster a few times a second and
 * records them as Istio, Linkerd, Kuma and application metrics, following the current routes and
 * each image's behaviour. Prometheus scrapes `/metrics/<cluster>`.
 */
export class TrafficSimulator {
  private readonly telemetry = new Map<string, ClusterTelemetry>();
  private readonly loads = new Map<string, LoadTask[]>();
  private readonly carry = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  private last = Date.now();
  private lastCleanup = Date.now();
  private random: () => number;

  constructor(
    private readonly options: {
      clusters: string[];
      userRps: number;
      view: (cluster: string) => SimApp[];
      tickMs?: number;
      random?: () => number;
    },
  ) {
    for (const c of options.clusters) {
      this.telemetry.set(c, new ClusterTelemetry(c));
    }
    this.random = options.random ?? Math.random;
  }

  registry(cluster: string): Registry | undefined {
    return this.telemetry.get(cluster)?.registry;
  }

  start() {
    this.last = Date.now();
    this.timer = setInterval(() => this.tick(), this.options.tickMs ?? 250);
  }

  stop() {
    if (this.timer) {
      clearInterval(this.timer);
    }
  }

  /** Adds load towards `host` (`<service>.<namespace>[.svc...]`) for `durationMs`. */
  addLoad(cluster: string, host: string, rps: number, durationMs: number) {
    const list = this.loads.get(cluster) ?? [];
    list.push({ host, rps, until: Date.now() + durationMs });
    this.loads.set(cluster, list);
  }

  activeLoads(cluster: string): LoadTask[] {
    const now = Date.now();
    const list = (this.loads.get(cluster) ?? []).filter(l => l.until > now);
    this.loads.set(cluster, list);
    return list;
  }

  tick(now = Date.now()) {
    const dt = Math.min(5, Math.max(0, (now - this.last) / 1000));
    this.last = now;
    if (now - this.lastCleanup > 60_000) {
      this.lastCleanup = now;
      for (const t of this.telemetry.values())
        t.forgetIdlePods(10 * 60_000, now);
    }
    for (const cluster of this.options.clusters) {
      const t = this.telemetry.get(cluster)!;
      const apps = this.options.view(cluster);
      const loads = this.activeLoads(cluster);
      for (const app of apps) {
        for (const [workload, rps] of this.destinations(app, loads)) {
          this.serve(cluster, t, app, workload, rps * dt);
        }
      }
    }
  }

  /** Requests per second each workload of an app receives now. */
  destinations(app: SimApp, loads: LoadTask[]): Array<[SimWorkload, number]> {
    const out: Array<[SimWorkload, number]> = [];
    const add = (w: SimWorkload | undefined, rps: number) => {
      if (!w || rps <= 0 || !w.available || w.replicas <= 0) {
        return;
      }
      const existing = out.find(([x]) => x === w);
      if (existing) {
        existing[1] += rps;
      } else {
        out.push([w, rps]);
      }
    };
    const user = app.userRps ?? this.options.userRps;
    const apex = (rps: number) => {
      if (!app.primary) {
        add(app.target, rps);
        return;
      }
      const routes = app.routes ?? {
        primary: 100,
        canary: 0,
        mirrored: false,
        matched: false,
      };
      if (routes.mirrored) {
        add(app.primary, rps);
        add(app.target, rps);
        return;
      }
      const canaryShare = routes.matched
        ? (MATCHED_SHARE * routes.canary) / 100
        : routes.canary / 100;
      add(app.target, rps * canaryShare);
      add(app.primary, rps * (1 - canaryShare));
    };
    apex(user);
    for (const load of loads) {
      const [svc, ns] = load.host.split('.');
      if ((ns ?? app.namespace) !== app.namespace) {
        continue;
      }
      if (svc === app.apexService) {
        apex(load.rps);
      } else if (svc === `${app.apexService}-canary`) {
        add(app.target, load.rps);
      } else if (svc === `${app.apexService}-primary`) {
        add(app.primary, load.rps);
      }
    }
    return out;
  }

  private serve(
    cluster: string,
    t: ClusterTelemetry,
    app: SimApp,
    w: SimWorkload,
    expected: number,
  ) {
    const key = `${cluster}/${app.namespace}/${w.deployment}`;
    const total = (this.carry.get(key) ?? 0) + expected;
    const count = Math.floor(total);
    this.carry.set(key, total - count);
    const ns = app.namespace;
    for (let i = 0; i < count; i++) {
      const failed = this.random() < w.behaviour.errorRatio;
      const code = failed ? '500' : '200';
      const [lo, hi] = w.behaviour.latencyMs;
      const u = this.random();
      const ms = lo + (hi - lo) * u * u;
      const pod = `${w.deployment}-${w.templateHash.slice(0, 10)}-${podSuffix(
        i % Math.max(1, w.replicas),
      )}`;
      t.podServed(ns, pod, code);
      t.httpRequests.inc({ namespace: ns, pod, status: code });
      t.httpDuration.observe(
        { kubernetes_namespace: ns, kubernetes_pod_name: pod, status: code },
        ms / 1000,
      );
      if (app.mesh === 'linkerd') {
        t.linkerdResponses.inc({
          namespace: ns,
          deployment: w.deployment,
          direction: 'inbound',
          classification: failed ? 'failure' : 'success',
          status_code: code,
        });
        t.linkerdLatency.observe(
          { namespace: ns, deployment: w.deployment, direction: 'inbound' },
          ms,
        );
      } else if (app.mesh === 'kuma') {
        const service = `${w.service}_${ns}_svc_${app.port}`;
        t.envoyRq.inc({ service, envoy_response_code: code });
        t.envoyRqTime.observe({ service }, ms);
      } else {
        t.istioRequests.inc({
          reporter: 'destination',
          destination_workload: w.deployment,
          destination_workload_namespace: ns,
          destination_service: `${w.service}.${ns}.svc.cluster.local`,
          destination_service_name: w.service,
          response_code: code,
        });
        t.istioDuration.observe(
          {
            reporter: 'destination',
            destination_workload: w.deployment,
            destination_workload_namespace: ns,
            destination_service_name: w.service,
          },
          ms,
        );
      }
    }
  }
}
