import type { AuthService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  type Entity,
  parseEntityRef,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_CANARY,
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_LABEL_SELECTOR,
  ANNOTATION_KURATOR_APPLICATION,
  type Canary,
  type CanaryRef,
  getCanaryEntityTargets,
  isKuratorManaged,
} from '@backstage-canary/plugin-canary-common';
import type { EntityRolloutFinder } from '../resolve/EntityRolloutFinder';

const PAGE = 100;

/** A catalog entity a canary belongs to, with the refs of its owners. */
export type CanaryOwner = { entity: Entity; owners: string[] };

/**
 * Finds the catalog entities a canary belongs to (the reverse of the entity's rollout lookup): the
 * entities whose canary annotations could name it are read from the catalog, narrowed by what the
 * canary shows (its name, labels, Kurator ownership), then confirmed by resolving each entity's
 * rollouts the way the Canary tab does. Runs with the plugin's own credentials (background work).
 */
export class CanaryOwnerLookup {
  private readonly catalog: CatalogService;
  private readonly auth: AuthService;
  private readonly finder: EntityRolloutFinder;

  constructor(options: {
    catalog: CatalogService;
    auth: AuthService;
    finder: EntityRolloutFinder;
  }) {
    this.catalog = options.catalog;
    this.auth = options.auth;
    this.finder = options.finder;
  }

  async ownersOf(key: CanaryRef, canary: Canary): Promise<CanaryOwner[]> {
    const credentials = await this.auth.getOwnServiceCredentials();
    const candidates: Entity[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.catalog.queryEntities(
        cursor
          ? { cursor, limit: PAGE }
          : {
              limit: PAGE,
              filter: [
                ANNOTATION_KURATOR_APPLICATION,
                ANNOTATION_CANARY,
                ANNOTATION_KUBERNETES_ID,
                ANNOTATION_KUBERNETES_LABEL_SELECTOR,
              ].map(annotation => ({
                [`metadata.annotations.${annotation}`]: CATALOG_FILTER_EXISTS,
              })),
            },
        { credentials },
      );
      candidates.push(...page.items.filter(e => mayName(e, key, canary)));
      cursor = page.pageInfo.nextCursor;
    } while (cursor);

    const owning = await Promise.all(
      candidates.map(async entity => {
        try {
          const found = await this.finder.find(entity);
          // Only an entity the cluster side binds to the canary owns it: an annotation alone
          // must not subscribe anyone to another team's rollout.
          return found.rollouts.some(
            r =>
              r.binding?.bound &&
              r.cluster === key.cluster &&
              r.namespace === key.namespace &&
              r.name === key.name,
          )
            ? entity
            : undefined;
        } catch {
          return undefined; // An entity whose rollouts cannot be resolved owns nothing here.
        }
      }),
    );
    return owning
      .filter((entity): entity is Entity => Boolean(entity))
      .map(entity => ({ entity, owners: ownersOf(entity) }));
  }
}

/** Whether an entity's annotations could resolve to this canary (a cheap filter before the lookup). */
function mayName(entity: Entity, key: CanaryRef, canary: Canary): boolean {
  const targets = getCanaryEntityTargets(entity);
  if (targets.kuratorApplication && isKuratorManaged(canary)) return true;
  if (
    targets.canary &&
    targets.canary.namespace === key.namespace &&
    targets.canary.name === key.name
  ) {
    return true;
  }
  if (targets.labelSelector) {
    return selectorMayMatch(targets.labelSelector, canary.metadata.labels);
  }
  return false;
}

/**
 * Whether a label selector matches the labels. Equality terms (`a=b`, `a==b`, `a!=b`) are checked;
 * a selector with set-based terms is left to the full lookup.
 */
export function selectorMayMatch(
  selector: string,
  labels: Record<string, string> = {},
): boolean {
  for (const term of selector.split(',').map(t => t.trim())) {
    if (!term) continue;
    const match = /^([^!=\s]+)\s*(==|=|!=)\s*([^\s]*)$/.exec(term);
    if (!match) return true;
    const [, label, op, value] = match;
    const equal = labels[label] === value;
    if (op === '!=' ? equal : !equal) return false;
  }
  return true;
}

/** The owners of an entity: its ownedBy relations, or its spec.owner. */
export function ownersOf(entity: Entity): string[] {
  const related = (entity.relations ?? [])
    .filter(r => r.type === RELATION_OWNED_BY)
    .map(r => r.targetRef);
  if (related.length) return [...new Set(related)];
  const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
  if (typeof owner !== 'string' || !owner) return [];
  try {
    return [
      stringifyEntityRef(
        parseEntityRef(owner, {
          defaultKind: 'group',
          defaultNamespace: entity.metadata.namespace ?? 'default',
        }),
      ),
    ];
  } catch {
    return [];
  }
}
