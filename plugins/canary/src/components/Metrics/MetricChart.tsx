import { useMemo } from 'react';
import { useTheme } from '@material-ui/core/styles';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceArea,
  ReferenceDot,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type {
  MetricSeries,
  RolloutMetricsResponse,
} from '@backstage-canary/plugin-canary-common';
import { axisUnit, formatMetricValue } from './formatMetricValue';
import { outOfRangeSamples } from './outOfRange';

/** Props of {@link MetricChart}. */
export type MetricChartProps = {
  metric: MetricSeries;
  range: RolloutMetricsResponse['range'];
  height?: number;
};

type Point = { t: number; canary?: number; primary?: number };

const time = (ms: number) => new Date(ms).toLocaleTimeString();

/** The canary's and the primary's points merged by time (ms). */
export function mergeSeries(metric: MetricSeries): Point[] {
  const byTime = new Map<number, Point>();
  const add = (series: Array<[number, number]>, key: 'canary' | 'primary') => {
    for (const [seconds, value] of series) {
      if (!Number.isFinite(value)) continue;
      const t = seconds * 1000;
      const point = byTime.get(t) ?? { t };
      point[key] = value;
      byTime.set(t, point);
    }
  };
  add(metric.canary, 'canary');
  add(metric.primary, 'primary');
  return [...byTime.values()].sort((a, b) => a.t - b.t);
}

/** A round step of about a quarter of `span`: 1, 2, 2.5 or 5 times a power of ten. */
function niceStep(span: number): number {
  const rough = span / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].find(f => f * power >= rough) ?? 10;
  return step * power;
}

/**
 * A Y range and its ticks that show the values, the threshold and the failed checks, with some
 * headroom, on round numbers (percentages within 0-100).
 */
export function valueAxis(
  metric: MetricSeries,
  points: Point[],
): { domain: [number, number]; ticks: number[] } {
  const values = [
    ...points.flatMap(p => [p.canary, p.primary]),
    metric.threshold.min,
    metric.threshold.max,
    ...metric.failedChecks.map(c => c.value),
  ].filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (!values.length) return { domain: [0, 1], ticks: [0, 1] };
  const lowest = Math.min(...values);
  const highest = Math.max(...values);
  const span = highest - lowest || Math.abs(highest) || 1;
  const step = niceStep(span * 1.2);
  let low = Math.floor((lowest - span * 0.05) / step) * step;
  let high = Math.ceil((highest + span * 0.05) / step) * step;
  if (lowest >= 0) low = Math.max(0, low);
  if (metric.threshold.unit === 'percent') high = Math.min(100, high);
  const ticks: number[] = [];
  for (let t = low; t <= high + step / 1000; t += step) {
    ticks.push(Number(t.toPrecision(12)));
  }
  return { domain: [low, high], ticks };
}

/** "1 failed check", "2 failed checks". */
const counted = (count: number, noun: string) =>
  `${count} ${noun}${count === 1 ? '' : 's'}`;

/**
 * One metric over time: the canary and the primary as two lines, the accepted range as a band with
 * its bounds as dashed lines, the failed analysis checks as red dots and every canary sample out of
 * the range as a red ring, whether or not Flagger recorded a check for it.
 */
export const MetricChart = ({
  metric,
  range,
  height = 220,
}: MetricChartProps) => {
  const theme = useTheme();
  const points = useMemo(() => mergeSeries(metric), [metric]);
  const { domain, ticks } = useMemo(
    () => valueAxis(metric, points),
    [metric, points],
  );
  const [low, high] = domain;
  const { unit, min, max } = metric.threshold;
  const xDomain: [number, number] = [range.start * 1000, range.end * 1000];
  const failed = metric.failedChecks
    .map(check => ({
      ...check,
      t: Date.parse(check.at),
      y: check.value ?? check.threshold,
    }))
    .filter(
      c =>
        c.y !== undefined &&
        !Number.isNaN(c.t) &&
        c.t >= xDomain[0] &&
        c.t <= xDomain[1],
    );
  // Samples out of range are marked too, whether or not Flagger recorded a check for them.
  const outOfRange = outOfRangeSamples(metric).map(sample => ({
    ...sample,
    t: sample.t * 1000,
  }));
  const format = (value: number) => formatMetricValue(value, unit);
  const boundLabel = (prefix: string, value: number) => ({
    value: `${prefix} ${format(value)}`,
    position: 'insideTopRight' as const,
    fill: theme.palette.text.secondary,
    fontSize: 11,
  });

  return (
    <figure
      style={{ margin: 0 }}
      aria-label={`${metric.name} over time: canary ${
        metric.canary.length
      } samples, primary ${metric.primary.length} samples, accepted ${
        metric.threshold.description
      }, ${counted(outOfRange.length, 'canary sample')} out of range, ${counted(
        failed.length,
        'failed check',
      )}`}
      data-testid={`metric-chart-${metric.name}`}
    >
      <ResponsiveContainer width="100%" height={height}>
        <LineChart
          data={points}
          margin={{ top: 8, right: 24, left: 0, bottom: 8 }}
        >
          <CartesianGrid stroke={theme.palette.divider} strokeDasharray="3 3" />
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={xDomain}
            tickFormatter={time}
            stroke={theme.palette.text.secondary}
          />
          <YAxis
            type="number"
            domain={domain}
            ticks={ticks}
            allowDataOverflow
            unit={axisUnit(unit)}
            tickFormatter={(v: number) => String(+v.toPrecision(4))}
            stroke={theme.palette.text.secondary}
            width={unit === 'milliseconds' ? 72 : 56}
          />
          {(min !== undefined || max !== undefined) && (
            <ReferenceArea
              y1={min ?? low}
              y2={max ?? high}
              fill={theme.palette.success.main}
              fillOpacity={0.08}
              ifOverflow="hidden"
            />
          )}
          {min !== undefined && (
            <ReferenceLine
              y={min}
              stroke={theme.palette.success.dark}
              strokeDasharray="6 3"
              label={boundLabel('min', min)}
            />
          )}
          {max !== undefined && (
            <ReferenceLine
              y={max}
              stroke={theme.palette.success.dark}
              strokeDasharray="6 3"
              label={boundLabel('max', max)}
            />
          )}
          <Tooltip
            labelFormatter={value => time(Number(value))}
            formatter={(value, name) => [format(Number(value)), name]}
            contentStyle={{
              backgroundColor: theme.palette.background.paper,
              borderColor: theme.palette.divider,
              color: theme.palette.text.primary,
            }}
          />
          <Legend />
          <Line
            type="monotone"
            dataKey="canary"
            name="canary"
            stroke={theme.palette.warning.main}
            strokeWidth={2}
            dot={points.length < 3}
            connectNulls
            isAnimationActive={false}
          />
          <Line
            type="monotone"
            dataKey="primary"
            name="primary"
            stroke={theme.palette.primary.main}
            strokeWidth={2}
            dot={points.length < 3}
            connectNulls
            isAnimationActive={false}
          />
          {outOfRange.map(sample => (
            <ReferenceDot
              key={`out-${sample.t}`}
              x={sample.t}
              y={sample.value}
              r={4}
              fill={theme.palette.background.paper}
              stroke={theme.palette.error.main}
              strokeWidth={2}
              ifOverflow="extendDomain"
            />
          ))}
          {failed.map(check => (
            <ReferenceDot
              key={`${check.at}-${check.message}`}
              x={check.t}
              y={check.y}
              r={5}
              fill={theme.palette.error.main}
              stroke={theme.palette.background.paper}
              ifOverflow="extendDomain"
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
};
