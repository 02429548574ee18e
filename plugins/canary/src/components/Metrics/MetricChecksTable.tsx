import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { alpha, makeStyles } from '@material-ui/core/styles';
import {
  metricMeasurements,
  type MetricMeasurement,
  type MetricUnit,
  type RolloutMetricsResponse,
} from '@backstage-canary/plugin-canary-common';
import { VerdictChip } from './VerdictChip';
import { formatMetricValue } from './formatMetricValue';
import { outOfRangeText } from './outOfRange';

const useStyles = makeStyles(theme => ({
  failed: { backgroundColor: alpha(theme.palette.error.main, 0.12) },
}));

/** Props of {@link MetricChecksTable}. */
export type MetricChecksTableProps = {
  metrics: RolloutMetricsResponse['metrics'];
  range: RolloutMetricsResponse['range'];
};

type Row = MetricMeasurement & { unit: MetricUnit };

const value = (v: number | undefined, unit: MetricUnit) =>
  v === undefined ? '—' : formatMetricValue(v, unit);

/** Why a row failed: the bound crossed and Flagger's messages. */
const why = (row: Row) =>
  [
    ...(row.crossed && row.value !== undefined
      ? [outOfRangeText({ value: row.value, ...row.crossed }, row.unit)]
      : []),
    ...row.failedChecks,
  ].join('\n') || undefined;

/**
 * Every metric's analysis intervals in the range, newest first, as Argo Rollouts lists its
 * measurements: the time, the metric, the canary's and the primary's values, the accepted range
 * and the verdict; failed rows are highlighted.
 */
export const MetricChecksTable = ({
  metrics,
  range,
}: MetricChecksTableProps) => {
  const classes = useStyles();
  const rows: Row[] = metrics
    .flatMap(metric =>
      metricMeasurements(metric, range).map(row => ({
        ...row,
        unit: metric.threshold.unit,
      })),
    )
    .sort(
      (a, b) =>
        Date.parse(b.at) - Date.parse(a.at) || a.metric.localeCompare(b.metric),
    );
  if (!rows.length) {
    return (
      <Typography variant="body2" color="textSecondary">
        No metric has a sample or a failed check in this range.
      </Typography>
    );
  }
  return (
    <TableContainer style={{ maxHeight: 560 }}>
      <Table size="small" stickyHeader aria-label="Checks of every metric">
        <TableHead>
          <TableRow>
            <TableCell>Time</TableCell>
            <TableCell>Metric</TableCell>
            <TableCell align="right">Canary</TableCell>
            <TableCell align="right">Primary</TableCell>
            <TableCell>Accepted</TableCell>
            <TableCell>Verdict</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map(row => (
            <TableRow
              key={`${row.metric}-${row.at}`}
              className={row.verdict === 'fail' ? classes.failed : undefined}
              data-verdict={row.verdict}
            >
              <TableCell>{new Date(row.at).toLocaleString()}</TableCell>
              <TableCell>{row.metric}</TableCell>
              <TableCell align="right">{value(row.value, row.unit)}</TableCell>
              <TableCell align="right">
                {value(row.primaryValue, row.unit)}
              </TableCell>
              <TableCell>{row.threshold}</TableCell>
              <TableCell>
                <VerdictChip verdict={row.verdict} title={why(row)} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
};
