import { parseEntityRef } from '@backstage/catalog-model';
import type { EntityFilter } from '@backstage/plugin-catalog-react';
import { CANARY_ENTITY_ANNOTATIONS } from '@backstage-canary/plugin-canary-common';

/** The catalog's query predicate, as the entity list takes it. */
type FilterPredicate = Exclude<
  ReturnType<NonNullable<EntityFilter['getCatalogQuery']>>,
  undefined
>;

/**
 * What the catalog's Canary filter keeps: entities set up for canary delivery, those with a
 * rollout waiting for approval or failed, or those of them that need the user.
 *
 * @public
 */
export type CanaryStatusFilterValue =
  | 'uses-canary'
  | 'needs-attention'
  | 'needs-you';

/** The values the filter takes, in the order the picker offers them. */
export const CANARY_STATUS_FILTER_VALUES: CanaryStatusFilterValue[] = [
  'uses-canary',
  'needs-attention',
  'needs-you',
];

/** A predicate no entity matches: every entity has a kind. */
const NOTHING: FilterPredicate = { $not: { kind: { $exists: true } } };

/**
 * The catalog list filter behind the Canary picker. `uses-canary` asks the catalog for entities
 * with any annotation the Canary tab resolves rollouts from; the other two ask for the entities
 * the inbox listed (`entityRefs`), so the catalog pages and counts them as usual.
 */
export class CanaryStatusFilter implements EntityFilter {
  constructor(
    readonly value: CanaryStatusFilterValue,
    readonly entityRefs: string[] = [],
  ) {}

  getCatalogQuery(): FilterPredicate {
    if (this.value === 'uses-canary') {
      return {
        $any: CANARY_ENTITY_ANNOTATIONS.map(
          annotation =>
            ({
              [`metadata.annotations.${annotation}`]: { $exists: true },
            } as FilterPredicate),
        ),
      };
    }
    if (!this.entityRefs.length) return NOTHING;
    return {
      $any: this.entityRefs.map(ref => {
        const { kind, namespace, name } = parseEntityRef(ref);
        return {
          kind,
          'metadata.namespace': namespace,
          'metadata.name': name,
        };
      }),
    };
  }

  toQueryValue(): string {
    return this.value;
  }
}
