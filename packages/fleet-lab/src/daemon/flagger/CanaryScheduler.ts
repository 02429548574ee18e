import type { CanaryPhase } from '@backstage-canary/plugin-canary-common';
import {
  KubeClient,
  KubeObject,
  isConflict,
  isNotFound,
} from '../../lib/KubeClient';
import { kubeNow, makeStatusConditions } from '../../domain/canaryConditions';
import { templateHash } from './templateHash';
import {
  type FlaggerEventName,
  flaggerEvent,
} from '../../domain/flaggerEvents';
import { parseGoDuration } from '../../domain/goFormat';
import { OBSERVER_QUERIES, observerFor } from '../../domain/flaggerQueries';
import {
  type QueryModel,
  renderQuery,
  TemplateError,
} from '../../domain/goTemplate';
import { webhookChecksum } from '../../domain/webhookChecksum';
import { RouteTable, Routes } from '../RouteTable';
import { deploymentReadiness } from './deploymentReadiness';
import { EventRecorder } from './EventRecorder';
import { FlaggerMetrics } from './FlaggerMetrics';

/** Prometheus answered with no series or NaN (Flagger's ErrNoValuesFound). */
export class NoValuesFoundError extends Error {
  constructor() {
    super('no values found');
  }
}

export type SchedulerDeps = {
  cluster: string;
  client: KubeClient;
  routes: RouteTable;
  events: EventRecorder;
  metrics: FlaggerMetrics;
  /** Wall-clock speed-up: intervals, deadlines and query windows are divided by it. */
  timeScale: number;
  /** The controller's `-mesh-provider` (Kurator installs Flagger with the default, istio). */
  meshProvider: string;
  /** POSTs a webhook payload to an in-cluster or loopback URL; resolves the HTTP status and body. */
  post: (
    url: string,
    namespace: string,
    body: string,
    timeoutMs: number,
  ) => Promise<{ status: number; body: string }>;
  /** Runs an instant query on the Prometheus behind a metrics server address. */
  query: (address: string | undefined, query: string) => Promise<number>;
  log: (message: string) => void;
  /**
   * Watch-fed copies of the member's Canaries, Deployments and Services (a scale lab's engines).
   * Without them every read is a GET, as in the demo lab.
   */
  reader?: CachedReads;
};

/**
 * Reads from informer-style caches. An object the cache does not hold is still read from the API
 * (so "not found" answers and errors stay the API's), and a Canary the cache holds in a version
 * older than the scheduler's own last write is read from the API too.
 */
export type CachedReads = {
  canary(namespace: string, name: string): KubeObject | undefined;
  deployment(namespace: string, name: string): KubeObject | undefined;
  service(namespace: string, name: string): KubeObject | undefined;
};

/** resourceVersions are etcd revisions in the lab: a smaller one is an older version. */
function olderThan(object: KubeObject, resourceVersion: number | undefined) {
  const own = Number(object.metadata.resourceVersion);
  return (
    resourceVersion !== undefined &&
    Number.isFinite(own) &&
    own < resourceVersion
  );
}

const FLAGGER_GROUP_VERSION = 'flagger.app/v1beta1';
/** Shortest analysis period when the lab runs sped up. */
export const MIN_SCALED_TICK_MS = 3000;
const ACTIVE_PHASES: CanaryPhase[] = [
  'Progressing',
  'WaitingPromotion',
  'Promoting',
  'Finalising',
];

type Canary = KubeObject;
type Webhook = {
  name: string;
  type?: string;
  url: string;
  timeout?: string;
  retries?: number;
  metadata?: Record<string, string>;
};

/**
 * One Flagger analysis tick for one Canary (pkg/controller/scheduler.go `advanceCanary` and the
 * hooks of scheduler_hooks.go / scheduler_metrics.go), for Deployment targets.
 */
export class CanaryScheduler {
  /** resourceVersion of this scheduler's last write of each Canary (with a cache only). */
  private readonly written = new Map<string, number>();

  constructor(private readonly deps: SchedulerDeps) {}

  // ---------------------------------------------------------------- helpers

  private analysis(cd: Canary): any {
    return cd.spec.analysis ?? cd.spec.canaryAnalysis ?? {};
  }

  private skipAnalysis(cd: Canary): boolean {
    return (
      !!cd.spec.skipAnalysis || !(cd.spec.analysis ?? cd.spec.canaryAnalysis)
    );
  }

  private threshold(cd: Canary): number {
    const t = this.analysis(cd).threshold ?? 0;
    return t > 0 ? t : 1;
  }

  private target(cd: Canary): string {
    return cd.spec.targetRef.name;
  }

  private serviceName(cd: Canary): string {
    return cd.spec.service?.name || this.target(cd);
  }

  private routeKey(cd: Canary): string {
    return RouteTable.key(
      this.deps.cluster,
      cd.metadata.namespace!,
      cd.metadata.name,
    );
  }

  private maxWeight(cd: Canary): number {
    const a = this.analysis(cd);
    const steps: number[] = a.stepWeights ?? [];
    if (steps.length > 0) {
      return Math.min(100, steps[steps.length - 1]);
    }
    return a.maxWeight > 0 ? a.maxWeight : 100;
  }

  private nextStepWeight(cd: Canary, canaryWeight: number): number {
    const a = this.analysis(cd);
    const steps: number[] = a.stepWeights ?? [];
    if ((a.stepWeight ?? 0) > 0 || steps.length === 0) {
      return a.stepWeight ?? 0;
    }
    const maxStep = 100 - canaryWeight;
    if (maxStep === 0) {
      return 1;
    }
    for (const w of steps) {
      if (w > canaryWeight) {
        return w - canaryWeight;
      }
    }
    return maxStep;
  }

  private strategy(cd: Canary): string {
    const a = this.analysis(cd);
    if ((a.iterations ?? 0) > 0 && (a.match ?? []).length > 0)
      return 'ab-testing';
    if ((a.iterations ?? 0) > 0) return 'blue-green';
    return 'canary';
  }

  private async event(
    cd: Canary,
    name: FlaggerEventName,
    ...args: Array<string | number>
  ) {
    const { type, message } = flaggerEvent(name, ...args);
    await this.recordRaw(cd, type, message);
  }

  /** `recordEventWarningf(cd, "%v", err)` */
  private async warning(cd: Canary, message: string) {
    await this.recordRaw(cd, 'Warning', message);
  }

