import Box from '@material-ui/core/Box';
import { Alert } from '@material-ui/lab';
import type { MetricHealth } from '@backstage-canary/plugin-canary-common';

/** Props of {@link MetricHealthNote}. */
export type MetricHealthNoteProps = { health: MetricHealth };

/**
 * What is wrong with a metric's data and what to check (with its query, or why the query failed),
 * above its chart; nothing while it receives data. Gaps are a status, not an alert.
 */
export const MetricHealthNote = ({ health }: MetricHealthNoteProps) => {
  if (health.state === 'receiving') return null;
  const gaps = health.state === 'gaps';
  return (
    <Box mt={1}>
      <Alert
        severity={gaps ? 'info' : 'warning'}
        role={gaps ? 'status' : 'alert'}
      >
        {/* The query and the cluster's problems, isolated from the text around them. */}
        <bdi>{health.note}</bdi>
      </Alert>
    </Box>
  );
};
