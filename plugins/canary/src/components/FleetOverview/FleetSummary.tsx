import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { Alert } from '@material-ui/lab';
import type { ClusterProblem } from '@backstage-canary/plugin-canary-common';

/** Props of {@link FleetSummary}. */
export type FleetSummaryProps = {
  summary: string;
  errors: ClusterProblem[];
};

/** The fleet's one-line summary and the failures not tied to one cluster's canary. */
export const FleetSummary = ({ summary, errors }: FleetSummaryProps) => (
  <Box>
    <Typography variant="h5" component="p" aria-label="Fleet summary">
      {summary}
    </Typography>
    {errors.map(problem => (
      <Box mt={1} key={`${problem.cluster}:${problem.name}:${problem.message}`}>
        <Alert severity="warning">
          {problem.cluster}: {problem.message}
        </Alert>
      </Box>
    ))}
  </Box>
);
