import type { AuthService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { LRUCache } from 'lru-cache';
import { ANNOTATION_KUBERNETES_ID } from '@backstage-canary/plugin-canary-common';

/**
 * Which catalog entities claim a `backstage.io/kubernetes-id`. A cluster object's
 * `backstage.io/kubernetes-id` label binds it to an entity only when that entity alone claims the
 * id: anyone may register an entity with any annotation.
 */
export interface KubernetesIdClaims {
  /** The refs of every entity annotated with the id, whoever asks. */
  claimants(kubernetesId: string): Promise<string[]>;
}

/** Reads the claims from the catalog, as the plugin itself (every entity, whoever asks). */
export class CatalogKubernetesIdClaims implements KubernetesIdClaims {
  private readonly catalog: CatalogService;
  private readonly auth: AuthService;

  constructor(options: { catalog: CatalogService; auth: AuthService }) {
    this.catalog = options.catalog;
    this.auth = options.auth;
  }

  async claimants(kubernetesId: string): Promise<string[]> {
    const { items } = await this.catalog.getEntities(
      {
        filter: {
          [`metadata.annotations.${ANNOTATION_KUBERNETES_ID}`]: kubernetesId,
        },
        fields: ['kind', 'metadata.namespace', 'metadata.name'],
      },
      { credentials: await this.auth.getOwnServiceCredentials() },
    );
    return items.map(entity => stringifyEntityRef(entity));
  }
}

/** How long the catalog's answer about an id's claimants is remembered by default. */
export const DEFAULT_CLAIMS_TTL_MS = 5_000;

/**
 * Remembers each id's claimants for a few seconds (5 s by default), so that an open tab's repeated
 * reads of a rollout bound by its `backstage.io/kubernetes-id` do not query the catalog each time;
 * concurrent lookups of the same id share one query, and a failed one is not remembered. The
 * binding only ever holds for an entity that was the id's sole claimant within that time: a second
 * claim takes effect at the latest when the answer expires.
 */
export class RememberedKubernetesIdClaims implements KubernetesIdClaims {
  private readonly answers: LRUCache<string, string[]>;

  constructor(options: {
    claims: KubernetesIdClaims;
    ttlMs?: number;
    /** The clock, in milliseconds; `performance.now` by default. */
    now?: () => number;
  }) {
    const { claims } = options;
    this.answers = new LRUCache<string, string[]>({
      max: 10_000,
      ttl: options.ttlMs ?? DEFAULT_CLAIMS_TTL_MS,
      ttlResolution: 0,
      ...(options.now && { perf: { now: options.now } }),
      fetchMethod: id => claims.claimants(id),
    });
  }

  async claimants(kubernetesId: string): Promise<string[]> {
    const found = await this.answers.fetch(kubernetesId);
    // A fetch method that resolves always yields its value; this only satisfies the types.
    return found ?? [];
  }
}
