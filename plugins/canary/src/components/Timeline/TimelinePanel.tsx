import { memo, useEffect, useRef, useState } from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import type {
  CanaryRef,
  RolloutRun,
} from '@backstage-canary/plugin-canary-common';
import { useRuns, useTimeline } from '../../hooks';
import { EventList } from './EventList';
import { RunPicker } from './RunPicker';
import { WeightChart } from './WeightChart';

// Drawn again only when their items change (not while the runs or the timeline reload).
const WeightChartMemo = memo(WeightChart);
const EventListMemo = memo(EventList);

/** Props of {@link TimelinePanel}. */
export type TimelinePanelProps = {
  entityRef: string;
  canary: CanaryRef;
  /** Changes when the tab refreshes, to reload the runs and the timeline. */
  refreshKey?: number;
  /**
   * Told the run shown (the newest until another is picked), e.g. for the metrics' range, and
   * whether the user picked it.
   */
  onRunChange?: (run: RolloutRun | undefined, picked: boolean) => void;
};

/** The recorded runs of one canary and the timeline of the run picked (newest by default). */
export const TimelinePanel = ({
  entityRef,
  canary,
  refreshKey,
  onRunChange,
}: TimelinePanelProps) => {
  const runs = useRuns(entityRef, canary, refreshKey);
  const [runId, setRunId] = useState<number>();
  const newest = runs.runs?.[0]?.id;
  const selected = runId ?? newest;
  const timeline = useTimeline(entityRef, canary, selected, refreshKey);

  const selectedRun = runs.runs?.find(r => r.id === selected);
  const notify = useRef(onRunChange);
  notify.current = onRunChange;
  // Told once the runs are known (or cannot be read): before that, "no run" would be a guess.
  const runsKnown = runs.runs !== undefined || runs.error !== undefined;
  useEffect(
    () => {
      if (runsKnown) notify.current?.(selectedRun, runId !== undefined);
    },
    // The run matters only through its id and times.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [
      runsKnown,
      selectedRun?.id,
      selectedRun?.startedAt,
      selectedRun?.endedAt,
      runId,
    ],
  );

  useEffect(() => {
    setRunId(undefined);
  }, [canary.cluster, canary.namespace, canary.name]);

  const title = `Timeline: ${canary.namespace}/${canary.name} on ${canary.cluster}`;
  return (
    <InfoCard title={title}>
      {runs.loading && <Progress />}
      {runs.error && <ResponseErrorPanel error={runs.error} />}
      {runs.runs && !runs.runs.length && (
        <Typography variant="body2" color="textSecondary">
          No runs recorded yet for this canary.
        </Typography>
      )}
      {runs.runs && runs.runs.length > 0 && (
        <>
          <Box mb={2}>
            <RunPicker runs={runs.runs} value={selected} onChange={setRunId} />
          </Box>
          {timeline.loading && <Progress />}
          {timeline.error && <ResponseErrorPanel error={timeline.error} />}
          {timeline.items && (
            <>
              <WeightChartMemo items={timeline.items} />
              <Box mt={2}>
                <EventListMemo
                  items={timeline.items}
                  hasMore={timeline.hasMore}
                  loadingMore={timeline.loadingMore}
                  onLoadMore={timeline.loadMore}
                />
              </Box>
            </>
          )}
        </>
      )}
    </InfoCard>
  );
};
