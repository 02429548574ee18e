import type { Entity } from '@backstage/catalog-model';
import { isCanaryAvailable } from '@backstage-canary/plugin-canary-common';

/**
 * Whether an entity page shows the Canary tab: any entity that carries one of the annotations the
 * tab resolves rollouts from, and every Component that is deployed (all but `library`), so an
 * owner who has not set canaries up yet finds the tab and what to configure. Libraries, APIs,
 * systems, groups, users and the like get no tab unless annotated.
 *
 * @public
 */
export const isCanaryTabShown = (entity: Entity): boolean =>
  isCanaryAvailable(entity) ||
  (entity.kind.toLocaleLowerCase('en-US') === 'component' &&
    entity.spec?.type !== 'library');
