import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import Typography from '@material-ui/core/Typography';
import { InfoCard, Link } from '@backstage/core-components';
import type {
  ClusterProblem,
  RolloutSummary,
} from '@backstage-canary/plugin-canary-common';
import { PhaseChip } from '../FleetOverview';

/** Props of {@link CanaryStatusCardView}. */
export type CanaryStatusCardViewProps = {
  /** The one-line summary of the fleet, e.g. "2 of 3 clusters promoted, 1 waiting for approval". */
  summary?: string;
  rollouts: RolloutSummary[];
  /** Clusters that could not be read. */
  errors: ClusterProblem[];
  /** Where the Canary tab is. */
  tabLink: string;
  /** Set while the first answer is awaited. */
  loading?: boolean;
  /** Why the rollouts could not be read. */
  error?: Error;
};

/**
 * A small card of an entity's rollouts for its Overview: the phase on each cluster, the fleet's
 * one-line summary and a link to the Canary tab.
 */
export const CanaryStatusCardView = ({
  summary,
  rollouts,
  errors,
  tabLink,
  loading,
  error,
}: CanaryStatusCardViewProps) => (
  <InfoCard
    title="Canary"
    subheader="Progressive delivery on each cluster"
    deepLink={{ title: 'Open the Canary tab', link: tabLink }}
  >
    {loading && (
      <Typography variant="body2" color="textSecondary">
        Reading the rollouts…
      </Typography>
    )}
    {error && (
      <Typography variant="body2" color="error">
        Could not read the rollouts: {error.message}
      </Typography>
    )}
    {!loading && !error && (
      <>
        <Typography variant="body1">
          {summary || 'No canary found on any cluster yet.'}
        </Typography>
        {rollouts.length > 0 && (
          <List dense aria-label="Phase per cluster">
            {rollouts.map(rollout => (
              <ListItem
                key={`${rollout.cluster}/${rollout.namespace}/${rollout.name}`}
                disableGutters
                aria-label={`${rollout.namespace}/${rollout.name} on ${rollout.cluster}`}
              >
                <Box
                  display="flex"
                  width="100%"
                  alignItems="center"
                  justifyContent="space-between"
                  style={{ gap: 8 }}
                >
                  <Typography variant="body2">
                    {rollout.cluster}{' '}
                    <Typography
                      component="span"
                      variant="caption"
                      color="textSecondary"
                    >
                      {rollout.namespace}/{rollout.name}
                    </Typography>
                  </Typography>
                  {rollout.state ? (
                    <PhaseChip
                      label={rollout.state.label}
                      tone={rollout.state.tone}
                      phase={rollout.state.phase}
                    />
                  ) : (
                    <Typography variant="caption" color="textSecondary">
                      {rollout.error ? 'Could not be read' : 'Not found'}
                    </Typography>
                  )}
                </Box>
              </ListItem>
            ))}
          </List>
        )}
        {errors.length > 0 && (
          <Typography variant="body2" color="textSecondary">
            Could not read{' '}
            {[...new Set(errors.map(e => e.cluster))].sort().join(', ')}: see
            the <Link to={tabLink}>Canary tab</Link>.
          </Typography>
        )}
      </>
    )}
  </InfoCard>
);
