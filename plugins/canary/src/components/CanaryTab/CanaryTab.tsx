import { useEntity } from '@backstage/plugin-catalog-react';
import { getCanaryEntityTargets } from '@backstage-canary/plugin-canary-common';
import { Content } from '@backstage/core-components';
import { CanaryEmptyState } from './CanaryEmptyState';
import { RolloutSourcesCard } from './RolloutSourcesCard';

/**
 * The Canary tab of an entity page.
 */
export const CanaryTab = () => {
  const { entity } = useEntity();
  const targets = getCanaryEntityTargets(entity);
  const resolvable = Boolean(
    targets.kuratorApplication || targets.canary || targets.labelSelector,
  );

  return (
    <Content>
      {resolvable || targets.errors.length ? (
        <RolloutSourcesCard targets={targets} />
      ) : (
        <CanaryEmptyState />
      )}
    </Content>
  );
};
