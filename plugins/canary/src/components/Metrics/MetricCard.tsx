import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import {
  metricHealth,
  type MetricSeries,
  type RolloutMetricsResponse,
} from '@backstage-canary/plugin-canary-common';
import { MetricChart } from './MetricChart';
import { MetricHealthChip } from './MetricHealthChip';
import { MetricHealthNote } from './MetricHealthNote';
import { MetricQueries } from './MetricQueries';
import { formatMetricValue } from './formatMetricValue';
import {
  latestOutOfRange,
  outOfRangeSamples,
  outOfRangeText,
} from './outOfRange';

/** Props of {@link MetricCard}. */
export type MetricCardProps = {
  metric: MetricSeries;
  range: RolloutMetricsResponse['range'];
};

const SOURCE_LABEL: Record<MetricSeries['source'], string> = {
  builtin: 'builtin',
  template: 'MetricTemplate',
  inline: 'inline query',
};

/** Failed checks listed under the chart; all of them are marked on it. */
const MAX_CHECKS_LISTED = 5;

const last = (series: Array<[number, number]>) =>
  series.length ? series[series.length - 1][1] : undefined;

/**
 * One analysis metric: whether it gets data, its accepted range, the latest canary and primary
 * values, the chart, what went wrong with its query or data, and the queries themselves.
 */
export const MetricCard = ({ metric, range }: MetricCardProps) => {
  const { unit } = metric.threshold;
  const hasSamples = metric.canary.length > 0 || metric.primary.length > 0;
  const latestCanary = last(metric.canary);
  const latestPrimary = last(metric.primary);
  const headingId = `canary-metric-${metric.name}`;
  const checks = [...metric.failedChecks].sort(
    (a, b) => Date.parse(b.at) - Date.parse(a.at),
  );
  const listed = checks.slice(0, MAX_CHECKS_LISTED);
  // Marked whether or not Flagger recorded a check: it halts on the first failing metric.
  const outOfRange = outOfRangeSamples(metric);
  const latestOut = latestOutOfRange(metric);
  // Whether the query gets data; when not, a note above the chart says what to check.
  const health = metricHealth(metric, range);
  return (
    <Paper variant="outlined" component="section" aria-labelledby={headingId}>
      <Box p={2}>
        <Box
          display="flex"
          alignItems="center"
          flexWrap="wrap"
          style={{ gap: 8 }}
        >
          <Typography variant="h6" component="h3" id={headingId}>
            {metric.name}
          </Typography>
          <Chip
            size="small"
            variant="outlined"
            label={SOURCE_LABEL[metric.source]}
          />
          <MetricHealthChip health={health} />
          {metric.failedChecks.length > 0 && (
            <Chip
              size="small"
              color="secondary"
              label={`${metric.failedChecks.length} failed check${
                metric.failedChecks.length === 1 ? '' : 's'
              }`}
            />
          )}
          {outOfRange.length > 0 && (
            <Chip
              size="small"
              color="secondary"
              variant="outlined"
              label={`${outOfRange.length} sample${
                outOfRange.length === 1 ? '' : 's'
              } out of range`}
            />
          )}
        </Box>
        <Typography variant="body2" color="textSecondary">
          Accepted: {metric.threshold.description}
          {metric.threshold.deprecatedThreshold
            ? ` (${metric.threshold.deprecatedThreshold})`
            : ''}
        </Typography>
        {(latestCanary !== undefined || latestPrimary !== undefined) && (
          <Typography variant="body2">
            Latest: canary{' '}
            {latestCanary === undefined
              ? '—'
              : formatMetricValue(latestCanary, unit)}
            {' · '}primary{' '}
            {latestPrimary === undefined
              ? '—'
              : formatMetricValue(latestPrimary, unit)}
          </Typography>
        )}
        {latestOut && (
          <Typography variant="body2" color="error" role="status">
            Out of range now: the canary's {outOfRangeText(latestOut, unit)}
            {metric.failedChecks.length === 0 &&
              ' (Flagger recorded no failed check for it: it halts on the first failing metric)'}
          </Typography>
        )}
        <MetricHealthNote health={health} />
        <Box mt={1}>
          {hasSamples ? (
            <MetricChart metric={metric} range={range} />
          ) : (
            <Typography variant="body2" color="textSecondary">
              No samples in this range — is traffic reaching the canary?
            </Typography>
          )}
        </Box>
        {metric.failedChecks.length > 0 && (
          <Box mt={1}>
            <Typography variant="caption" color="textSecondary">
              Failed checks, newest first
            </Typography>
            <ul
              aria-label={`Failed checks of ${metric.name}`}
              style={{ margin: 0, paddingLeft: 20 }}
            >
              {listed.map(check => (
                <li key={`${check.at}-${check.message}`}>
                  <Typography variant="body2" component="span">
                    {new Date(check.at).toLocaleTimeString()}:{' '}
                    {/* A cluster's message, isolated from the text around it. */}
                    <bdi>{check.message}</bdi>
                  </Typography>
                </li>
              ))}
              {checks.length > listed.length && (
                <li>
                  <Typography
                    variant="body2"
                    component="span"
                    color="textSecondary"
                  >
                    and {checks.length - listed.length} earlier
                  </Typography>
                </li>
              )}
            </ul>
          </Box>
        )}
        <MetricQueries
          name={metric.name}
          query={metric.query}
          primaryQuery={metric.primaryQuery}
        />
      </Box>
    </Paper>
  );
};
