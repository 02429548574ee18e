import type { CanaryPhase } from '@backstage-canary/plugin-canary-common';
import { type KubeObject, isConflict } from '../../lib/KubeClient';
import { kubeNow, makeStatusConditions } from '../../domain/canaryConditions';
import { analysisOf, targetName } from './canarySpec';
import type { DeploymentController } from './DeploymentController';
import {
  type Canary,
  FLAGGER_GROUP_VERSION,
  type SchedulerDeps,
} from './schedulerTypes';
import { templateHash } from './templateHash';

/** resourceVersions are etcd revisions in the lab: a smaller one is an older version. */
function olderThan(object: KubeObject, resourceVersion: number | undefined) {
  const own = Number(object.metadata.resourceVersion);
  return (
    resourceVersion !== undefined &&
    Number.isFinite(own) &&
    own < resourceVersion
  );
}

/**
 * Reads a Canary and writes its `/status` (Flagger's pkg/canary/status.go: SyncStatus,
 * SetStatusPhase and friends). With a cache, it remembers the resourceVersion of its own last
 * write of each Canary, so a tick never starts from a cached copy older than that write.
 */
export class CanaryStatusStore {
  /** resourceVersion of this scheduler's last write of each Canary (with a cache only). */
  private readonly written = new Map<string, number>();

  constructor(
    private readonly deps: Pick<SchedulerDeps, 'client' | 'reader' | 'metrics'>,
    private readonly deployments: DeploymentController,
  ) {}

  /** The Canary as the tick starts: from the cache when it is there and not older than our writes. */
  async readCanary(
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

  /** Drops what is remembered of a deleted Canary. */
  forget(namespace: string, name: string) {
    this.written.delete(`${namespace}/${name}`);
  }

  /**
   * Writes `mutate`'s change of the status, retrying conflicts on a fresh read (5 attempts), and
   * updates `cd`'s status and resourceVersion to the written ones.
   */
  async updateStatus(
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
      applyConditions(status, 'Initializing', cd.spec.targetRef.kind, now);
    });
  }

  /** canary.SyncStatus: phase/weight/checks/iterations plus lastAppliedSpec of the current target. */
  async syncStatus(
    cd: Canary,
    next: {
      phase: CanaryPhase;
      canaryWeight?: number;
      failedChecks?: number;
      iterations?: number;
    },
  ) {
    const target = await this.deployments.getTarget(cd);
    const hash = templateHash(target);
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
      applyConditions(status, next.phase, cd.spec.targetRef.kind, now);
    });
  }

  /** canary.SetStatusPhase (weight reset outside Progressing/Waiting/Promoting). */
  async setStatusPhase(cd: Canary, phase: CanaryPhase) {
    const now = kubeNow();
    const iterations = analysisOf(cd).iterations ?? 0;
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
      applyConditions(status, phase, cd.spec.targetRef.kind, now);
    });
    this.deps.metrics.setStatus(targetName(cd), cd.metadata.namespace!, phase);
  }

  /** canary.SetStatusWeight / SetStatusIterations / SetStatusFailedChecks. */
  async setStatusField(
    cd: Canary,
    field: 'canaryWeight' | 'iterations' | 'failedChecks',
    value: number,
  ) {
    const now = kubeNow();
    await this.updateStatus(cd, status => {
      status[field] = value;
      status.lastTransitionTime = now;
    });
  }
}

/** Sets the Promoted condition for the phase, when the phase changes it. */
function applyConditions(
  status: any,
  phase: CanaryPhase,
  kind: string,
  now: string,
) {
  const conditions = makeStatusConditions(status.conditions, phase, kind, now);
  if (conditions) {
    status.conditions = conditions;
  }
}
