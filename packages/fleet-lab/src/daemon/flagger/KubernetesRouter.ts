import type { KubeObject } from '../../lib/KubeClient';
import { RouteTable, type Routes } from '../RouteTable';
import {
  analysisOf,
  ownerReference,
  serviceName,
  targetName,
} from './canarySpec';
import type { DeploymentController } from './DeploymentController';
import type { Canary, SchedulerDeps } from './schedulerTypes';

/**
 * Flagger's routers: the KubernetesRouter's ClusterIP services (`<svc>-canary`, `<svc>-primary`
 * and the apex pointing at the primary) and, in place of a mesh's VirtualService, the lab's
 * RouteTable entry the traffic simulator splits requests by. Weight changes also set
 * `flagger_canary_weight`.
 */
export class KubernetesRouter {
  constructor(
    private readonly deps: Pick<
      SchedulerDeps,
      'client' | 'reader' | 'routes' | 'cluster' | 'metrics'
    >,
    private readonly deployments: DeploymentController,
  ) {}

  private routeKey(cd: Canary): string {
    return RouteTable.key(
      this.deps.cluster,
      cd.metadata.namespace!,
      cd.metadata.name,
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
        ownerReferences: [ownerReference(cd)],
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
  async reconcileServices(cd: Canary) {
    const target = await this.deployments.getTarget(cd);
    const label = this.deployments.selectorLabel(target);
    const svc = serviceName(cd);
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

  /** MeshRouter.Reconcile: a canary without routes starts with all traffic on the primary. */
  reconcileMeshRoutes(cd: Canary) {
    if (!this.deps.routes.get(this.routeKey(cd))) {
      this.setRoutes(cd, 100, 0, false);
    }
  }

  /** MeshRouter.GetRoutes: the current split (all on the primary when none is set). */
  getRoutes(cd: Canary): Routes {
    return (
      this.deps.routes.get(this.routeKey(cd)) ?? {
        primary: 100,
        canary: 0,
        mirrored: false,
        matched: false,
      }
    );
  }

  /** MeshRouter.SetRoutes: weights and mirroring; `match` rules route A/B traffic by header. */
  setRoutes(cd: Canary, primary: number, canary: number, mirrored: boolean) {
    const matched = (analysisOf(cd).match ?? []).length > 0;
    this.deps.routes.set(this.routeKey(cd), {
      primary,
      canary,
      mirrored,
      matched,
    });
    this.deps.metrics.setWeight(
      targetName(cd),
      cd.metadata.namespace!,
      primary,
      canary,
    );
  }
}
