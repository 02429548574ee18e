import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { WeightReading } from '@backstage-canary/plugin-canary-common';

/** Props of {@link WeightReadout}. */
export type WeightReadoutProps = {
  weight: WeightReading;
};

/**
 * The canary's share of traffic: the real routing where known, and what `status.canaryWeight`
 * says when the two differ (it reads 0 in WaitingPromotion and Finalising).
 */
export const WeightReadout = ({ weight }: WeightReadoutProps) => {
  const { status, effective, note, matchedRequestsOnly } = weight;
  const differs = effective !== undefined && effective !== status;
  return (
    <Box>
      <Typography variant="overline" color="textSecondary" component="div">
        Canary traffic
      </Typography>
      <Typography variant="h6" component="div">
        {matchedRequestsOnly && 'Matched requests only'}
        {!matchedRequestsOnly &&
          (effective !== undefined ? `${effective}%` : 'unknown')}
      </Typography>
      {(differs || effective === undefined) && !matchedRequestsOnly && (
        <Typography variant="body2" color="textSecondary">
          status.canaryWeight reads {status}%
        </Typography>
      )}
      {note && (
        <Typography variant="body2" color="textSecondary">
          {note}
        </Typography>
      )}
    </Box>
  );
};
