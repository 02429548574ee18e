import type { Registry } from 'prom-client';
import { KubeClient, KubeObject, ResourceRef } from '../../lib/KubeClient';
import { ObjectCache, objectKey } from '../../lib/ObjectCache';
import { ImageBehaviour, deploymentBehaviour } from '../imageBehaviour';
import { USER_RPS_ANNOTATION } from '../../lib/scaleProfile';
import { RouteTable } from '../RouteTable';
import type { SimApp, SimWorkload } from '../TrafficSimulator';
import { CanaryScheduler, SchedulerDeps } from './CanaryScheduler';
import { DeploymentStatusSimulator } from './DeploymentStatusSimulator';
import { EventRecorder } from './EventRecorder';
import { FlaggerMetrics } from './FlaggerMetrics';
import { templateHash } from './templateHash';

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
  /**
   * How often canaries, deployments and services are listed; with `cache`, how often the jobs and
   * deployment statuses are checked against the caches (no API request unless something differs).
   */
  pollMs?: number;
  /**
   * Keep watch-fed caches of the member's Canaries, Deployments and Services (as Flagger's
   * informers do) instead of listing them every `pollMs` and reading them on every tick.
   */
  cache?: boolean;
  /** The client the caches watch with (long-lived requests), default `client`. */
  watchClient?: KubeClient;
  /** Bounds how many canaries initialise or tick at once (default: no limit). */
  limiter?: { run<T>(fn: () => Promise<T>): Promise<T> };
};

function key(namespace: string | undefined, name: string) {
  return `${namespace}/${name}`;
}

const CANARIES: ResourceRef = {
  apiVersion: 'flagger.app/v1beta1',
  kind: 'Canary',
};
const DEPLOYMENTS: ResourceRef = { apiVersion: 'apps/v1', kind: 'Deployment' };
const SERVICES: ResourceRef = { apiVersion: 'v1', kind: 'Service' };

