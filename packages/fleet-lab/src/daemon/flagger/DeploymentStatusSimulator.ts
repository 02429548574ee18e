import { KubeClient, KubeObject, isConflict } from '../../lib/KubeClient';
import { kubeNow } from '../../domain/canaryConditions';
import { deploymentBehaviour } from '../imageBehaviour';

/**
 * Stands in for the kube-controller-manager's deployment controller (no pods run in the lab):
 * writes each Deployment's `/status` so that it looks rolled out — observedGeneration, replicas,
 * updated, ready and available replicas and the Available/Progressing conditions. Images tagged
 * `stuck` stay unavailable (MinimumReplicasUnavailable), so progress deadlines can expire.
 */
export class DeploymentStatusSimulator {
  /** When each (deployment uid, generation) was first seen unavailable. */
  private readonly unavailableSince = new Map<string, string>();

  constructor(
    private readonly client: KubeClient,
    private readonly log: (message: string) => void,
  ) {}

  desiredStatus(deployment: KubeObject): any {
    const replicas = deployment.spec?.replicas ?? 1;
    const generation = deployment.metadata.generation ?? 1;
    const behaviour = deploymentBehaviour(deployment);
    const previous = deployment.status ?? {};
    const now = kubeNow();
    const prevCondition = (type: string) =>
      (previous.conditions ?? []).find((c: any) => c.type === type);
    const cond = (
      type: string,
      status: string,
      reason: string,
      message: string,
      since?: string,
    ) => {
      const old = prevCondition(type);
      const same = old && old.status === status && old.reason === reason;
      return {
        type,
        status,
        lastUpdateTime: since ?? (same ? old.lastUpdateTime : now),
        lastTransitionTime:
          old && old.status === status ? old.lastTransitionTime : now,
        reason,
        message,
      };
    };
    const name = deployment.metadata.name;
    if (replicas === 0 || behaviour.becomesReady) {
      return {
        observedGeneration: generation,
        replicas,
        updatedReplicas: replicas,
        readyReplicas: replicas,
        availableReplicas: replicas,
        conditions: [
          cond(
            'Available',
            'True',
            'MinimumReplicasAvailable',
            'Deployment has minimum availability.',
          ),
          cond(
            'Progressing',
            'True',
            'NewReplicaSetAvailable',
            `ReplicaSet "${name}" has successfully progressed.`,
          ),
        ],
      };
    }
    const key = `${deployment.metadata.uid}/${generation}`;
    let since = this.unavailableSince.get(key);
    if (!since) {
      since = now;
      this.unavailableSince.set(key, since);
    }
    return {
      observedGeneration: generation,
      replicas,
      updatedReplicas: replicas,
      unavailableReplicas: replicas,
      conditions: [
        cond(
          'Available',
          'False',
          'MinimumReplicasUnavailable',
          'Deployment does not have minimum availability.',
          since,
        ),
        cond(
          'Progressing',
          'True',
          'ReplicaSetUpdated',
          `ReplicaSet "${name}" is progressing.`,
        ),
      ],
    };
  }

  private differs(current: any, desired: any): boolean {
    const pick = (s: any) => ({
      g: s?.observedGeneration ?? 0,
      r: s?.replicas ?? 0,
      u: s?.updatedReplicas ?? 0,
      rr: s?.readyReplicas ?? 0,
      a: s?.availableReplicas ?? 0,
      un: s?.unavailableReplicas ?? 0,
      c: (s?.conditions ?? [])
        .map((c: any) => `${c.type}=${c.status}/${c.reason}`)
        .sort()
        .join(','),
    });
    return JSON.stringify(pick(current)) !== JSON.stringify(pick(desired));
  }

  /** Brings every listed Deployment's status in line; returns how many were written. */
  async reconcile(deployments: KubeObject[]): Promise<number> {
    let written = 0;
    for (const deployment of deployments) {
      const desired = this.desiredStatus(deployment);
      if (!this.differs(deployment.status, desired)) {
        continue;
      }
      try {
        await this.client.replace({ ...deployment, status: desired }, 'status');
        written++;
      } catch (error) {
        if (!isConflict(error)) {
          this.log(
            `deployment status ${deployment.metadata.namespace}/${
              deployment.metadata.name
            }: ${(error as Error).message}`,
          );
        }
      }
    }
    if (this.unavailableSince.size > 1000) {
      this.unavailableSince.clear();
    }
    return written;
  }
}
