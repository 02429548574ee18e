import { InputError, NotFoundError } from '@backstage/errors';
import {
  type Application,
  type Fleet,
  getFleetMembers,
  getKuratorPolicyDestination,
  getKuratorPolicyName,
  hasKuratorClusterSelector,
  isSelectedByKuratorDestination,
  kubeObjectPath,
  type KuratorDestination,
  type KuratorMemberCluster,
  type SyncPolicy,
} from '@backstage-canary/plugin-canary-common';
import type {
  ClusterCallContext,
  ClusterGateway,
} from '../cluster/ClusterGateway';
import type { ClusterNaming } from '../config/CanaryConfig';
import { toClusterProblem } from './clusterProblem';
import type { ClusterProblem } from './RolloutTarget';

/** A Kurator Application named by an entity, in its host cluster (or the configured one). */
export type KuratorApplicationRef = {
  namespace: string;
  name: string;
  hostCluster?: string;
};

/** A sync policy with a rollout, and the fleet members Kurator renders it on. */
export type PlacedKuratorPolicy = {
  index: number;
  /** Kurator's name of the policy (`kurator.dev/rollout` of what it renders). */
  name: string;
  policy: SyncPolicy;
  /** The fleet of the policy's destination; undefined when neither it nor the Application names one. */
  fleet?: string;
  /** The members of that fleet its cluster selector picks (Kurator names and kinds, fleet order). */
  members: KuratorMemberCluster[];
};

/** An entity's Kurator Application with its placed rollout policies and the clusters that failed. */
export type KuratorApplicationRead = {
  hostCluster: string;
  /** Undefined when the host cluster could not be read (its problem is in `errors`). */
  application?: Application;
  policies: PlacedKuratorPolicy[];
  errors: ClusterProblem[];
};

/** The API path of an Application. */
export const applicationPath = (namespace: string, name: string) =>
  kubeObjectPath('Application', namespace, name);

const fleetPath = (namespace: string, name: string) =>
  kubeObjectPath('Fleet', namespace, name);

const memberPath = (namespace: string, member: KuratorMemberCluster) =>
  kubeObjectPath(member.kind, namespace, member.name);

/** The host reads of one Application's placement, each object read once. */
class HostReads {
  private readonly fleets = new Map<string, Promise<Fleet | undefined>>();
  private readonly labels = new Map<
    string,
    Promise<Record<string, string> | undefined>
  >();

  private readonly gateway: ClusterGateway;
  private readonly hostCluster: string;
  private readonly namespace: string;
  private readonly errors: ClusterProblem[];
  private readonly context: ClusterCallContext;

  constructor(options: {
    gateway: ClusterGateway;
    hostCluster: string;
    namespace: string;
    errors: ClusterProblem[];
    context: ClusterCallContext;
  }) {
    this.gateway = options.gateway;
    this.hostCluster = options.hostCluster;
    this.namespace = options.namespace;
    this.errors = options.errors;
    this.context = options.context;
  }

  async membersOf(
    destination: KuratorDestination | undefined,
  ): Promise<KuratorMemberCluster[]> {
    if (!destination) return [];
    const fleet = await this.fleet(destination.fleet);
    if (!fleet) return [];
    const members = getFleetMembers(fleet).map(({ name, kind }) => ({
      name,
      kind,
    }));
    if (!hasKuratorClusterSelector(destination)) return members;
    const namespace = fleet.metadata.namespace ?? this.namespace;
    const selected = await Promise.all(
      members.map(async member => {
        const labels = await this.memberLabels(namespace, member);
        return labels && isSelectedByKuratorDestination(labels, destination);
      }),
    );
    return members.filter((_, i) => selected[i]);
  }

  private fleet(name: string): Promise<Fleet | undefined> {
    if (!this.fleets.has(name)) {
      this.fleets.set(
        name,
        this.gateway
          .get<Fleet>(
            this.hostCluster,
            fleetPath(this.namespace, name),
            this.context,
          )
          .catch(error => this.failed(error)),
      );
    }
    return this.fleets.get(name)!;
  }

  /** A member's labels; undefined (and a problem) when its object cannot be read. */
  private memberLabels(
    namespace: string,
    member: KuratorMemberCluster,
  ): Promise<Record<string, string> | undefined> {
    const path = memberPath(namespace, member);
    if (!this.labels.has(path)) {
      this.labels.set(
        path,
        this.gateway
          .get<{ metadata?: { labels?: Record<string, string> } }>(
            this.hostCluster,
            path,
            this.context,
          )
          .then(object => object.metadata?.labels ?? {})
          .catch(error => this.failed(error)),
      );
    }
    return this.labels.get(path)!;
  }

  private failed(error: unknown): undefined {
    this.errors.push(toClusterProblem(this.hostCluster, error));
    return undefined;
  }
}

/**
 * Reads an entity's Kurator Application and places each rollout policy as Kurator does: the
 * policy's destination or else the Application's, that destination's fleet, and the fleet's
 * members its `clusterSelector` picks by their labels (Cluster or AttachedCluster objects in the
 * fleet's namespace). The one place the entity read and the policy editor learn where a Kurator
 * rollout runs. A host that fails becomes a cluster problem; a missing Application or host cluster
 * is the caller's error.
 */
export class KuratorApplicationReader {
  private readonly gateway: ClusterGateway;
  private readonly config: ClusterNaming;

  constructor(options: { gateway: ClusterGateway; config: ClusterNaming }) {
    this.gateway = options.gateway;
    this.config = options.config;
  }

  async read(
    ref: KuratorApplicationRef,
    context: ClusterCallContext = {},
  ): Promise<KuratorApplicationRead> {
    const hostCluster = ref.hostCluster ?? this.config.hostCluster;
    if (!hostCluster) {
      throw new InputError(
        `Kurator Application ${ref.namespace}/${ref.name} needs a host cluster: add the annotation backstage-canary.io/host-cluster or configure canary.hostCluster`,
      );
    }
    let application: Application;
    try {
      application = await this.gateway.get<Application>(
        hostCluster,
        applicationPath(ref.namespace, ref.name),
        context,
      );
    } catch (error) {
      if (error instanceof NotFoundError) {
        throw new NotFoundError(
          `Kurator Application ${ref.namespace}/${ref.name} was not found in host cluster ${hostCluster}`,
        );
      }
      return {
        hostCluster,
        policies: [],
        errors: [toClusterProblem(hostCluster, error)],
      };
    }
    const errors: ClusterProblem[] = [];
    const host = new HostReads({
      gateway: this.gateway,
      hostCluster,
      namespace: ref.namespace,
      errors,
      context,
    });
    const policies = await Promise.all(
      application.spec.syncPolicies.flatMap((policy, index) => {
        if (!policy.rollout) return [];
        const destination = getKuratorPolicyDestination(application, policy);
        return [
          host.membersOf(destination).then(members => ({
            index,
            name: getKuratorPolicyName(application, index, policy),
            policy,
            fleet: destination?.fleet,
            members,
          })),
        ];
      }),
    );
    return { hostCluster, application, policies, errors };
  }
}
