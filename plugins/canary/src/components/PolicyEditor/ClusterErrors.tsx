import Alert from '@material-ui/lab/Alert';
import type { ClusterProblem } from '@backstage-canary/plugin-canary-common';

/** Props of {@link ClusterErrors}. */
export type ClusterErrorsProps = { errors?: ClusterProblem[] };

/** Clusters that could not be read, one alert each; the others still answer. */
export const ClusterErrors = ({ errors }: ClusterErrorsProps) => (
  <>
    {(errors ?? []).map(e => (
      <Alert key={`${e.cluster}:${e.message}`} severity="warning">
        {e.cluster}: {e.message}
      </Alert>
    ))}
  </>
);
