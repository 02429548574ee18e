import { NotFoundError } from '@backstage/errors';
import {
  kubeApiVersionPath,
  kubeObjectPath,
  type PolicyClusterChange,
  type PolicyObject,
  type PolicyObjectChange,
} from '@backstage-canary/plugin-canary-common';
import type {
  ClusterCallContext,
  ClusterGateway,
} from '../cluster/ClusterGateway';
import { toClusterProblem } from '../resolve/clusterProblem';
import { carryOverCanary } from './carryOverCanary';
import { createMergePatch } from './mergePatch';
import { diffObject, objectLabel } from './objectDiff';
import type { PlannedClusterChange } from './PolicyPlan';

// The resources a policy change writes, by kind.
const PLURALS: Record<string, string> = {
  Application: 'applications',
  Canary: 'canaries',
  MetricTemplate: 'metrictemplates',
};

/** The collection path of an object (`/apis/<group>/<version>/namespaces/<ns>/<plural>`). */
export function collectionPath(object: PolicyObject): string {
  const plural = PLURALS[object.kind];
  if (!plural) {
    throw new Error(
      `A policy change cannot write objects of kind ${object.kind}`,
    );
  }
  return `${kubeApiVersionPath(object.apiVersion)}/namespaces/${
    object.metadata.namespace
  }/${plural}`;
}

/**
 * The body that updates `current` to `desired`: the desired content over the object as the
 * cluster holds it (its labels and annotations kept unless the policy sets them), with the
 * current metadata, without status and managedFields.
 */
export function updateBody(
  current: PolicyObject,
  desired: PolicyObject,
): PolicyObject {
  const {
    status: _currentStatus,
    metadata: currentMeta,
    ...currentBody
  } = current as PolicyObject & { status?: unknown };
  const {
    status: _desiredStatus,
    metadata: desiredMeta,
    ...desiredBody
  } = desired as PolicyObject & { status?: unknown };
  const metadata: Record<string, unknown> = { ...currentMeta };
  delete metadata.managedFields;
  if (desiredMeta.labels) {
    metadata.labels = { ...currentMeta.labels, ...desiredMeta.labels };
  }
  if (desiredMeta.annotations) {
    metadata.annotations = {
      ...currentMeta.annotations,
      ...desiredMeta.annotations,
    };
  }
  return {
    ...currentBody,
    ...desiredBody,
    metadata: metadata as PolicyObject['metadata'],
  };
}

/**
 * The merge patch that updates `current` to {@link updateBody}, with the resourceVersion just read
 * as precondition (the server answers 409 when the object changed since). A merge patch needs only
 * the `patch` verb, which is what the rollout actions need too. Undefined when the object already
 * holds what the policy renders: nothing needs writing.
 */
export function updatePatch(
  current: PolicyObject,
  desired: PolicyObject,
): Record<string, unknown> | undefined {
  const { status: _status, ...held } = current as PolicyObject & {
    status?: unknown;
  };
  const heldMeta: Record<string, unknown> = { ...held.metadata };
  delete heldMeta.managedFields;
  const patch = createMergePatch(
    { ...held, metadata: heldMeta },
    updateBody(current, desired),
  );
  if (!patch) return undefined;
  return {
    ...patch,
    metadata: {
      ...(patch.metadata as Record<string, unknown> | undefined),
      resourceVersion: current.metadata.resourceVersion,
    },
  };
}

/**
 * Writes planned objects to their clusters through the ClusterGateway, as a server-side dry run
 * (`dryRun=All`: validated, defaulted and admitted, nothing stored) or for real: each object is
 * created, or updated (merge patch) with the resourceVersion just read as precondition; an object
 * that already holds what the policy renders is not written. Answers, per cluster and object, the
 * operation and a diff of what is there against what the server would store (or stored). Clusters
 * run in parallel; a failing cluster or object is reported and the rest still answer. A real
 * apply stops at a cluster's first failing object. What Kurator renders on its members (changes
 * marked `rendered`) is only compared with what each member holds, in dry runs.
 */
export class PolicyChanger {
  private readonly gateway: ClusterGateway;

  constructor(options: { gateway: ClusterGateway }) {
    this.gateway = options.gateway;
  }

  async run(
    changes: PlannedClusterChange[],
    options: { dryRun: boolean; context?: ClusterCallContext },
  ): Promise<PolicyClusterChange[]> {
    return Promise.all(
      changes
        // What Kurator renders on members is shown by dry runs; an apply writes the host only.
        .filter(change => options.dryRun || !change.rendered)
        .map(change =>
          change.rendered
            ? this.compareRendered(change, options.context)
            : this.runCluster(change, options),
        ),
    );
  }

