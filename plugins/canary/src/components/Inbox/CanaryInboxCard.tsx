import { InfoCard } from '@backstage/core-components';
import { CanaryInboxList, type CanaryInboxListProps } from './CanaryInboxList';

/**
 * Props of {@link CanaryInboxCard}.
 *
 * @public
 */
export type CanaryInboxCardProps = CanaryInboxListProps & {
  title?: string;
};

/**
 * A card of the rollouts that wait for approval or failed, across the entities the user may read.
 *
 * @public
 */
export const CanaryInboxCard = ({
  title = 'Canary inbox',
  ...props
}: CanaryInboxCardProps) => (
  <InfoCard
    title={title}
    subheader="Rollouts waiting for approval or failed, in the entities you may read"
  >
    <CanaryInboxList {...props} />
  </InfoCard>
);
