import { useEntity } from '@backstage/plugin-catalog-react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { getCanaryEntityTargets } from '@backstage-canary/plugin-canary-common';
import { Content } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import { CanaryEmptyState } from './CanaryEmptyState';
import { FleetView } from './FleetView';
import { RolloutSourcesCard } from './RolloutSourcesCard';
import { EditPolicyButton } from '../PolicyEditor';

/**
 * The Canary tab of an entity page.
 */
export const CanaryTab = () => {
  const { entity } = useEntity();
  const targets = getCanaryEntityTargets(entity);
  const resolvable = Boolean(
    targets.kuratorApplication || targets.canary || targets.labelSelector,
  );

  if (!resolvable && !targets.errors.length) {
    return (
      <Content>
        <CanaryEmptyState />
      </Content>
    );
  }
  return (
    <Content>
      {resolvable && (
        <Box display="flex" justifyContent="flex-end" mb={1}>
          <EditPolicyButton entityRef={stringifyEntityRef(entity)} />
        </Box>
      )}
      {resolvable && <FleetView entityRef={stringifyEntityRef(entity)} />}
      <Box mt={resolvable ? 3 : 0}>
        <RolloutSourcesCard targets={targets} />
      </Box>
    </Content>
  );
};