  private async recordRaw(
    cd: Canary,
    type: 'Normal' | 'Warning',
    message: string,
  ) {
    this.deps.log(
      `${cd.metadata.namespace}/${cd.metadata.name} ${type}: ${message}`,
    );
    await this.deps.events.record(cd, type, message);
    const hooks: Webhook[] = this.analysis(cd).webhooks ?? [];
    for (const hook of hooks.filter(h => h.type === 'event')) {
      const metadata = {
        ...(hook.metadata ?? {}),
        eventMessage: message,
        eventType: type,
        timestamp: String(Date.now()),
      };
      this.callWebhook(cd, cd.status?.phase ?? '', { ...hook, metadata }).catch(
        () => undefined,
      );
    }
  }

  // ---------------------------------------------------------------- Kubernetes objects

  private deploymentRef(namespace: string, name: string) {
    return { apiVersion: 'apps/v1', kind: 'Deployment', namespace, name };
  }

  private getTarget(cd: Canary): Promise<KubeObject> {
    const cached = this.deps.reader?.deployment(
      cd.metadata.namespace!,
      this.target(cd),
    );
    if (cached) return Promise.resolve(cached);
    return this.deps.client.get(
      this.deploymentRef(cd.metadata.namespace!, this.target(cd)),
    );
  }

  /** `fresh`: from the API even with a cache (a retry after a conflict). */
  private getPrimary(
    cd: Canary,
    fresh = false,
  ): Promise<KubeObject | undefined> {
    const cached = fresh
      ? undefined
      : this.deps.reader?.deployment(
          cd.metadata.namespace!,
          `${this.target(cd)}-primary`,
        );
    if (cached) return Promise.resolve(cached);
    return this.deps.client.getOrUndefined(
      this.deploymentRef(cd.metadata.namespace!, `${this.target(cd)}-primary`),
    );
  }

  private getService(
    namespace: string,
    name: string,
  ): Promise<KubeObject | undefined> {
    const cached = this.deps.reader?.service(namespace, name);
    if (cached) return Promise.resolve(cached);
    return this.deps.client.getOrUndefined<KubeObject>({
      apiVersion: 'v1',
      kind: 'Service',
      namespace,
      name,
    });
  }

  /** The Canary as the tick starts: from the cache when it is there and not older than our writes. */
  private async readCanary(
    namespace: string,
    name: string,
  ): Promise<Canary | undefined> {
    const cached = this.deps.reader?.canary(namespace, name);
    if (
      cached &&
      !olderThan(cached, this.written.get(`${namespace}/${name}`))
    ) {
      // the scheduler writes into its copy (status, resourceVersion): never into the cache's
      return structuredClone(cached);
    }
    return this.deps.client.getOrUndefined<Canary>({
      apiVersion: FLAGGER_GROUP_VERSION,
      kind: 'Canary',
      namespace,
      name,
    });
  }

  /** The label Flagger rewrites for the primary: the first of app, name, app.kubernetes.io/name. */
  private selectorLabel(target: KubeObject): { key: string; value: string } {
    const labels = target.spec?.selector?.matchLabels ?? {};
    for (const key of ['app', 'name', 'app.kubernetes.io/name']) {
      if (labels[key]) {
        return { key, value: labels[key] };
      }
    }
    throw new Error(
      `deployment ${target.metadata.name}.${target.metadata.namespace} spec.selector.matchLabels must contain one of [app name app.kubernetes.io/name]`,
    );
  }

  private specHash(target: KubeObject): string {
    return templateHash(target);
  }

  private async updateStatus(
    cd: Canary,
    mutate: (status: any, latest: Canary) => void,
  ): Promise<Canary> {
    for (let attempt = 0; attempt < 5; attempt++) {
      // With a cache the tick's copy is current (read at the tick's start, updated by each write);
      // only a conflict costs a GET.
      const latest =
        attempt === 0 && this.deps.reader && cd.metadata.resourceVersion
          ? structuredClone(cd)
          : await this.deps.client.get<Canary>({
              apiVersion: FLAGGER_GROUP_VERSION,
              kind: 'Canary',
              namespace: cd.metadata.namespace,
              name: cd.metadata.name,
            });
      const status = { ...(latest.status ?? {}) };
      mutate(status, latest);
      // Flagger's CanaryStatus always serialises these (no omitempty)
      status.phase = status.phase ?? '';
      status.canaryWeight = status.canaryWeight ?? 0;
      status.failedChecks = status.failedChecks ?? 0;
      status.iterations = status.iterations ?? 0;
      try {
        const updated = await this.deps.client.replace<Canary>(
          { ...latest, status },
          'status',
        );
        cd.status = updated.status;
        cd.metadata.resourceVersion = updated.metadata.resourceVersion;
        if (this.deps.reader) {
          this.written.set(
            `${cd.metadata.namespace}/${cd.metadata.name}`,
            Number(updated.metadata.resourceVersion),
          );
        }
        return updated;
      } catch (error) {
        if (!isConflict(error)) {
          throw error;
        }
      }
    }
    throw new Error(
      `could not update the status of ${cd.metadata.name}.${cd.metadata.namespace}: conflicts`,
    );
  }

  private applyConditions(
    status: any,
    phase: CanaryPhase,
    kind: string,
    now: string,
  ) {
    const conditions = makeStatusConditions(
      status.conditions,
      phase,
      kind,
      now,
    );
    if (conditions) {
      status.conditions = conditions;
    }
  }

  /** canary.SyncStatus: phase/weight/checks/iterations plus lastAppliedSpec of the current target. */
  private async syncStatus(
    cd: Canary,
    next: {
      phase: CanaryPhase;
      canaryWeight?: number;
      failedChecks?: number;
      iterations?: number;
    },
  ) {
    const target = await this.getTarget(cd);
    const hash = this.specHash(target);
    const now = kubeNow();
    await this.updateStatus(cd, status => {
      status.phase = next.phase;
      status.canaryWeight = next.canaryWeight ?? 0;
      status.failedChecks = next.failedChecks ?? 0;
      status.iterations = next.iterations ?? 0;
      status.lastAppliedSpec = hash;
      if (next.phase === 'Initialized') {
        status.lastPromotedSpec = hash;
      }
      status.trackedConfigs = status.trackedConfigs ?? {};
      status.lastTransitionTime = now;
      this.applyConditions(status, next.phase, cd.spec.targetRef.kind, now);
    });
  }

