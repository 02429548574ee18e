import { memo, useEffect, useState } from 'react';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
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
import { useMetrics, type MetricsRangeChoice } from '../../hooks';
import { MetricCard } from './MetricCard';
import { MetricChecksTable } from './MetricChecksTable';
import { MetricsRangePicker } from './MetricsRangePicker';
import { MetricsViewPicker, type MetricsView } from './MetricsViewPicker';

/** Props of {@link MetricsPanel}. */
export type MetricsPanelProps = {
  entityRef: string;
  canary: CanaryRef;
  /**
   * The run picked in the timeline: the default range is its start to its end, with its own
   * failed checks.
   */
  run?: RolloutRun;
  /** Changes when the tab refreshes, to reload metrics that can still change. */
  refreshKey?: number;
};

// A card's chart is drawn again only when its metric or range changes, not while they reload.
const MetricCardMemo = memo(MetricCard);

const when = (seconds: number) => new Date(seconds * 1000).toLocaleString();

/**
 * The analysis metrics of one canary over the picked time range: one card per metric, or every
 * metric's checks in one table.
 */
export const MetricsPanel = ({
  entityRef,
  canary,
  run,
  refreshKey,
}: MetricsPanelProps) => {
  const [choice, setChoice] = useState<MetricsRangeChoice>(
    run ? 'run' : 'last-hour',
  );
  // A run picked later (or another run) brings the range back to that run.
  const runId = run?.id;
  useEffect(() => {
    if (runId !== undefined) setChoice('run');
  }, [runId]);
  const effective: MetricsRangeChoice =
    choice === 'run' && !run ? 'last-hour' : choice;
  const metrics = useMetrics(entityRef, canary, effective, run, refreshKey);
  // Over a run's range the failed checks are that run's only, not a neighbour's in the margins.
  const checksOfRun = effective === 'run' && run ? run.number : undefined;
  const value = metrics.value;
  const [view, setView] = useState<MetricsView>('chart');

  return (
    <section aria-label="Metrics">
      <InfoCard
        title="Metrics"
        subheader={`Analysis metrics of ${canary.namespace}/${canary.name} on ${canary.cluster}: canary against primary`}
      >
        <Box
          display="flex"
          alignItems="center"
          flexWrap="wrap"
          mb={2}
          style={{ gap: 16 }}
        >
          <MetricsRangePicker
            value={effective}
            onChange={setChoice}
            runLabel={run ? `#${run.number}` : undefined}
          />
          <MetricsViewPicker value={view} onChange={setView} />
          {value && (
            <Typography variant="caption" color="textSecondary">
              {when(value.range.start)} – {when(value.range.end)}, a point every{' '}
              {value.range.stepSeconds}s
              {checksOfRun !== undefined &&
                ` · failed checks of run #${checksOfRun} only`}
            </Typography>
          )}
        </Box>
        {metrics.loading && <Progress />}
        {metrics.error && <ResponseErrorPanel error={metrics.error} />}
        {value && !value.metrics.length && (
          <Typography variant="body2" color="textSecondary">
            This canary's analysis has no metrics.
          </Typography>
        )}
        {value && value.metrics.length > 0 && view === 'checks' && (
          <MetricChecksTable metrics={value.metrics} range={value.range} />
        )}
        {value && value.metrics.length > 0 && view === 'chart' && (
          <Grid container spacing={2}>
            {value.metrics.map(metric => (
              <Grid item xs={12} lg={6} key={metric.name}>
                <MetricCardMemo metric={metric} range={value.range} />
              </Grid>
            ))}
          </Grid>
        )}
      </InfoCard>
    </section>
  );
};