type Caches = {
  canaries: ObjectCache;
  deployments: ObjectCache;
  services: ObjectCache;
};

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
  /** Bumped whenever the canaries or deployments the traffic view is built from change. */
  private objectsVersion = 0;
  private view?: {
    version: number;
    apps: Array<{ app: SimApp; routeKey: string }>;
  };
  private services = new Set<string>();
  private pollTimer?: NodeJS.Timeout;
  private polling = false;
  private readonly caches?: Caches;
  private synced = false;
  private syncTimer?: NodeJS.Timeout;
  /** Deployments whose status may need writing (cache mode). */
  private readonly dirtyDeployments = new Set<string>();
  private draining = false;
  private stopped = false;
  lastPollError?: string;

  constructor(private readonly options: FlaggerEngineOptions) {
    this.metrics = new FlaggerMetrics(options.registry, 'istio');
    this.events = new EventRecorder(options.client, options.log, {
      byNamespace: !!options.cache,
    });
    this.deploymentStatus = new DeploymentStatusSimulator(
      options.client,
      options.log,
    );
    if (options.cache) {
      const client = options.watchClient ?? options.client;
      const log = (m: string) => options.log(`[${options.cluster}] ${m}`);
      this.caches = {
        canaries: new ObjectCache({
          client,
          ref: CANARIES,
          log,
          onChange: () => {
            this.objectsVersion++;
            this.scheduleSync();
          },
        }),
        deployments: new ObjectCache({
          client,
          ref: DEPLOYMENTS,
          log,
          onChange: (type, d) => {
            this.objectsVersion++;
            if (type !== 'DELETED') {
              this.dirtyDeployments.add(
                objectKey(d.metadata.namespace, d.metadata.name),
              );
              this.drainDeployments();
            }
          },
        }),
        services: new ObjectCache({ client, ref: SERVICES, log }),
      };
    }
    const caches = this.caches;
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
      reader: caches && {
        canary: (ns, name) => caches.canaries.get(ns, name),
        deployment: (ns, name) => caches.deployments.get(ns, name),
        service: (ns, name) => caches.services.get(ns, name),
      },
    });
  }

  start() {
    if (this.caches) {
      this.startCached(this.caches);
      return;
    }
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
    this.stopped = true;
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.syncTimer) clearTimeout(this.syncTimer);
    for (const job of this.jobs.values()) clearInterval(job.timer);
    this.jobs.clear();
    if (this.caches) {
      for (const cache of Object.values(this.caches)) cache.stop();
    }
  }

  private startCached(caches: Caches) {
    const all = Object.values(caches) as ObjectCache[];
    for (const cache of all) cache.start();
    Promise.all(all.map(c => c.whenSynced())).then(() => {
      if (this.stopped) return;
      this.synced = true;
      this.resync();
    });
    this.pollTimer = setInterval(
      () => this.resync(),
      this.options.pollMs ?? 1000,
    );
  }

  /** Cache mode: a Canary changed; jobs are brought in line shortly after (changes come in bursts). */
  private scheduleSync() {
    if (!this.synced || this.syncTimer || this.stopped) return;
    this.syncTimer = setTimeout(() => {
      this.syncTimer = undefined;
      this.syncFromCache();
    }, 100);
  }

  private syncFromCache() {
    const caches = this.caches!;
    const canaries = caches.canaries.values();
    this.updateTotals(canaries);
    this.syncJobs(canaries);
    const errors = Object.values(caches)
      .map((c: ObjectCache) => c.lastError)
      .filter(Boolean);
    this.lastPollError = errors[0];
  }

  /**
   * Cache mode, every `pollMs`: jobs and deployment statuses checked against the caches (what the
   * watch events already did, unless a write failed); no API request unless something differs.
   */
  private resync() {
    if (!this.synced || this.stopped) return;
    this.syncFromCache();
    for (const d of this.caches!.deployments.values()) {
      this.dirtyDeployments.add(
        objectKey(d.metadata.namespace, d.metadata.name),
      );
    }
    this.drainDeployments();
  }

  /** Writes the status of the deployments marked dirty, one at a time. */
  private async drainDeployments() {
    if (this.draining || !this.synced || this.stopped) return;
    this.draining = true;
    try {
      while (this.dirtyDeployments.size > 0 && !this.stopped) {
        const keys = [...this.dirtyDeployments];
        this.dirtyDeployments.clear();
        const deployments: KubeObject[] = [];
        for (const k of keys) {
          const slash = k.indexOf('/');
          const d = this.caches!.deployments.get(
            k.slice(0, slash),
            k.slice(slash + 1),
          );
          if (d) deployments.push(d);
        }
        await this.deploymentStatus.reconcile(deployments);
      }
    } catch (error) {
      this.options.log(
        `[${this.options.cluster}] deployment status: ${
          (error as Error).message
        }`,
      );
    } finally {
      this.draining = false;
    }
  }

  private updateTotals(canaries: KubeObject[]) {
    this.metrics.total.reset();
    const perNamespace = new Map<string, number>();
    for (const c of canaries) {
      perNamespace.set(
        c.metadata.namespace!,
        (perNamespace.get(c.metadata.namespace!) ?? 0) + 1,
      );
    }
    for (const [ns, n] of perNamespace)
      this.metrics.total.set({ namespace: ns }, n);
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
    this.objectsVersion++;
    await this.deploymentStatus.reconcile(deployments.items);
    this.updateTotals(canaries.items);
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
      // a cached Canary is the cache's: the scheduler writes into the object it is given
      const own = this.caches ? structuredClone(cd) : cd;
      this.limited(() => this.scheduler.ensureInitializing(own))
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
        this.scheduler.forget(job.namespace, job.name);
        this.options.routes.delete(
          RouteTable.key(this.options.cluster, job.namespace, job.name),
        );
      }
    }
  }

  /** Runs `fn` through the limiter, if any (so thousands of canaries queue). */
  private limited<T>(fn: () => Promise<T>): Promise<T> {
    return this.options.limiter ? this.options.limiter.run(fn) : fn();
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
    if (this.caches) return !!this.caches.services.get(namespace, name);
    return this.services.has(key(namespace, name));
  }

  private deployment(namespace: string, name: string) {
    if (this.caches) return this.caches.deployments.get(namespace, name);
    return this.deployments.get(key(namespace, name));
  }

  private canaryList(): Iterable<KubeObject> {
    return this.caches ? this.caches.canaries.values() : this.canaries.values();
  }

  private workload(
    namespace: string,
    name: string,
    service: string,
  ): SimWorkload | undefined {
    const d = this.deployment(namespace, name);
    if (!d) return undefined;
    return {
      deployment: name,
      service,
      available: (d.status?.availableReplicas ?? 0) > 0,
      replicas: d.spec?.replicas ?? 1,
      behaviour: deploymentBehaviour(d),
      templateHash: templateHash(d),
    };
  }

  /**
   * What the traffic simulator needs (several times a second): every canary's workloads and
   * routes. The workloads are rebuilt only when a canary or deployment changed; the routes are
   * read each time.
   */
  trafficView(): SimApp[] {
    if (!this.view || this.view.version !== this.objectsVersion) {
      this.view = { version: this.objectsVersion, apps: this.buildView() };
    }
    return this.view.apps.map(({ app, routeKey }) => ({
      ...app,
      routes: this.options.routes.get(routeKey),
    }));
  }

  private buildView(): Array<{ app: SimApp; routeKey: string }> {
    const apps: Array<{ app: SimApp; routeKey: string }> = [];
    for (const cd of this.canaryList()) {
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
        app: {
          namespace: ns,
          apexService: apex,
          port: cd.spec.service?.port ?? 80,
          mesh: ['linkerd', 'kuma'].includes(provider) ? provider : 'istio',
          target,
          primary,
          ...(Number.isFinite(userRps) && userRps >= 0 ? { userRps } : {}),
        },
        routeKey: RouteTable.key(this.options.cluster, ns, cd.metadata.name),
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
    return [...this.canaryList()].map(c => ({
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
