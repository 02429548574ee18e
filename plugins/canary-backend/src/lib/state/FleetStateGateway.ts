import { NotFoundError } from '@backstage/errors';
import type {
  ClusterCallContext,
  ClusterGateway,
  KubeList,
} from '../cluster/ClusterGateway';
import { ForwardingClusterGateway } from '../cluster/ForwardingClusterGateway';
import type { FleetState } from './FleetState';
import { parseLabelSelector } from './labelSelector';
import type { WatchedCollection } from './WatchedCollection';

/** Where an object path points: its collection's cluster-wide path, namespace and name. */
type ObjectAddress = {
  collectionPath: string;
  namespace?: string;
  name: string;
};

/**
 * A ClusterGateway that answers reads of watched objects from the fleet state, while their cluster
 * is connected, and sends everything else to the cluster: writes, watches, reads with a query,
 * objects not watched, clusters read live. Callers get copies, never the state's own objects.
 * What a cached read answers is what the cluster answered at its last event: writes still carry a
 * resourceVersion precondition, so a decision made on it can never apply to a newer object.
 */
export class FleetStateGateway extends ForwardingClusterGateway {
  private readonly state: FleetState;

  constructor(options: { live: ClusterGateway; state: FleetState }) {
    super({ inner: options.live });
    this.state = options.state;
  }

  /** The clusters as last discovered (every 30 s), or the Kubernetes plugin's answer before. */
  async listClusters(context?: ClusterCallContext): Promise<string[]> {
    const known = this.state.clusters();
    return known.length ? known : this.inner.listClusters(context);
  }

  async get<T>(
    cluster: string,
    path: string,
    context?: ClusterCallContext,
  ): Promise<T> {
    const address = path.includes('?') ? undefined : objectAddress(path);
    if (address) this.refuseAbsent(cluster, address.collectionPath);
    const collection = address && this.watched(cluster, address.collectionPath);
    if (!address || !collection)
      return this.inner.get<T>(cluster, path, context);
    const object = collection.get(address.namespace, address.name);
    if (!object) {
      throw new NotFoundError(
        `Cluster ${cluster}: ${collection.spec.resource} "${address.name}" not found`,
      );
    }
    return structuredClone(object) as T;
  }

  async list<T>(
    cluster: string,
    path: string,
    query: Record<string, string> = {},
    context?: ClusterCallContext,
  ): Promise<KubeList<T>> {
    const address = collectionAddress(path);
    if (address) this.refuseAbsent(cluster, address.collectionPath);
    const collection = address && this.watched(cluster, address.collectionPath);
    const { labelSelector, ...rest } = query;
    const matches =
      labelSelector === undefined
        ? () => true
        : parseLabelSelector(labelSelector);
    if (!collection || !matches || Object.keys(rest).length) {
      return this.inner.list<T>(cluster, path, query, context);
    }
    const items = [...collection.values()].filter(
      object =>
        (address.namespace === undefined ||
          object.metadata?.namespace === address.namespace) &&
        matches(object.metadata?.labels),
    );
    return { items: structuredClone(items) as T[], metadata: {} };
  }

  /**
   * A resource the connected cluster does not serve (no CRD: Flagger or Kurator not installed
   * there) is not found, as the cluster answered when it was last listed, without another call:
   * through a slow network each such read cost a round trip per answer.
   */
  private refuseAbsent(cluster: string, collectionPath: string) {
    const resource = this.state.watchedResource(collectionPath);
    const absence = resource && this.state.absence(cluster, resource);
    if (absence) throw new NotFoundError(absence.message);
  }

  private watched(
    cluster: string,
    collectionPath: string,
  ): WatchedCollection | undefined {
    const resource = this.state.watchedResource(collectionPath);
    return resource ? this.state.collection(cluster, resource) : undefined;
  }
}

/** How many segments name the API group and version: `/api/v1`, `/apis/<group>/<version>`. */
const API_PREFIX_LENGTHS = new Map([
  ['api', 2],
  ['apis', 3],
]);

/** `/apis/g/v/...` as its group-version base and the segments after it. */
function splitApiPath(
  path: string,
): { base: string; rest: string[] } | undefined {
  const parts = path.split('/').slice(1);
  const prefixLength = API_PREFIX_LENGTHS.get(parts[0]);
  if (!prefixLength) return undefined;
  return {
    base: `/${parts.slice(0, prefixLength).join('/')}`,
    rest: parts.slice(prefixLength),
  };
}

/**
 * `/api/v1/namespaces/x`, `/api/v1/namespaces/ns/pods/x`, `/apis/g/v/namespaces/ns/res/x` and
 * `/apis/g/v/res/x` (cluster-scoped), as collection path, namespace and name.
 */
export function objectAddress(path: string): ObjectAddress | undefined {
  const split = splitApiPath(path);
  if (!split) return undefined;
  const { base, rest } = split;
  if (rest.length === 4 && rest[0] === 'namespaces') {
    return {
      collectionPath: `${base}/${rest[2]}`,
      namespace: rest[1],
      name: rest[3],
    };
  }
  if (rest.length === 2) {
    return { collectionPath: `${base}/${rest[0]}`, name: rest[1] };
  }
  return undefined;
}

/** `/apis/g/v/res` or `/apis/g/v/namespaces/ns/res`, as collection path and namespace. */
export function collectionAddress(
  path: string,
): { collectionPath: string; namespace?: string } | undefined {
  const split = splitApiPath(path);
  if (!split) return undefined;
  const { base, rest } = split;
  if (rest.length === 1) return { collectionPath: `${base}/${rest[0]}` };
  if (rest.length === 3 && rest[0] === 'namespaces') {
    return { collectionPath: `${base}/${rest[2]}`, namespace: rest[1] };
  }
  return undefined;
}
