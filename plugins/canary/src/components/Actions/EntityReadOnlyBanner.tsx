import Box from '@material-ui/core/Box';
import useAsync from 'react-use/esm/useAsync';
import { useApiHolder } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import type { ResourcePermission } from '@backstage/plugin-permission-common';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import {
  type Entity,
  parseEntityRef,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  canaryRolloutAbortPermission,
  canaryRolloutApprovePermission,
  canaryRolloutPausePermission,
  canaryRolloutPromotePermission,
  canaryRolloutRetryPermission,
} from '@backstage-canary/plugin-canary-common';
import { ReadOnlyBanner } from './ReadOnlyBanner';

/** The owners of an entity as entity refs: its ownedBy relations, else `spec.owner`. */
export function entityOwners(entity: Entity | undefined): string[] {
  if (!entity) return [];
  const related = (entity.relations ?? [])
    .filter(relation => relation.type === RELATION_OWNED_BY)
    .map(relation => relation.targetRef);
  if (related.length) return related;
  const owner = entity.spec?.owner;
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

const useAllowed = (permission: unknown, resourceRef: string) =>
  usePermission({
    permission: permission as ResourcePermission,
    resourceRef,
  });

/** Props of {@link EntityReadOnlyBanner}. */
export type EntityReadOnlyBannerProps = { entityRef: string };

/**
 * The read-only banner for an entity, shown when the user holds none of the rollout actions'
 * permissions on it; the owners come from the catalog.
 */
export const EntityReadOnlyBanner = ({
  entityRef,
}: EntityReadOnlyBannerProps) => {
  const decisions = [
    useAllowed(canaryRolloutPausePermission, entityRef),
    useAllowed(canaryRolloutPromotePermission, entityRef),
    useAllowed(canaryRolloutAbortPermission, entityRef),
    useAllowed(canaryRolloutRetryPermission, entityRef),
    useAllowed(canaryRolloutApprovePermission, entityRef),
  ];
  const readOnly = decisions.every(d => !d.loading && !d.allowed);
  const catalogApi = useApiHolder().get(catalogApiRef);
  const {
    value: entity,
    loading,
    error,
  } = useAsync(
    async () =>
      readOnly && catalogApi ? catalogApi.getEntityByRef(entityRef) : undefined,
    [readOnly, catalogApi, entityRef],
  );
  if (!readOnly || loading) return null;
  return (
    <Box mt={2}>
      <ReadOnlyBanner
        owners={entityOwners(entity)}
        ownersUnknown={Boolean(error) || !catalogApi}
      />
    </Box>
  );
};