  /** canary.SetStatusPhase (weight reset outside Progressing/Waiting/Promoting). */
  private async setStatusPhase(cd: Canary, phase: CanaryPhase) {
    const now = kubeNow();
    const iterations = this.analysis(cd).iterations ?? 0;
    await this.updateStatus(cd, status => {
      status.phase = phase;
      status.lastTransitionTime = now;
      if (!['Progressing', 'Waiting', 'Promoting'].includes(phase)) {
        status.canaryWeight = 0;
        status.iterations = 0;
        if (phase === 'WaitingPromotion') {
          status.iterations = iterations > 0 ? iterations - 1 : 0;
        }
      }
      if (phase === 'Initialized' || phase === 'Succeeded') {
        status.lastPromotedSpec = status.lastAppliedSpec;
      }
      this.applyConditions(status, phase, cd.spec.targetRef.kind, now);
    });
    this.deps.metrics.setStatus(this.target(cd), cd.metadata.namespace!, phase);
  }

  private async setStatusField(cd: Canary, field: string, value: number) {
    const now = kubeNow();
    await this.updateStatus(cd, status => {
      status[field] = value;
      status.lastTransitionTime = now;
    });
  }

  private async scale(namespace: string, name: string, replicas: number) {
    await this.deps.client.patch(this.deploymentRef(namespace, name), {
      spec: { replicas },
    });
  }

  private async scaleToZero(cd: Canary) {
    await this.scale(cd.metadata.namespace!, this.target(cd), 0);
  }

  private async scaleFromZero(cd: Canary) {
    const target = await this.getTarget(cd);
    const replicas = target.spec?.replicas > 0 ? target.spec.replicas : 1;
    await this.scale(cd.metadata.namespace!, this.target(cd), replicas);
  }

  private ownerReference(cd: Canary) {
    return {
      apiVersion: FLAGGER_GROUP_VERSION,
      kind: 'Canary',
      name: cd.metadata.name,
      uid: cd.metadata.uid,
      controller: true,
      blockOwnerDeletion: true,
    };
  }

  private primaryTemplate(
    target: KubeObject,
    label: { key: string; value: string },
  ) {
    const template = JSON.parse(JSON.stringify(target.spec.template ?? {}));
    template.metadata = template.metadata ?? {};
    template.metadata.labels = {
      ...(template.metadata.labels ?? {}),
      [label.key]: `${label.value}-primary`,
    };
    return template;
  }

  /** DeploymentController.Initialize: create `<target>-primary`, scale the target to zero once ready. */
  private async initializeWorkloads(cd: Canary) {
    const namespace = cd.metadata.namespace!;
    const target = await this.getTarget(cd);
    const label = this.selectorLabel(target);
    let primary = await this.getPrimary(cd);
    if (!primary) {
      const labels = {
        ...(target.metadata.labels ?? {}),
        [label.key]: `${label.value}-primary`,
      };
      const annotations = { ...(target.metadata.annotations ?? {}) };
      delete annotations['kubectl.kubernetes.io/last-applied-configuration'];
      delete annotations['deployment.kubernetes.io/revision'];
      primary = await this.deps.client.create({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: {
          name: `${this.target(cd)}-primary`,
          namespace,
          labels,
          annotations,
          ownerReferences: [this.ownerReference(cd)],
        },
        spec: {
          replicas: target.spec?.replicas > 0 ? target.spec.replicas : 1,
          selector: { matchLabels: { [label.key]: `${label.value}-primary` } },
          template: this.primaryTemplate(target, label),
          ...(target.spec.strategy ? { strategy: target.spec.strategy } : {}),
          ...(target.spec.minReadySeconds !== undefined
            ? { minReadySeconds: target.spec.minReadySeconds }
            : {}),
          ...(cd.spec.progressDeadlineSeconds !== undefined
            ? { progressDeadlineSeconds: cd.spec.progressDeadlineSeconds }
            : {}),
        },
      });
      this.deps.log(
        `${namespace}/${cd.metadata.name}: created ${this.target(cd)}-primary`,
      );
    }
    const phase = cd.status?.phase ?? '';
    if (phase === '' || phase === 'Initializing') {
      if (!this.skipAnalysis(cd)) {
        const error = this.primaryNotReady(cd, primary);
        if (error) {
          throw new Error(error);
        }
      }
      try {
        await this.scaleToZero(cd);
      } catch (error) {
        throw new Error(
          flaggerEvent(
            'scaleDownFailed',
            'Deployment',
            this.target(cd),
            namespace,
            (error as Error).message,
          ).message,
        );
      }
    }
  }

  private primaryNotReady(
    cd: Canary,
    primary: KubeObject | undefined,
  ): string | undefined {
    const ns = cd.metadata.namespace!;
    if (!primary) {
      return flaggerEvent(
        'primaryNotReady',
        this.target(cd),
        ns,
        'deployment not found',
      ).message;
    }
    if ((primary.spec?.replicas ?? 1) === 0) {
      return flaggerEvent('primaryScaledToZero', this.target(cd), ns).message;
    }
    const r = deploymentReadiness(
      primary,
      this.deadlineSeconds(cd),
      this.analysis(cd).primaryReadyThreshold ?? 100,
    );
    return r.ready
      ? undefined
      : flaggerEvent('primaryNotReady', this.target(cd), ns, r.error!).message;
  }

  private deadlineSeconds(cd: Canary): number {
    return (cd.spec.progressDeadlineSeconds ?? 600) / this.deps.timeScale;
  }

  private async isCanaryReady(
    cd: Canary,
  ): Promise<{ retriable: boolean; error?: string }> {
    const target = await this.getTarget(cd);
    const r = deploymentReadiness(
      target,
      this.deadlineSeconds(cd),
      this.analysis(cd).canaryReadyThreshold ?? 100,
    );
    if (r.ready) {
      return { retriable: true };
    }
    return {
      retriable: r.retriable,
      error: flaggerEvent(
        'canaryNotReady',
        this.target(cd),
        cd.metadata.namespace!,
        r.error!,
      ).message,
    };
  }

  /** DeploymentController.Promote: copy the target's template spec into the primary. */
  private async promote(cd: Canary) {
    const target = await this.getTarget(cd);
    const label = this.selectorLabel(target);
    for (let attempt = 0; attempt < 5; attempt++) {
      const primary = await this.getPrimary(cd, attempt > 0);
      if (!primary) {
        throw new Error(
          `deployment ${this.target(cd)}-primary.${
            cd.metadata.namespace
          } not found`,
        );
      }
      const updated = {
        ...primary,
        spec: {
          ...primary.spec,
          replicas: cd.spec.autoscalerRef
            ? primary.spec.replicas
            : target.spec.replicas || primary.spec.replicas,
          template: this.primaryTemplate(target, label),
          ...(target.spec.strategy ? { strategy: target.spec.strategy } : {}),
        },
      };
      try {
        await this.deps.client.replace(updated);
        return;
      } catch (error) {
        if (!isConflict(error)) throw error;
      }
    }
  }

