import { InfoCard } from '@backstage/core-components';
import type { CanaryEntityTargets } from '@backstage-canary/plugin-canary-common';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import { Alert } from '@material-ui/lab';

/** Props of {@link RolloutSourcesCard}. */
export type RolloutSourcesCardProps = {
  targets: CanaryEntityTargets;
};

/**
 * Where the Canary tab looks for this entity's rollouts, as read from its annotations.
 */
export const RolloutSourcesCard = ({ targets }: RolloutSourcesCardProps) => {
  const { kuratorApplication, canary, labelSelector, errors } = targets;
  return (
    <InfoCard title="Rollout sources">
      {errors.map(error => (
        <Alert key={error} severity="error">
          {error}
        </Alert>
      ))}
      <List dense>
        {kuratorApplication && (
          <ListItem>
            <ListItemText
              primary={`Kurator Application ${kuratorApplication.namespace}/${kuratorApplication.name}`}
              secondary={
                kuratorApplication.hostCluster
                  ? `in host cluster ${kuratorApplication.hostCluster}; its rollout on every cluster of the fleet`
                  : 'in the fleet host cluster; its rollout on every cluster of the fleet'
              }
            />
          </ListItem>
        )}
        {canary && (
          <ListItem>
            <ListItemText
              primary={`Flagger Canary ${canary.namespace}/${canary.name}`}
              secondary="a native canary, on every cluster that has it"
            />
          </ListItem>
        )}
        {labelSelector && (
          <ListItem>
            <ListItemText
              primary={`Canaries labelled ${labelSelector}`}
              secondary="on every cluster configured for the Kubernetes plugin"
            />
          </ListItem>
        )}
      </List>
    </InfoCard>
  );
};