  /**
   * Compares what Kurator would render on a member with what the member holds now, read-only:
   * Kurator, not the backend, writes there. The rendered content is laid over the object as the
   * member holds it (as Kurator's update would), so labels and fields Kurator does not render do
   * not show as changes.
   */
  private async compareRendered(
    change: PlannedClusterChange,
    context?: ClusterCallContext,
  ): Promise<PolicyClusterChange> {
    const { cluster } = change;
    const objects: PolicyObjectChange[] = [];
    for (const rendered of change.objects) {
      const path = `${collectionPath(rendered)}/${rendered.metadata.name}`;
      let current: PolicyObject | undefined;
      let desired = rendered;
      try {
        current = await this.gateway.get<PolicyObject>(cluster, path, context);
      } catch (error) {
        if (!(error instanceof NotFoundError)) {
          return {
            cluster,
            role: change.role,
            rendered: true,
            objects,
            error: toClusterProblem(cluster, error),
          };
        }
      }
      try {
        desired = await this.withMemberTargetPort(
          cluster,
          rendered,
          current,
          context,
        );
      } catch {
        // The member's Service cannot be read: compare the rendering as it is.
      }
      objects.push({
        apiVersion: desired.apiVersion,
        kind: desired.kind,
        namespace: desired.metadata.namespace ?? '',
        name: desired.metadata.name ?? '',
        resourceVersion: current?.metadata.resourceVersion,
        ...diffObject(
          current,
          current ? updateBody(current, desired) : desired,
        ),
      });
    }
    return { cluster, role: change.role, rendered: true, objects };
  }

  /**
   * Kurator sets a Canary's `service.targetPort` from the member's existing Service (the port whose
   * `port` is the rollout's port), not from the policy: it is taken from the Canary the member
   * holds, else read from that Service, so members do not show a change the policy does not make.
   */
  private async withMemberTargetPort(
    cluster: string,
    rendered: PolicyObject,
    current: PolicyObject | undefined,
    context?: ClusterCallContext,
  ): Promise<PolicyObject> {
    type ServiceSpec = Record<string, unknown> & {
      port?: number;
      name?: string;
    };
    const service = (rendered.spec as { service?: ServiceSpec })?.service;
    if (
      rendered.kind !== 'Canary' ||
      !service ||
      service.targetPort !== undefined
    ) {
      return rendered;
    }
    let targetPort = (current?.spec as { service?: ServiceSpec } | undefined)
      ?.service?.targetPort;
    if (targetPort === undefined && !current && service.name) {
      const held = await this.gateway.get<{
        spec?: { ports?: Array<{ port?: number; targetPort?: unknown }> };
      }>(
        cluster,
        kubeObjectPath('Service', rendered.metadata.namespace, service.name),
        context,
      );
      targetPort = held.spec?.ports?.find(
        p => p.port === service.port,
      )?.targetPort;
    }
    if (targetPort === undefined) return rendered;
    return {
      ...rendered,
      spec: {
        ...(rendered.spec as Record<string, unknown>),
        service: { ...service, targetPort },
      },
    };
  }

  private async runCluster(
    change: PlannedClusterChange,
    options: { dryRun: boolean; context?: ClusterCallContext },
  ): Promise<PolicyClusterChange> {
    const { cluster } = change;
    const context = { ...options.context, dryRun: options.dryRun };
    const objects: PolicyObjectChange[] = [];
    for (const desired of change.objects) {
      const collection = collectionPath(desired);
      const path = `${collection}/${desired.metadata.name}`;
      let current: PolicyObject | undefined;
      try {
        current = await this.gateway.get<PolicyObject>(cluster, path, context);
      } catch (error) {
        if (!(error instanceof NotFoundError)) {
          // The cluster cannot be read: nothing sensible can be said about its other objects.
          return {
            cluster,
            role: change.role,
            objects,
            error: toClusterProblem(cluster, error),
          };
        }
      }
      const described = {
        apiVersion: desired.apiVersion,
        kind: desired.kind,
        namespace: desired.metadata.namespace ?? '',
        name: desired.metadata.name ?? '',
        resourceVersion: current?.metadata.resourceVersion,
      };
      // A native Canary keeps what the policy does not own (pause state, webhook names, fields
      // the policy model does not cover): applying the policy read from it changes nothing.
      const wanted =
        current && desired.kind === 'Canary'
          ? carryOverCanary(current, desired)
          : desired;
      const patch = current ? updatePatch(current, wanted) : undefined;
      if (current && !patch) {
        objects.push({ ...described, operation: 'unchanged', diff: '' });
        continue;
      }
      try {
        const stored = current
          ? await this.gateway.patch<PolicyObject>(
              cluster,
              path,
              patch,
              'merge',
              context,
            )
          : await this.gateway.create<PolicyObject>(
              cluster,
              collection,
              desired,
              context,
            );
        objects.push({ ...described, ...diffObject(current, stored) });
      } catch (error) {
        objects.push({
          ...described,
          operation: current ? 'update' : 'create',
          diff: '',
          error: toClusterProblem(cluster, error),
        });
        if (!options.dryRun) {
          return {
            cluster,
            role: change.role,
            objects,
            error: {
              ...toClusterProblem(cluster, error),
              message: `${objectLabel(
                desired,
              )} was not applied, and nothing after it on this cluster: ${
                (error as Error).message
              }`,
            },
          };
        }
      }
    }
    return { cluster, role: change.role, objects };
  }
}
