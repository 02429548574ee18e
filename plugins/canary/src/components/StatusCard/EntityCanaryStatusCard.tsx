import { stringifyEntityRef } from '@backstage/catalog-model';
import { useRouteRef } from '@backstage/core-plugin-api';
import { entityRouteRef, useEntity } from '@backstage/plugin-catalog-react';
import { useEntityRollouts } from '../../hooks';
import { CanaryStatusCardView } from './CanaryStatusCardView';

/**
 * Props of {@link EntityCanaryStatusCard}.
 *
 * @public
 */
export type EntityCanaryStatusCardProps = {
  /** The Canary tab's path under the entity page; `canary` unless the app mounts it elsewhere. */
  tabPath?: string;
};

/**
 * The entity's rollouts in a small Overview card: phase per cluster, the one-line summary and a
 * link to the Canary tab.
 */
export const EntityCanaryStatusCard = ({
  tabPath = 'canary',
}: EntityCanaryStatusCardProps) => {
  const { entity } = useEntity();
  const entityLink = useRouteRef(entityRouteRef);
  const rollouts = useEntityRollouts(stringifyEntityRef(entity));
  const tabLink = `${entityLink({
    kind: entity.kind.toLocaleLowerCase('en-US'),
    namespace: entity.metadata.namespace ?? 'default',
    name: entity.metadata.name,
  })}/${tabPath.replace(/^\//, '')}`;
  return (
    <CanaryStatusCardView
      summary={rollouts.value?.summary}
      rollouts={rollouts.value?.items ?? []}
      errors={rollouts.value?.errors ?? []}
      tabLink={tabLink}
      loading={rollouts.loading}
      error={rollouts.value ? undefined : rollouts.error}
    />
  );
};
