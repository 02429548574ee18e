import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ANNOTATION_ENTITY_REF,
  ANNOTATION_KUBERNETES_ID,
  bindingHint,
  kubeObjectPath,
  LABEL_KUBERNETES_ID,
  readObjectClaim,
  type RolloutBinding,
} from '@backstage-canary/plugin-canary-common';
import type {
  ClusterCallContext,
  ClusterGateway,
} from '../cluster/ClusterGateway';
import type { KubernetesIdClaims } from './KubernetesIdClaims';

/** A cluster object that may prove a binding: a Canary or a Kurator Application. */
export type BindingObject = {
  /** Backstage cluster name. */
  cluster: string;
  /** `Canary` or `Application`, for messages. */
  kind: string;
  object: {
    metadata?: {
      name?: string;
      namespace?: string;
      labels?: Record<string, string>;
      annotations?: Record<string, string>;
    };
  };
};

type Namespace = BindingObject['object'];

/**
 * Decides whether the cluster side agrees that a rollout belongs to an entity (DESIGN's trust
 * model): the Canary or the Kurator Application, or else its namespace, carries the annotation
 * `backstage-canary.io/entity-ref` naming the entity, or the label `backstage.io/kubernetes-id`
 * equal to the entity's id when no other catalog entity claims that id.
 */
export class RolloutBinder {
  private readonly gateway: ClusterGateway;
  private readonly claims: KubernetesIdClaims;

  constructor(options: {
    gateway: ClusterGateway;
    claims: KubernetesIdClaims;
  }) {
    this.gateway = options.gateway;
    this.claims = options.claims;
  }

  /** A binder for one entity and one lookup: namespaces and claims are read once each. */
  forEntity(entity: Entity, context: ClusterCallContext = {}) {
    const ref = stringifyEntityRef(entity);
    const kubernetesId =
      entity.metadata.annotations?.[ANNOTATION_KUBERNETES_ID];
    const namespaces = new Map<string, Promise<Namespace | Error>>();
    const claims = new Map<string, Promise<string[] | Error>>();
    const claimantsOf = (id: string) => {
      if (!claims.has(id)) {
        claims.set(
          id,
          this.claims.claimants(id).catch((error: Error) => error),
        );
      }
      return claims.get(id)!;
    };

    const readNamespace = (cluster: string, name: string) => {
      const key = `${cluster}/${name}`;
      if (!namespaces.has(key)) {
        namespaces.set(
          key,
          this.gateway
            .get<Namespace>(
              cluster,
              kubeObjectPath('Namespace', undefined, name),
              context,
            )
            .catch((error: Error) => error),
        );
      }
      return namespaces.get(key)!;
    };

    /** Whether this entity alone claims its kubernetes-id; why not otherwise. */
    const soleClaim = async (): Promise<string | undefined> => {
      const found = await claimantsOf(kubernetesId!);
      if (found instanceof Error) {
        return `the catalog could not tell which entities claim ${ANNOTATION_KUBERNETES_ID} ${kubernetesId} (${found.message})`;
      }
      const others = found.filter(
        other =>
          other.toLocaleLowerCase('en-US') !== ref.toLocaleLowerCase('en-US'),
      );
      return others.length
        ? `${ANNOTATION_KUBERNETES_ID} ${kubernetesId} is also claimed by ${others.join(
            ', ',
          )}, so the label ${LABEL_KUBERNETES_ID} proves nothing`
        : undefined;
    };

    const bind = async (target: BindingObject): Promise<RolloutBinding> => {
      const { cluster, kind, object } = target;
      const namespace = object.metadata?.namespace;
      const described = `${kind} ${namespace ? `${namespace}/` : ''}${
        object.metadata?.name
      } on cluster ${cluster}`;
      const hint = bindingHint(ref, described, namespace);
      const judge = async (
        claimed: BindingObject['object'],
        what: string,
      ): Promise<RolloutBinding | undefined> => {
        const claim = readObjectClaim(claimed, { ref, kubernetesId });
        if (claim === 'names-entity') {
          return {
            bound: true,
            proof: `${what} names ${ref} (${ANNOTATION_ENTITY_REF})`,
          };
        }
        if (claim === 'names-other') {
          return {
            bound: false,
            reason: `Not bound: ${what} names other entities in ${ANNOTATION_ENTITY_REF} (${claimed.metadata?.annotations?.[ANNOTATION_ENTITY_REF]}); ${hint}`,
          };
        }
        if (claim === 'kubernetes-id') {
          const problem = await soleClaim();
          return problem
            ? { bound: false, reason: `Not bound: ${problem}; ${hint}` }
            : {
                bound: true,
                proof: `${what} carries ${LABEL_KUBERNETES_ID}=${kubernetesId}, claimed by ${ref} alone`,
              };
        }
        return undefined;
      };

      const byObject = await judge(object, described);
      if (byObject) return byObject;
      // An object labelled with another entity's kubernetes-id belongs to that entity: its
      // namespace cannot give it to this one.
      const otherId = object.metadata?.labels?.[LABEL_KUBERNETES_ID];
      if (otherId) {
        const others = await claimantsOf(otherId);
        if (others instanceof Error || others.length) {
          return {
            bound: false,
            reason: `Not bound: ${described} carries ${LABEL_KUBERNETES_ID}=${otherId}, ${
              others instanceof Error
                ? `and the catalog could not tell who claims it (${others.message})`
                : `claimed by ${others.join(', ')}`
            }; ${hint}`,
          };
        }
      }
      if (namespace) {
        const ns = await readNamespace(cluster, namespace);
        if (ns instanceof Error) {
          return {
            bound: false,
            reason: `Not bound: ${described} carries no proof and its namespace could not be read (${ns.message}); ${hint}`,
          };
        }
        const byNamespace = await judge(
          ns,
          `namespace ${namespace} on cluster ${cluster}`,
        );
        if (byNamespace) return byNamespace;
      }
      return { bound: false, reason: `Not bound: ${hint}` };
    };

    return { bind };
  }
}
