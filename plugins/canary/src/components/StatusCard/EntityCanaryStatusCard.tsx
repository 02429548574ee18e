import { stringifyEntityRef } from '@backstage/catalog-model';
import { useRouteRef } from '@backstage/core-plugin-api';
import { entityRouteRef, useEntity } from '@backstage/plugin-catalog-react';
import { useMemo } from 'react';
import {
  POLL_INTERVAL_MS,
  SIGNALS_POLL_INTERVAL_MS,
  useEntityRollouts,
  usePolling,
  useRolloutSignals,
} from '../../hooks';
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
 * link to the Canary tab. It stays current as the tab does: a change signal about one of its
 * canaries reads them again, and it polls (slower while signals arrive).
 */
export const EntityCanaryStatusCard = ({
  tabPath = 'canary',
}: EntityCanaryStatusCardProps) => {
  const { entity } = useEntity();
  const entityLink = useRouteRef(entityRouteRef);
  const rollouts = useEntityRollouts(stringifyEntityRef(entity));
  const items = useMemo(() => rollouts.value?.items ?? [], [rollouts.value]);
  const { live } = useRolloutSignals(items, rollouts.retry);
  usePolling(
    rollouts.retry,
    live ? SIGNALS_POLL_INTERVAL_MS : POLL_INTERVAL_MS,
  );
  const tabLink = `${entityLink({
    kind: entity.kind.toLocaleLowerCase('en-US'),
    namespace: entity.metadata.namespace ?? 'default',
    name: entity.metadata.name,
  })}/${tabPath.replace(/^\//, '')}`;
  return (
    <CanaryStatusCardView
      summary={rollouts.value?.summary}
      rollouts={items}
      errors={rollouts.value?.errors ?? []}
      tabLink={tabLink}
      loading={rollouts.loading}
      error={rollouts.value ? undefined : rollouts.error}
    />
  );
};
