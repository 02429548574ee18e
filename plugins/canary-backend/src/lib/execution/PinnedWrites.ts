import { ConflictError, InputError } from '@backstage/errors';
import type {
  ClusterCallContext,
  ClusterGateway,
} from '../cluster/ClusterGateway';

/** How often a write is re-sent when only the object's status changed under it. */
const MAX_STATUS_RETRIES = 5;

/** The version of an object a write was decided on. */
export type Versioned = {
  metadata: { resourceVersion?: string; generation?: number };
};

/** The version of an object as read, for a write decided on it. */
export function versionOf(object: {
  metadata?: { resourceVersion?: string; generation?: number };
}): Versioned {
  return {
    metadata: {
      resourceVersion: object.metadata?.resourceVersion,
      generation: object.metadata?.generation,
    },
  };
}

type Current = Versioned & {
  spec?: { suspend?: boolean };
  status?: { phase?: string };
};

/** A JSON patch operation, as the API server takes it. */
export type PatchOperation = { op: string; path: string; value?: unknown };

function conflictWith(cluster: string, current: Current): ConflictError {
  const phase = current.status?.phase;
  return new ConflictError(
    `Cluster ${cluster}: the object changed while the action was decided; nothing was applied. It is now at resourceVersion ${
      current.metadata.resourceVersion
    }${phase ? `, phase ${phase}` : ''}${
      current.spec?.suspend ? ', paused' : ''
    }. Review the new state and try again.`,
  );
}

/**
 * Cluster writes that only apply to the version of the object they were decided on. A stale
 * version answers 409 (merge patch) or fails the JSON patch's `test` (422): the object is read
 * again. If only its status changed meanwhile (same generation: the controllers' own writes, which
 * Flagger, Kurator and the Deployment controller make every few seconds), the write is sent again
 * on the new version; if its spec changed, another change won: 409 with the current state.
 */
export class PinnedWrites {
  private readonly gateway: ClusterGateway;

  constructor(options: { gateway: ClusterGateway }) {
    this.gateway = options.gateway;
  }

  /** A JSON patch whose first operation tests the version the decision was made on. */
  jsonPatch(
    cluster: string,
    path: string,
    decidedOn: Versioned,
    operations: PatchOperation[],
    context: ClusterCallContext,
  ): Promise<void> {
    return this.guarded(cluster, path, decidedOn, context, resourceVersion =>
      this.gateway.patch(
        cluster,
        path,
        [
          {
            op: 'test',
            path: '/metadata/resourceVersion',
            value: resourceVersion,
          },
          ...operations,
        ],
        'json',
        context,
      ),
    );
  }

  /** A merge patch carrying the version the decision was made on. */
  mergePatch(
    cluster: string,
    path: string,
    decidedOn: Versioned,
    patch: Record<string, unknown>,
    context: ClusterCallContext,
  ): Promise<void> {
    return this.guarded(cluster, path, decidedOn, context, resourceVersion =>
      this.gateway.patch(
        cluster,
        path,
        {
          ...patch,
          metadata: {
            ...((patch.metadata as Record<string, unknown>) ?? {}),
            resourceVersion,
          },
        },
        'merge',
        context,
      ),
    );
  }

  private async guarded(
    cluster: string,
    path: string,
    object: Versioned,
    context: ClusterCallContext,
    send: (resourceVersion: string | undefined) => Promise<unknown>,
  ): Promise<void> {
    let decidedOn = object.metadata;
    for (let attempt = 1; ; attempt++) {
      try {
        await send(decidedOn.resourceVersion);
        return;
      } catch (error) {
        if (!(error instanceof ConflictError || error instanceof InputError)) {
          throw error;
        }
        const current = await this.gateway
          .get<Current>(cluster, path, context)
          .catch(() => undefined);
        // a 422 on an unchanged object is a bad patch, not a lost race
        const stale =
          error instanceof ConflictError ||
          current?.metadata.resourceVersion !== decidedOn.resourceVersion;
        if (!current || !stale) throw error;
        if (
          current.metadata.generation === decidedOn.generation &&
          attempt < MAX_STATUS_RETRIES
        ) {
          decidedOn = current.metadata;
          continue;
        }
        throw conflictWith(cluster, current);
      }
    }
  }
}
