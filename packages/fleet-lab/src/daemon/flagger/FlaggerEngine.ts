import type { Registry } from 'prom-client';
import { KubeClient, KubeObject } from '../../lib/KubeClient';
import { computeSpecHash } from '../../domain/specHash';
import { ImageBehaviour, deploymentBehaviour } from '../imageBehaviour';
import { USER_RPS_ANNOTATION } from '../../lib/scaleProfile';
import { RouteTable } from '../RouteTable';
import type { SimApp, SimWorkload } from '../TrafficSimulator';
import { CanaryScheduler, SchedulerDeps } from './CanaryScheduler';
import { DeploymentStatusSimulator } from './DeploymentStatusSimulator';
import { EventRecorder } from './EventRecorder';
import { FlaggerMetrics } from './FlaggerMetrics';

type Job = {
  uid: string;
  namespace: string;
  name: string;
  intervalMs: number;
  timer: NodeJS.Timeout;
  running: boolean;
};

export type FlaggerEngineOptions = {
  cluster: string;
  client: KubeClient;
  timeScale: number;
  routes: RouteTable;
  registry: Registry;
  post: SchedulerDeps['post'];
  query: SchedulerDeps['query'];
  log: (message: string) => void;
  /** How often canaries, deployments and services are listed. */
  pollMs?: number;
  /** At most this many canaries initialise or tick at once (default: no limit). */
  maxConcurrentTicks?: number;
};

function key(namespace: string | undefined, name: string) {
  return `${namespace}/${name}`;
}

/**
 * Flagger for one member cluster: a job per Canary that runs an analysis tick at the canary's
 * interval (first tick at once, restarted when the interval changes), plus the deployment
 * controller stand-in that makes Deployments look rolled out.
 */
export class FlaggerEngine {
  readonly scheduler: CanaryScheduler;
  readonly metrics: FlaggerMetrics;
  private readonly deploymentStatus: DeploymentStatusSimulator;
  private readonly events: EventRecorder;
  private readonly jobs = new Map<string, Job>();
  private canaries = new Map<string, KubeObject>();
  private deployments = new Map<string, KubeObject>();
  private services = new Set<string>();
  private pollTimer?: NodeJS.Timeout;
  private polling = false;
  private activeTicks = 0;
  private readonly waitingTicks: Array<() => void> = [];
  lastPollError?: string;

  constructor(private readonly options: FlaggerEngineOptions) {
    this.metrics = new FlaggerMetrics(options.registry, 'istio');
    this.events = new EventRecorder(options.client, options.log);
    this.deploymentStatus = new DeploymentStatusSimulator(
      options.client,
      options.log,
    );
    this.scheduler = new CanaryScheduler({
      cluster: options.cluster,
      client: options.client,
      routes: options.routes,
      events: this.events,
      metrics: this.metrics,
      timeScale: options.timeScale,
      meshProvider: 'istio',
      post: options.post,
      query: options.query,
      log: m => options.log(`[${options.cluster}] ${m}`),
    });
  }

  start() {
    const tick = async () => {
      if (this.polling) return;
      this.polling = true;
      try {
        await this.poll();
        this.lastPollError = undefined;
      } catch (error) {
        const message = (error as Error).message;
        if (message !== this.lastPollError) {
          this.options.log(`[${this.options.cluster}] poll failed: ${message}`);
        }
        this.lastPollError = message;
      } finally {
        this.polling = false;
      }
    };
    tick();
    this.pollTimer = setInterval(tick, this.options.pollMs ?? 1000);
  }

  stop() {
    if (this.pollTimer) clearInterval(this.pollTimer);
    for (const job of this.jobs.values()) clearInterval(job.timer);
    this.jobs.clear();
  }

  async poll() {
    const { client } = this.options;
    const [canaries, deployments, services] = await Promise.all([
      client.list({ apiVersion: 'flagger.app/v1beta1', kind: 'Canary' }),
      client.list({ apiVersion: 'apps/v1', kind: 'Deployment' }),
      client.list({ apiVersion: 'v1', kind: 'Service' }),
    ]);
    this.canaries = new Map(
      canaries.items.map(c => [key(c.metadata.namespace, c.metadata.name), c]),
    );
    this.deployments = new Map(
      deployments.items.map(d => [
        key(d.metadata.namespace, d.metadata.name),
        d,
      ]),
    );
    this.services = new Set(
      services.items.map(s => key(s.metadata.namespace, s.metadata.name)),
    );
    await this.deploymentStatus.reconcile(deployments.items);
    this.metrics.total.reset();
    const perNamespace = new Map<string, number>();
    for (const c of canaries.items) {
      perNamespace.set(
        c.metadata.namespace!,
        (perNamespace.get(c.metadata.namespace!) ?? 0) + 1,
      );
    }
    for (const [ns, n] of perNamespace)
      this.metrics.total.set({ namespace: ns }, n);
    this.syncJobs(canaries.items);
  }

