import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import type { ClusterFreshness } from '@backstage-canary/plugin-canary-common';
import { timeSince } from './formatDuration';

/** Props of {@link FreshnessNote}. */
export type FreshnessNoteProps = {
  freshness: ClusterFreshness;
  /** Now, in milliseconds. */
  now: number;
};

/**
 * How current a lane is: "Watched" while the backend's watches of its cluster are connected (the
 * tooltip says since when and when the cluster was last heard from), otherwise that it was read
 * from the cluster for this answer, and why. A lane never looks live when its cluster is not.
 */
export const FreshnessNote = ({ freshness, now }: FreshnessNoteProps) => {
  if (freshness.source === 'watch') {
    const heard = timeSince(freshness.lastContactAt, now);
    const since = freshness.connectedSince
      ? new Date(freshness.connectedSince).toLocaleTimeString()
      : undefined;
    return (
      <Tooltip
        title={`Watched since ${since ?? 'recently'}; last heard from ${
          freshness.cluster
        } ${heard ? `${heard} ago` : 'just now'}`}
      >
        <Typography variant="caption" color="textSecondary">
          Watched · in sync
        </Typography>
      </Tooltip>
    );
  }
  return (
    <Typography
      variant="caption"
      color={freshness.disconnected ? 'error' : 'textSecondary'}
      role="status"
    >
      Read from {freshness.cluster} for this answer
      {freshness.reason ? `: ${freshness.reason}` : ''}
    </Typography>
  );
};
