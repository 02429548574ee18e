import { flaggerEvent } from '../../domain/flaggerEvents';
import { type KubeObject, isConflict } from '../../lib/KubeClient';
import {
  analysisOf,
  deadlineSeconds,
  ownerReference,
  skipsAnalysis,
  targetName,
} from './canarySpec';
import { deploymentReadiness } from './deploymentReadiness';
import type { Canary, SchedulerDeps } from './schedulerTypes';

/** The selector label Flagger rewrites for the primary. */
export type SelectorLabel = { key: string; value: string };

/** The canary's answer to "is the new revision ready": retriable false once its deadline passed. */
export type CanaryReadiness = { retriable: boolean; error?: string };

/**
 * Flagger's DeploymentController (pkg/canary/deployment_controller.go): the target and its
 * `<target>-primary` copy, their readiness (the rules of `deploymentReadiness`), promotion and
 * scaling. Reads come from the cache when there is one; no pods run, the lab's
 * DeploymentStatusSimulator writes the statuses these readiness checks read.
 */
export class DeploymentController {
  constructor(
    private readonly deps: Pick<
      SchedulerDeps,
      'client' | 'reader' | 'log' | 'timeScale'
    >,
  ) {}

  private deploymentRef(namespace: string, name: string) {
    return { apiVersion: 'apps/v1', kind: 'Deployment', namespace, name };
  }

  /** The target Deployment (a "not found" error when it does not exist). */
  getTarget(cd: Canary): Promise<KubeObject> {
    const cached = this.deps.reader?.deployment(
      cd.metadata.namespace!,
      targetName(cd),
    );
    if (cached) return Promise.resolve(cached);
    return this.deps.client.get(
      this.deploymentRef(cd.metadata.namespace!, targetName(cd)),
    );
  }

  /** `fresh`: from the API even with a cache (a retry after a conflict). */
  getPrimary(cd: Canary, fresh = false): Promise<KubeObject | undefined> {
    const cached = fresh
      ? undefined
      : this.deps.reader?.deployment(
          cd.metadata.namespace!,
          `${targetName(cd)}-primary`,
        );
    if (cached) return Promise.resolve(cached);
    return this.deps.client.getOrUndefined(
      this.deploymentRef(cd.metadata.namespace!, `${targetName(cd)}-primary`),
    );
  }

  /** The label Flagger rewrites for the primary: the first of app, name, app.kubernetes.io/name. */
  selectorLabel(target: KubeObject): SelectorLabel {
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

  private primaryTemplate(target: KubeObject, label: SelectorLabel) {
    const template = JSON.parse(JSON.stringify(target.spec.template ?? {}));
    template.metadata = template.metadata ?? {};
    template.metadata.labels = {
      ...(template.metadata.labels ?? {}),
      [label.key]: `${label.value}-primary`,
    };
    return template;
  }

  /** DeploymentController.Initialize: create `<target>-primary`, scale the target to zero once ready. */
  async initialize(cd: Canary) {
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
          name: `${targetName(cd)}-primary`,
          namespace,
          labels,
          annotations,
          ownerReferences: [ownerReference(cd)],
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
        `${namespace}/${cd.metadata.name}: created ${targetName(cd)}-primary`,
      );
    }
    const phase = cd.status?.phase ?? '';
    if (phase === '' || phase === 'Initializing') {
      if (!skipsAnalysis(cd)) {
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
            targetName(cd),
            namespace,
            (error as Error).message,
          ).message,
        );
      }
    }
  }

  /** IsPrimaryReady: the error text when the primary cannot carry traffic, else undefined. */
  primaryNotReady(
    cd: Canary,
    primary: KubeObject | undefined,
  ): string | undefined {
    const ns = cd.metadata.namespace!;
    if (!primary) {
      return flaggerEvent(
        'primaryNotReady',
        targetName(cd),
        ns,
        'deployment not found',
      ).message;
    }
    if ((primary.spec?.replicas ?? 1) === 0) {
      return flaggerEvent('primaryScaledToZero', targetName(cd), ns).message;
    }
    const r = deploymentReadiness(
      primary,
      deadlineSeconds(cd, this.deps.timeScale),
      analysisOf(cd).primaryReadyThreshold ?? 100,
    );
    return r.ready
      ? undefined
      : flaggerEvent('primaryNotReady', targetName(cd), ns, r.error!).message;
  }

  /** IsCanaryReady: readiness of the target, and whether waiting for it is still worth it. */
  async canaryReadiness(cd: Canary): Promise<CanaryReadiness> {
    const target = await this.getTarget(cd);
    const r = deploymentReadiness(
      target,
      deadlineSeconds(cd, this.deps.timeScale),
      analysisOf(cd).canaryReadyThreshold ?? 100,
    );
    if (r.ready) {
      return { retriable: true };
    }
    return {
      retriable: r.retriable,
      error: flaggerEvent(
        'canaryNotReady',
        targetName(cd),
        cd.metadata.namespace!,
        r.error!,
      ).message,
    };
  }

  /** DeploymentController.Promote: copy the target's template spec into the primary. */
  async promote(cd: Canary) {
    const target = await this.getTarget(cd);
    const label = this.selectorLabel(target);
    for (let attempt = 0; attempt < 5; attempt++) {
      const primary = await this.getPrimary(cd, attempt > 0);
      if (!primary) {
        throw new Error(
          `deployment ${targetName(cd)}-primary.${
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

  private async scale(namespace: string, name: string, replicas: number) {
    await this.deps.client.patch(this.deploymentRef(namespace, name), {
      spec: { replicas },
    });
  }

  /** ScaleToZero: the canary (target) stops running between runs. */
  async scaleToZero(cd: Canary) {
    await this.scale(cd.metadata.namespace!, targetName(cd), 0);
  }

  /** ScaleFromZero: a new run starts the target at its own replica count (at least 1). */
  async scaleFromZero(cd: Canary) {
    const target = await this.getTarget(cd);
    const replicas = target.spec?.replicas > 0 ? target.spec.replicas : 1;
    await this.scale(cd.metadata.namespace!, targetName(cd), replicas);
  }
}
