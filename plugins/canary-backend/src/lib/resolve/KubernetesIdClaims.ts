import type { AuthService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
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