  private syncJobs(canaries: KubeObject[]) {
    const seen = new Set<string>();
    for (const cd of canaries) {
      const uid = cd.metadata.uid!;
      seen.add(uid);
      const intervalMs = this.scheduler.intervalMs(cd);
      const existing = this.jobs.get(uid);
      if (existing && existing.intervalMs === intervalMs) {
        continue;
      }
      if (existing) {
        clearInterval(existing.timer);
      }
      const job: Job = {
        uid,
        namespace: cd.metadata.namespace!,
        name: cd.metadata.name,
        intervalMs,
        running: false,
        timer: setInterval(() => this.runJob(job), intervalMs),
      };
      this.jobs.set(uid, job);
      this.limited(() => this.scheduler.ensureInitializing(cd))
        .catch(error =>
          this.options.log(
            `[${this.options.cluster}] ${job.namespace}/${job.name}: ${
              (error as Error).message
            }`,
          ),
        )
        .finally(() => this.runJob(job));
    }
    for (const [uid, job] of this.jobs) {
      if (!seen.has(uid)) {
        clearInterval(job.timer);
        this.jobs.delete(uid);
        this.events.forget(uid);
        this.options.routes.delete(
          RouteTable.key(this.options.cluster, job.namespace, job.name),
        );
      }
    }
  }

  /** Runs `fn` when fewer than `maxConcurrentTicks` others run (so thousands of canaries queue). */
  private async limited<T>(fn: () => Promise<T>): Promise<T> {
    const limit = this.options.maxConcurrentTicks ?? Infinity;
    if (this.activeTicks >= limit) {
      await new Promise<void>(resolve => this.waitingTicks.push(resolve));
    }
    this.activeTicks++;
    try {
      return await fn();
    } finally {
      this.activeTicks--;
      this.waitingTicks.shift()?.();
    }
  }

  private async runJob(job: Job) {
    if (job.running) {
      return;
    }
    job.running = true;
    try {
      await this.limited(() => this.scheduler.advance(job.name, job.namespace));
    } catch (error) {
      this.options.log(
        `[${this.options.cluster}] ${job.namespace}/${job.name}: tick failed: ${
          (error as Error).stack ?? error
        }`,
      );
    } finally {
      job.running = false;
    }
  }

  hasService(namespace: string, name: string): boolean {
    return this.services.has(key(namespace, name));
  }

  private workload(
    namespace: string,
    name: string,
    service: string,
  ): SimWorkload | undefined {
    const d = this.deployments.get(key(namespace, name));
    if (!d) return undefined;
    return {
      deployment: name,
      service,
      available: (d.status?.availableReplicas ?? 0) > 0,
      replicas: d.spec?.replicas ?? 1,
      behaviour: deploymentBehaviour(d),
      templateHash: computeSpecHash(d.spec?.template ?? {}),
    };
  }

  /** What the traffic simulator needs: every canary's workloads and routes. */
  trafficView(): SimApp[] {
    const apps: SimApp[] = [];
    for (const cd of this.canaries.values()) {
      const ns = cd.metadata.namespace!;
      const targetName = cd.spec?.targetRef?.name;
      if (!targetName) continue;
      const apex = cd.spec.service?.name || targetName;
      const primary = this.workload(
        ns,
        `${targetName}-primary`,
        `${apex}-primary`,
      );
      const target = this.workload(
        ns,
        targetName,
        primary ? `${apex}-canary` : apex,
      );
      if (!target) continue;
      const provider = cd.spec.provider ?? 'istio';
      const userRps = Number(cd.metadata.annotations?.[USER_RPS_ANNOTATION]);
      apps.push({
        namespace: ns,
        apexService: apex,
        port: cd.spec.service?.port ?? 80,
        mesh: ['linkerd', 'kuma'].includes(provider) ? provider : 'istio',
        target,
        primary,
        routes: this.options.routes.get(
          RouteTable.key(this.options.cluster, ns, cd.metadata.name),
        ),
        ...(Number.isFinite(userRps) && userRps >= 0 ? { userRps } : {}),
      });
    }
    return apps;
  }

  /** The behaviour of the workload behind `<service>[.<namespace>]` (for simulated test commands). */
  behaviourForHost(
    host: string,
    namespace: string,
  ): ImageBehaviour | undefined {
    const [svc, ns = namespace] = host.split('.');
    for (const app of this.trafficView()) {
      if (app.namespace !== ns) continue;
      if (
        svc === `${app.apexService}-canary` ||
        (!app.primary && svc === app.apexService)
      ) {
        return app.target.behaviour;
      }
      if (svc === `${app.apexService}-primary` || svc === app.apexService) {
        return app.primary?.behaviour;
      }
    }
    return undefined;
  }

  summary() {
    return [...this.canaries.values()].map(c => ({
      namespace: c.metadata.namespace,
      name: c.metadata.name,
      phase: c.status?.phase,
      canaryWeight: c.status?.canaryWeight,
      failedChecks: c.status?.failedChecks,
      routes: this.options.routes.get(
        RouteTable.key(
          this.options.cluster,
          c.metadata.namespace!,
          c.metadata.name,
        ),
      ),
    }));
  }
}