  // ---------------------------------------------------------------- routers

  private serviceObject(
    cd: Canary,
    name: string,
    selectorValue: string,
    key: string,
  ) {
    const svc = cd.spec.service ?? {};
    return {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name,
        namespace: cd.metadata.namespace,
        labels: { [key]: name },
        ownerReferences: [this.ownerReference(cd)],
      },
      spec: {
        type: 'ClusterIP',
        selector: { [key]: selectorValue },
        ports: [
          {
            name: svc.portName ?? 'http',
            port: svc.port,
            protocol: 'TCP',
            targetPort: svc.targetPort ?? svc.port,
          },
        ],
      },
    };
  }

  /** KubernetesRouter.Initialize + Reconcile: `<svc>-canary`, `<svc>-primary`, apex selector to primary. */
  private async reconcileServices(cd: Canary) {
    const target = await this.getTarget(cd);
    const label = this.selectorLabel(target);
    const svc = this.serviceName(cd);
    const ns = cd.metadata.namespace!;
    for (const [name, value] of [
      [`${svc}-canary`, label.value],
      [`${svc}-primary`, `${label.value}-primary`],
    ]) {
      const existing = await this.getService(ns, name);
      if (!existing) {
        await this.deps.client.create(
          this.serviceObject(cd, name, value, label.key),
        );
      }
    }
    const apex = await this.getService(ns, svc);
    const primarySelector = { [label.key]: `${label.value}-primary` };
    if (!apex) {
      await this.deps.client.create(
        this.serviceObject(cd, svc, `${label.value}-primary`, label.key),
      );
    } else if (
      JSON.stringify(apex.spec?.selector ?? {}) !==
      JSON.stringify(primarySelector)
    ) {
      await this.deps.client.patch(
        { apiVersion: 'v1', kind: 'Service', namespace: ns, name: svc },
        [{ op: 'replace', path: '/spec/selector', value: primarySelector }],
        'json',
      );
    }
  }

  private getRoutes(cd: Canary): Routes {
    return (
      this.deps.routes.get(this.routeKey(cd)) ?? {
        primary: 100,
        canary: 0,
        mirrored: false,
        matched: false,
      }
    );
  }

  private setRoutes(
    cd: Canary,
    primary: number,
    canary: number,
    mirrored: boolean,
  ) {
    const matched = (this.analysis(cd).match ?? []).length > 0;
    this.deps.routes.set(this.routeKey(cd), {
      primary,
      canary,
      mirrored,
      matched,
    });
    this.deps.metrics.setWeight(
      this.target(cd),
      cd.metadata.namespace!,
      primary,
      canary,
    );
  }

  private reconcileMeshRoutes(cd: Canary) {
    if (!this.deps.routes.get(this.routeKey(cd))) {
      this.setRoutes(cd, 100, 0, false);
    }
  }

  // ---------------------------------------------------------------- webhooks

  /** pkg/controller/webhook.go canaryChecksum, computed exactly as Flagger does from the status. */
  private checksum(cd: Canary): string {
    return webhookChecksum({
      trackedConfigs: cd.status?.trackedConfigs,
      lastAppliedSpec: cd.status?.lastAppliedSpec ?? '',
    });
  }

  /** CallWebhook: success is an HTTP status <= 202; otherwise the body (or transport error) is the error. */
  async callWebhook(cd: Canary, phase: string, hook: Webhook): Promise<void> {
    const payload = JSON.stringify({
      name: cd.metadata.name,
      namespace: cd.metadata.namespace,
      phase,
      checksum: this.checksum(cd),
      metadata: hook.metadata ?? {},
    });
    const timeoutMs = (hook.timeout && parseGoDuration(hook.timeout)) || 10_000;
    const attempts = 1 + Math.max(0, hook.retries ?? 0);
    let lastError = '';
    for (let i = 0; i < attempts; i++) {
      try {
        const res = await this.deps.post(
          hook.url,
          cd.metadata.namespace!,
          payload,
          timeoutMs,
        );
        if (res.status <= 202) {
          return;
        }
        lastError = res.body;
        if (res.status < 500) {
          break;
        }
      } catch (error) {
        lastError = (error as Error).message;
      }
    }
    throw new Error(lastError);
  }

  private hooksOf(cd: Canary, type: string): Webhook[] {
    return ((this.analysis(cd).webhooks ?? []) as Webhook[]).filter(
      h => (h.type || 'rollout') === type,
    );
  }

  /** Returns true when the rollout may start (all confirm-rollout hooks pass). */
  private async runConfirmRolloutHooks(cd: Canary): Promise<boolean> {
    for (const hook of this.hooksOf(cd, 'confirm-rollout')) {
      try {
        await this.callWebhook(cd, 'Progressing', hook);
        if (cd.status?.phase === 'Waiting') {
          await this.event(cd, 'confirmRolloutPassed', hook.name);
        }
      } catch {
        if (cd.status?.phase !== 'Waiting') {
          await this.setStatusPhase(cd, 'Waiting');
          await this.event(
            cd,
            'waitingForApproval',
            cd.metadata.name,
            cd.metadata.namespace!,
            hook.name,
          );
        }
        return false;
      }
    }
    return true;
  }

  private async runConfirmPromotionHooks(cd: Canary): Promise<boolean> {
    for (const hook of this.hooksOf(cd, 'confirm-promotion')) {
      try {
        await this.callWebhook(cd, 'Progressing', hook);
        await this.event(cd, 'confirmPromotionPassed', hook.name);
      } catch {
        if (cd.status?.phase !== 'WaitingPromotion') {
          await this.setStatusPhase(cd, 'WaitingPromotion');
          await this.event(
            cd,
            'waitingForPromotionApproval',
            cd.metadata.name,
            cd.metadata.namespace!,
            hook.name,
          );
        }
        return false;
      }
    }
    return true;
  }

  private async runConfirmTrafficIncreaseHooks(cd: Canary): Promise<boolean> {
    for (const hook of this.hooksOf(cd, 'confirm-traffic-increase')) {
      try {
        await this.callWebhook(cd, 'Progressing', hook);
        await this.event(cd, 'confirmTrafficIncreasePassed', hook.name);
      } catch {
        await this.event(
          cd,
          'waitingForTrafficIncreaseApproval',
          cd.metadata.name,
          cd.metadata.namespace!,
          hook.name,
        );
        return false;
      }
    }
    return true;
  }

  private async runPreRolloutHooks(cd: Canary): Promise<boolean> {
    for (const hook of this.hooksOf(cd, 'pre-rollout')) {
      try {
        await this.callWebhook(cd, 'Progressing', hook);
        await this.event(cd, 'preRolloutPassed', hook.name);
      } catch (error) {
        await this.event(
          cd,
          'preRolloutFailed',
          cd.metadata.name,
          cd.metadata.namespace!,
          hook.name,
          (error as Error).message,
        );
        return false;
      }
    }
    return true;
  }

  private async runPostRolloutHooks(cd: Canary, phase: CanaryPhase) {
    for (const hook of this.hooksOf(cd, 'post-rollout')) {
      try {
        await this.callWebhook(cd, phase, hook);
        await this.event(cd, 'postRolloutPassed', hook.name);
      } catch (error) {
        await this.event(
          cd,
          'postRolloutFailed',
          hook.name,
          (error as Error).message,
        );
      }
    }
  }

  private async runRollbackHooks(cd: Canary, phase: string): Promise<boolean> {
    for (const hook of this.hooksOf(cd, 'rollback')) {
      try {
        await this.callWebhook(cd, phase, hook);
        await this.event(cd, 'rollbackCheckPassed', hook.name);
        return true;
      } catch {
        await this.event(cd, 'rollbackHookIdle', hook.name);
      }
    }
    return false;
  }

  // ---------------------------------------------------------------- metrics

  /** `{{ interval }}` shrinks with the time scale so a window still spans the same analysis ticks. */
  private scaledInterval(interval: string): string {
    if (this.deps.timeScale === 1 || !interval) {
      return interval;
    }
    const ms = parseGoDuration(interval);
    if (ms === undefined) {
      return interval;
    }
    return `${Math.max(5, Math.round(ms / this.deps.timeScale / 1000))}s`;
  }

  private metricModel(
    cd: Canary,
    interval: string,
    variables?: Record<string, string>,
  ): QueryModel {
    return {
      name: cd.metadata.name,
      namespace: cd.metadata.namespace!,
      target: this.target(cd),
      service: this.serviceName(cd),
      ingress: cd.spec.ingressRef?.name ?? this.target(cd),
      route: cd.spec.routeRef?.name ?? this.target(cd),
      interval: this.scaledInterval(interval),
      variables: variables ?? {},
    };
  }

  private async runBuiltinMetricChecks(cd: Canary): Promise<boolean> {
    const observer = observerFor({
      provider: cd.spec.provider,
      meshProvider: this.deps.meshProvider,
      targetKind: cd.spec.targetRef.kind,
      targetApiVersion: cd.spec.targetRef.apiVersion,
    });
    const providerName = cd.spec.provider || this.deps.meshProvider;
    const queries = OBSERVER_QUERIES[observer];
    const ns = cd.metadata.namespace!;
    for (const metric of this.analysis(cd).metrics ?? []) {
      const interval = metric.interval || '1m';
      const model = this.metricModel(cd, interval, metric.templateVariables);
      if (metric.name === 'request-success-rate') {
        let value: number;
        try {
          value = await this.deps.query(
            cd.spec.metricsServer,
            renderQuery(queries.successRate, model),
          );
        } catch (error) {
          if (error instanceof NoValuesFoundError) {
            await this.event(
              cd,
              'builtinNoValuesWithError',
              providerName,
              metric.name,
              this.target(cd),
              ns,
              error.message,
            );
          } else {
            await this.event(
              cd,
              'prometheusQueryFailed',
              (error as Error).message,
            );
          }
          return false;
        }
        this.deps.metrics.analysis.set(
          { name: this.target(cd), namespace: ns, metric: metric.name },
          value,
        );
        const range = metric.thresholdRange;
        if (range) {
          if (range.min !== undefined && value < range.min) {
            await this.event(
              cd,
              'successRateBelow',
              cd.metadata.name,
              ns,
              value,
              range.min,
            );
            return false;
          }
          if (range.max !== undefined && value > range.max) {
            await this.event(
              cd,
              'successRateAbove',
              cd.metadata.name,
              ns,
              value,
              range.max,
            );
            return false;
          }
        } else if ((metric.threshold ?? 0) > value) {
          await this.event(
            cd,
            'successRateBelow',
            cd.metadata.name,
            ns,
            value,
            metric.threshold,
          );
          return false;
        }
      }
      if (metric.name === 'request-duration') {
        let ms: number;
        try {
          const raw = await this.deps.query(
            cd.spec.metricsServer,
            renderQuery(queries.duration, model),
          );
          ms = Math.trunc(raw * queries.durationScale);
        } catch (error) {
          if (error instanceof NoValuesFoundError) {
            await this.event(
              cd,
              'builtinNoValues',
              providerName,
              metric.name,
              this.target(cd),
              ns,
            );
          } else {
            await this.event(
              cd,
              'prometheusQueryFailed',
              (error as Error).message,
            );
          }
          return false;
        }
        this.deps.metrics.analysis.set(
          { name: this.target(cd), namespace: ns, metric: metric.name },
          ms / 1000,
        );
        const range = metric.thresholdRange;
        if (range) {
          if (range.min !== undefined && ms < range.min) {
            await this.event(
              cd,
              'requestDurationBelow',
              cd.metadata.name,
              ns,
              ms,
              range.min,
            );
            return false;
          }
          if (range.max !== undefined && ms > range.max) {
            await this.event(
              cd,
              'requestDurationAbove',
              cd.metadata.name,
              ns,
              ms,
              range.max,
            );
            return false;
          }
        } else if ((metric.threshold ?? 0) > 0 && ms > metric.threshold) {
          await this.event(
            cd,
            'requestDurationAbove',
            cd.metadata.name,
            ns,
            ms,
            metric.threshold,
          );
          return false;
        }
      }
      if (
        metric.query &&
        !metric.templateRef &&
        !['request-success-rate', 'request-duration'].includes(metric.name)
      ) {
        let value: number;
        try {
          value = await this.deps.query(
            cd.spec.metricsServer,
            renderQuery(metric.query, model),
          );
        } catch (error) {
          if (error instanceof NoValuesFoundError) {
            await this.event(cd, 'inlineNoValues', metric.name);
          } else {
            await this.event(
              cd,
              'prometheusQueryFailedFor',
              metric.name,
              (error as Error).message,
            );
          }
          return false;
        }
        if (!(await this.checkRange(cd, metric, value))) return false;
      }
    }
    return true;
  }

  private async checkRange(
    cd: Canary,
    metric: any,
    value: number,
  ): Promise<boolean> {
    const ns = cd.metadata.namespace!;
    const range = metric.thresholdRange;
    if (range) {
      if (range.min !== undefined && value < range.min) {
        await this.event(
          cd,
          'metricBelow',
          cd.metadata.name,
          ns,
          metric.name,
          value,
          range.min,
        );
        return false;
      }
      if (range.max !== undefined && value > range.max) {
        await this.event(
          cd,
          'metricAbove',
          cd.metadata.name,
          ns,
          metric.name,
          value,
          range.max,
        );
        return false;
      }
    } else if ((metric.threshold ?? 0) > value) {
      await this.event(
        cd,
        'metricBelow',
        cd.metadata.name,
        ns,
        metric.name,
        value,
        metric.threshold,
      );
      return false;
    }
    return true;
  }

  private async runMetricChecks(cd: Canary): Promise<boolean> {
    for (const metric of this.analysis(cd).metrics ?? []) {
      if (!metric.templateRef) {
        if (
          !['request-success-rate', 'request-duration'].includes(metric.name) &&
          !metric.query
        ) {
          await this.event(cd, 'noUsableMetric');
          return false;
        }
        continue;
      }
      const namespace = metric.templateRef.namespace || cd.metadata.namespace!;
      let template: KubeObject;
      try {
        template = await this.deps.client.get({
          apiVersion: FLAGGER_GROUP_VERSION,
          kind: 'MetricTemplate',
          namespace,
          name: metric.templateRef.name,
        });
      } catch (error) {
        const message = isNotFound(error)
          ? `metrictemplate.flagger.app "${metric.templateRef.name}" not found`
          : (error as Error).message;
        await this.event(
          cd,
          'metricTemplateError',
          metric.templateRef.name,
          namespace,
          message,
        );
        return false;
      }
      const type = template.spec?.provider?.type ?? 'prometheus';
      if (type !== 'prometheus') {
        await this.event(
          cd,
          'metricTemplateProviderError',
          metric.templateRef.name,
          namespace,
          type,
          `the fleet lab only runs Prometheus; provider ${type} is not simulated`,
        );
        return false;
      }
      let query: string;
      try {
        query = renderQuery(
          template.spec.query ?? '',
          this.metricModel(cd, metric.interval ?? '', metric.templateVariables),
        );
      } catch (error) {
        if (error instanceof TemplateError) {
          await this.event(
            cd,
            'metricTemplateRenderError',
            metric.templateRef.name,
            namespace,
            error.message,
          );
          return false;
        }
        throw error;
      }
      let value: number;
      try {
        value = await this.deps.query(template.spec.provider?.address, query);
      } catch (error) {
        if (error instanceof NoValuesFoundError) {
          await this.event(cd, 'customNoValues', metric.name, error.message);
        } else {
          await this.event(
            cd,
            'metricQueryFailed',
            metric.name,
            (error as Error).message,
          );
        }
        return false;
      }
      this.deps.metrics.analysis.set(
        {
          name: this.target(cd),
          namespace: cd.metadata.namespace!,
          metric: metric.name,
        },
        value,
      );
      if (!(await this.checkRange(cd, metric, value))) return false;
    }
    return true;
  }

  private async runAnalysis(cd: Canary): Promise<boolean> {
    for (const hook of this.hooksOf(cd, 'rollout')) {
      try {
        await this.callWebhook(cd, 'Progressing', hook);
      } catch (error) {
        await this.event(
          cd,
          'externalCheckFailed',
          cd.metadata.name,
          cd.metadata.namespace!,
          hook.name,
          (error as Error).message,
        );
        return false;
      }
    }
    if (!(await this.runBuiltinMetricChecks(cd))) return false;
    if (!(await this.runMetricChecks(cd))) return false;
    return true;
  }

  /** Runs `vector(1)` against each metrics server the canary uses (checkMetricProviderAvailability). */
  private async checkMetricProviders(cd: Canary) {
    try {
      await this.deps.query(cd.spec.metricsServer, 'vector(1)');
      for (const metric of this.analysis(cd).metrics ?? []) {
        if (metric.templateRef) {
          const namespace =
            metric.templateRef.namespace || cd.metadata.namespace!;
          const template = await this.deps.client.getOrUndefined<KubeObject>({
            apiVersion: FLAGGER_GROUP_VERSION,
            kind: 'MetricTemplate',
            namespace,
            name: metric.templateRef.name,
          });
          if (
            template &&
            (template.spec?.provider?.type ?? 'prometheus') === 'prometheus'
          ) {
            await this.deps.query(template.spec.provider?.address, 'vector(1)');
          }
        }
      }
      await this.event(cd, 'metricProvidersAvailable');
    } catch (error) {
      await this.event(cd, 'metricProvidersError', (error as Error).message);
    }
  }

  /** Drops what the scheduler remembers of a deleted Canary. */
  forget(namespace: string, name: string) {
    this.written.delete(`${namespace}/${name}`);
  }

  // ---------------------------------------------------------------- the tick

  /** `syncHandler` for a new canary: conditions nil -> Initializing. */
  async ensureInitializing(cd: Canary) {
    if (cd.status?.conditions) {
      return;
    }
    const now = kubeNow();
    await this.updateStatus(cd, status => {
      if (status.conditions) return;
      status.phase = 'Initializing';
      status.lastTransitionTime = now;
      this.applyConditions(status, 'Initializing', cd.spec.targetRef.kind, now);
    });
  }

  async advance(name: string, namespace: string): Promise<void> {
    const begin = Date.now();
    const cd = await this.readCanary(namespace, name);
    if (!cd) {
      return;
    }
    if (cd.spec.suspend) {
      await this.event(cd, 'suspended');
      return;
    }
    const provider: string = cd.spec.provider || this.deps.meshProvider;
    if (cd.spec.targetRef.kind !== 'Deployment') {
      await this.warning(
        cd,
        `fleet-lab simulates Deployment targets only, not ${cd.spec.targetRef.kind}`,
      );
      return;
    }

    try {
      await this.reconcileServices(cd);
    } catch (error) {
      await this.warning(cd, (error as Error).message);
      return;
    }
    const phase0 = cd.status?.phase ?? '';
    if (
      !this.skipAnalysis(cd) &&
      (phase0 === '' || phase0 === 'Initializing')
    ) {
      await this.checkMetricProviders(cd);
    }
    try {
      await this.initializeWorkloads(cd);
    } catch (error) {
      if (isNotFound(error)) {
        await this.warning(
          cd,
          `deployments.apps "${this.target(cd)}" not found`,
        );
      } else {
        await this.warning(cd, (error as Error).message);
      }
      return;
    }
    this.reconcileMeshRoutes(cd);

    // setPhaseInitialized
    if (phase0 === '' || phase0 === 'Initializing') {
      await this.syncStatus(cd, { phase: 'Initialized' });
      this.deps.metrics.setStatus(this.target(cd), namespace, 'Initialized');
      await this.event(cd, 'initialized', cd.metadata.name, namespace);
      return;
    }

    // shouldAdvance
    const target = await this.getTarget(cd);
    const hash = this.specHash(target);
    const phase = cd.status?.phase as CanaryPhase;
    let shouldAdvance =
      !cd.status?.lastAppliedSpec ||
      [
        'Initializing',
        'Progressing',
        'Waiting',
        'WaitingPromotion',
        'Promoting',
        'Finalising',
      ].includes(phase);
    if (!shouldAdvance) {
      const { lastAppliedSpec, lastPromotedSpec } = cd.status;
      if (phase === 'Failed' && lastAppliedSpec !== hash) {
        // Flagger re-syncs lastAppliedSpec of a failed canary on every tick (so the same failed
        // spec never starts a new run), then compares with the values it read before.
        await this.updateStatus(cd, status => {
          status.lastAppliedSpec = hash;
        });
      }
      shouldAdvance = lastPromotedSpec !== hash && lastAppliedSpec !== hash;
    }
    if (!shouldAdvance) {
      this.deps.metrics.setStatus(this.target(cd), namespace, phase);
      return;
    }

    if (!this.skipAnalysis(cd)) {
      const primaryError = this.primaryNotReady(cd, await this.getPrimary(cd));
      if (primaryError) {
        await this.warning(cd, primaryError);
        return;
      }
    }

    const routes = this.getRoutes(cd);
    let { primary: primaryWeight, canary: canaryWeight } = routes;
    const mirrored = routes.mirrored;
    this.deps.metrics.setWeight(
      this.target(cd),
      namespace,
      primaryWeight,
      canaryWeight,
    );

    // checkCanaryStatus (with the confirm-rollout gate)
    if (!ACTIVE_PHASES.includes(phase)) {
      if (!(await this.runConfirmRolloutHooks(cd))) {
        return;
      }
      await this.event(cd, 'newRevision', this.target(cd), namespace);
      await this.scaleFromZero(cd);
      await this.syncStatus(cd, { phase: 'Progressing' });
      this.deps.metrics.setStatus(this.target(cd), namespace, 'Progressing');
      return;
    }

    // hasCanaryRevisionChanged
    if (
      (phase === 'Progressing' || phase === 'WaitingPromotion') &&
      cd.status.lastAppliedSpec !== hash &&
      cd.status.lastPromotedSpec !== hash
    ) {
      await this.event(cd, 'analysisRestarted', this.target(cd), namespace);
      this.setRoutes(cd, 100, 0, false);
      await this.syncStatus(cd, {
        phase: 'Progressing',
        canaryWeight: 0,
        failedChecks: 0,
        iterations: 0,
      });
      return;
    }

    const canaryReady = await this.isCanaryReady(cd);
    if (canaryReady.error && canaryReady.retriable) {
      await this.warning(cd, canaryReady.error);
      return;
    }
    const retriable = canaryReady.retriable;

    // shouldSkipAnalysis
    if (this.skipAnalysis(cd)) {
      if (!retriable) {
        await this.event(
          cd,
          'rollbackProgressDeadline',
          cd.metadata.name,
          namespace,
          canaryReady.error ?? '',
        );
        await this.rollback(cd);
        return;
      }
      this.setRoutes(cd, 100, 0, false);
      await this.event(
        cd,
        'promotionStarted',
        this.target(cd),
        namespace,
        `${this.target(cd)}-primary`,
        namespace,
      );
      await this.promote(cd);
      await this.scaleToZero(cd);
      await this.setStatusPhase(cd, 'Succeeded');
      this.deps.metrics.successes.inc({
        name: this.target(cd),
        namespace,
        deployment_strategy: this.strategy(cd),
        analysis_status: 'skipped',
      });
      await this.event(
        cd,
        'promotionCompletedAnalysisSkipped',
        this.target(cd),
        namespace,
      );
      return;
    }

    // rollback hooks
    if (phase === 'Progressing' || phase === 'WaitingPromotion') {
      if (await this.runRollbackHooks(cd, phase)) {
        await this.event(
          cd,
          'rollbackManualWebhook',
          cd.metadata.name,
          namespace,
        );
        await this.rollback(cd);
        return;
      }
    }

    if (phase === 'Promoting') {
      const stepPromotion = this.analysis(cd).stepWeightPromotion ?? 0;
      if (stepPromotion === 0 || provider === 'kubernetes') {
        await this.event(cd, 'allTrafficToPrimary');
        this.setRoutes(cd, 100, 0, false);
      } else {
        primaryWeight = Math.min(100, primaryWeight + stepPromotion);
        canaryWeight = 100 - primaryWeight;
        this.setRoutes(cd, primaryWeight, canaryWeight, false);
        await this.event(
          cd,
          'primaryWeightAdvanced',
          cd.metadata.name,
          namespace,
          primaryWeight,
        );
        if (primaryWeight < 100) {
          return;
        }
      }
      await this.setStatusPhase(cd, 'Finalising');
      return;
    }

    if (phase === 'Finalising') {
      await this.scaleToZero(cd);
      await this.setStatusPhase(cd, 'Succeeded');
      this.deps.metrics.successes.inc({
        name: this.target(cd),
        namespace,
        deployment_strategy: this.strategy(cd),
        analysis_status: 'completed',
      });
      await this.runPostRolloutHooks(cd, 'Succeeded');
      await this.event(cd, 'promotionCompleted', this.target(cd), namespace);
      return;
    }

    if (!retriable || (cd.status.failedChecks ?? 0) >= this.threshold(cd)) {
      if (!retriable) {
        await this.event(
          cd,
          'rollbackProgressDeadline',
          cd.metadata.name,
          namespace,
          canaryReady.error ?? '',
        );
      } else {
        await this.event(
          cd,
          'rollbackFailedChecks',
          cd.metadata.name,
          namespace,
          cd.status.failedChecks ?? 0,
        );
      }
      await this.rollback(cd);
      return;
    }

    try {
      if (
        canaryWeight === 0 &&
        (cd.status.iterations ?? 0) === 0 &&
        !(this.analysis(cd).mirror && mirrored)
      ) {
        await this.event(cd, 'analysisStarted', this.target(cd), namespace);
        if (!(await this.runPreRolloutHooks(cd))) {
          await this.setStatusField(
            cd,
            'failedChecks',
            (cd.status.failedChecks ?? 0) + 1,
          );
          return;
        }
      } else if (!(await this.runAnalysis(cd))) {
        await this.setStatusField(
          cd,
          'failedChecks',
          (cd.status.failedChecks ?? 0) + 1,
        );
        return;
      }

      const analysis = this.analysis(cd);
      if (provider === 'kubernetes') {
        if ((analysis.match ?? []).length > 0) {
          await this.event(cd, 'abTestingNotSupported');
          analysis.match = [];
        }
        if ((analysis.iterations ?? 0) < 1) {
          await this.event(cd, 'progressiveTrafficNotSupported');
          await this.event(cd, 'iterationsForced');
          analysis.iterations = 10;
        }
      }
      if ((analysis.iterations ?? 0) > 0 && (analysis.match ?? []).length > 0) {
        await this.runAB(cd);
      } else if ((analysis.iterations ?? 0) > 0) {
        await this.runBlueGreen(cd, provider, mirrored);
      } else {
        await this.runCanary(cd, canaryWeight, primaryWeight);
      }
    } finally {
      this.deps.metrics.duration.observe(
        { name: this.target(cd), namespace },
        (Date.now() - begin) / 1000,
      );
    }
  }

  private async runCanary(
    cd: Canary,
    canaryWeight: number,
    primaryWeight: number,
  ) {
    const namespace = cd.metadata.namespace!;
    const maxWeight = this.maxWeight(cd);
    if (canaryWeight < maxWeight) {
      if (!(await this.runConfirmTrafficIncreaseHooks(cd))) {
        return;
      }
      const step = this.nextStepWeight(cd, canaryWeight);
      let p = primaryWeight - step;
      let c = canaryWeight + step;
      if (p < 0) p = 0;
      if (c > 100) c = 100;
      this.setRoutes(cd, p, c, false);
      await this.setStatusField(cd, 'canaryWeight', c);
      await this.event(cd, 'weightAdvanced', cd.metadata.name, namespace, c);
      return;
    }
    if (!(await this.runConfirmPromotionHooks(cd))) {
      return;
    }
    await this.event(
      cd,
      'promotionStarted',
      this.target(cd),
      namespace,
      `${this.target(cd)}-primary`,
      namespace,
    );
    await this.promote(cd);
    await this.setStatusPhase(cd, 'Promoting');
  }

  private async runAB(cd: Canary) {
    const namespace = cd.metadata.namespace!;
    const iterations = this.analysis(cd).iterations;
    const current = cd.status.iterations ?? 0;
    if (iterations > current) {
      this.setRoutes(cd, 0, 100, false);
      await this.setStatusField(cd, 'iterations', current + 1);
      await this.event(
        cd,
        'iterationAdvanced',
        cd.metadata.name,
        namespace,
        current + 1,
        iterations,
      );
      return;
    }
    if (!(await this.runConfirmPromotionHooks(cd))) {
      return;
    }
    if (iterations === current) {
      await this.event(
        cd,
        'promotionStarted',
        this.target(cd),
        namespace,
        `${this.target(cd)}-primary`,
        namespace,
      );
      await this.promote(cd);
      await this.setStatusPhase(cd, 'Promoting');
    }
  }

  private async runBlueGreen(cd: Canary, provider: string, mirrored: boolean) {
    const namespace = cd.metadata.namespace!;
    const analysis = this.analysis(cd);
    const iterations = analysis.iterations;
    const current = cd.status.iterations ?? 0;
    if (iterations > current) {
      if (provider !== 'kubernetes' && analysis.mirror && !mirrored) {
        this.setRoutes(cd, 100, 0, true);
      }
      await this.setStatusField(cd, 'iterations', current + 1);
      await this.event(
        cd,
        'iterationAdvanced',
        cd.metadata.name,
        namespace,
        current + 1,
        iterations,
      );
      return;
    }
    if (iterations === current) {
      if (provider !== 'kubernetes') {
        await this.event(
          cd,
          analysis.mirror ? 'mirroringStopped' : 'allTrafficToCanary',
        );
        this.setRoutes(cd, 0, 100, false);
      }
      await this.setStatusField(cd, 'iterations', current + 1);
      return;
    }
    if (!(await this.runConfirmPromotionHooks(cd))) {
      return;
    }
    if (iterations < current) {
      await this.event(
        cd,
        'promotionStarted',
        this.target(cd),
        namespace,
        `${this.target(cd)}-primary`,
        namespace,
      );
      await this.promote(cd);
      await this.setStatusPhase(cd, 'Promoting');
    }
  }

  private async rollback(cd: Canary) {
    const namespace = cd.metadata.namespace!;
    this.setRoutes(cd, 100, 0, false);
    await this.event(cd, 'canaryFailed', cd.metadata.name, namespace);
    await this.scaleToZero(cd);
    // SyncStatus(canary, CanaryStatus{Phase: Failed, CanaryWeight: 0}): checks and iterations reset
    await this.syncStatus(cd, { phase: 'Failed', canaryWeight: 0 });
    this.deps.metrics.setStatus(this.target(cd), namespace, 'Failed');
    this.deps.metrics.failures.inc({
      name: this.target(cd),
      namespace,
      deployment_strategy: this.strategy(cd),
      analysis_status: 'completed',
    });
    await this.runPostRolloutHooks(cd, 'Failed');
  }

  /**
   * The job period for a canary at the lab's time scale. Sped-up ticks stay at least 3 s apart:
   * Prometheus scrapes every second and `rate()` needs a few samples of canary traffic.
   */
  intervalMs(cd: Canary): number {
    // Flagger's GetAnalysisInterval: 1m when unset, at least 10s.
    const interval = this.analysis(cd).interval;
    const parsed = interval ? parseGoDuration(interval) : undefined;
    const real = parsed && parsed > 0 ? Math.max(parsed, 10_000) : 60_000;
    return Math.max(
      real / this.deps.timeScale,
      Math.min(real, MIN_SCALED_TICK_MS),
    );
  }
}
