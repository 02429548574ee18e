import { NotFoundError } from '@backstage/errors';
import {
  kubeApiVersionPath,
  kubeObjectPath,
  type RolloutOperation,
} from '@backstage-canary/plugin-canary-common';
import type {
  ClusterCallContext,
  ClusterGateway,
} from '../cluster/ClusterGateway';
import type { FoundRollout } from '../resolve/RolloutTarget';
import { patchIsNoop } from './jsonPointer';

/** One operation of a JSON patch (RFC 6902). */
export type JsonPatchOperation = { op: string; path: string; value?: unknown };

/**
 * The one cluster write a rollout action makes, without its resourceVersion precondition: what is
 * stored with the action while its outcome is not known, and what a later read of the object is
 * compared with to tell whether the write landed.
 */
export type ActionWrite = {
  cluster: string;
  /** The object's API path. */
  path: string;
  patch:
    | { type: 'json'; operations: JsonPatchOperation[] }
    | { type: 'merge'; value: Record<string, unknown> };
};

/**
 * The write a cluster-writing operation makes: the Canary's spec, the Kurator Application's
 * rollout policy (on the host cluster) or the target workload's pod template. Undefined for the
 * operations that write no cluster (gates).
 */
export function actionWriteOf(
  rollout: FoundRollout,
  operation: RolloutOperation,
): ActionWrite | undefined {
  switch (operation.type) {
    case 'patch-canary':
      return {
        cluster: rollout.cluster,
        path: kubeObjectPath('Canary', operation.namespace, operation.name),
        patch: operation.jsonPatch
          ? { type: 'json', operations: operation.jsonPatch }
          : { type: 'merge', value: operation.mergePatch ?? {} },
      };
    case 'patch-application': {
      const hostCluster = rollout.kurator?.hostCluster;
      if (!rollout.application || !hostCluster) {
        throw new NotFoundError(
          `The Kurator Application of ${rollout.namespace}/${rollout.name} is not known; annotate the entity with backstage-canary.io/kurator-application`,
        );
      }
      return {
        cluster: hostCluster,
        path: kubeObjectPath(
          'Application',
          operation.namespace,
          operation.name,
        ),
        patch: { type: 'json', operations: operation.jsonPatch },
      };
    }
    case 'patch-workload': {
      const base = kubeApiVersionPath(operation.apiVersion);
      const plural = `${operation.kind.toLowerCase()}s`;
      return {
        cluster: rollout.cluster,
        path: `${base}/namespaces/${operation.namespace}/${plural}/${operation.name}`,
        patch: { type: 'merge', value: operation.mergePatch },
      };
    }
    default:
      return undefined;
  }
}

/** Whether a JSON merge patch (RFC 7386) would leave the document as it is. */
export function mergePatchIsNoop(document: unknown, patch: unknown): boolean {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) {
    return JSON.stringify(document) === JSON.stringify(patch);
  }
  const object =
    document !== null &&
    typeof document === 'object' &&
    !Array.isArray(document)
      ? (document as Record<string, unknown>)
      : {};
  return Object.entries(patch as Record<string, unknown>).every(
    ([key, value]) =>
      value === null ? !(key in object) : mergePatchIsNoop(object[key], value),
  );
}

/** Whether `object` already holds what the write asks for. */
export function writeInPlace(object: unknown, write: ActionWrite): boolean {
  return write.patch.type === 'json'
    ? patchIsNoop(object, write.patch.operations)
    : mergePatchIsNoop(object, write.patch.value);
}

/** What a read of the cluster says about a write whose answer never came. */
export type WriteCheck =
  | { landed: true }
  | { landed: false }
  | { landed: 'unknown'; error: Error };

/**
 * Reads the written object to tell whether a write whose answer was lost (a timeout, a dropped
 * connection, an instance that died) is in place. An object that is gone holds no write.
 */
export async function checkWrite(
  gateway: ClusterGateway,
  write: ActionWrite,
  context?: ClusterCallContext,
): Promise<WriteCheck> {
  try {
    const object = await gateway.get(write.cluster, write.path, context);
    return { landed: writeInPlace(object, write) };
  } catch (error) {
    if (error instanceof NotFoundError) return { landed: false };
    return { landed: 'unknown', error: error as Error };
  }
}
