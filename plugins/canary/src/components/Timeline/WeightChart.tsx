import { useMemo } from 'react';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { TimelineItem } from '@backstage-canary/plugin-canary-common';
import { describeTimelineItem, plainText } from './describeTimelineItem';

/** Props of {@link WeightChart}. */
export type WeightChartProps = {
  items: TimelineItem[];
  height?: number;
};

const time = (ms: number) => new Date(ms).toLocaleTimeString();

/**
 * The canary weight over time as a step line (from the recorded transitions), with warnings
 * (halts, rollbacks, failures) and the actions asked (pause, resume, promote, abort, retry,
 * approve) as vertical markers, an action's labelled with its name.
 */
export const WeightChart = ({ items, height = 220 }: WeightChartProps) => {
  const theme = useTheme();
  const { points, warnings, actions } = useMemo(() => {
    const sorted = [...items].sort(
      (a, b) => Date.parse(a.at) - Date.parse(b.at),
    );
    return {
      points: sorted
        .filter(i => i.type === 'transition')
        .map(i => ({
          t: Date.parse(i.at),
          weight: i.type === 'transition' ? i.canaryWeight : 0,
          phase: i.type === 'transition' ? i.phase : '',
        })),
      warnings: sorted
        .filter(
          i =>
            i.type !== 'action' && describeTimelineItem(i).tone === 'warning',
        )
        .map(i => ({
          t: Date.parse(i.at),
          title: plainText(describeTimelineItem(i).title),
        })),
      actions: sorted.flatMap(i =>
        i.type === 'action'
          ? [
              {
                id: i.id,
                t: Date.parse(i.at),
                action: i.action,
                outcome: i.outcome,
              },
            ]
          : [],
      ),
    };
  }, [items]);

  if (!points.length) {
    return (
      <Typography variant="body2" color="textSecondary">
        No weight changes recorded for this run.
      </Typography>
    );
  }
  const markers = [...warnings, ...actions].map(m => m.t);
  const domain: [number, number] = [
    Math.min(points[0].t, ...markers),
    Math.max(points[points.length - 1].t, ...markers),
  ];
  const actionColor = (outcome: string) => {
    if (outcome === 'failed') return theme.palette.error.main;
    if (outcome === 'pending') return theme.palette.info.main;
    return theme.palette.text.primary;
  };
  const actionsText = actions.length
    ? `; actions: ${actions
        .map(
          a =>
            `${a.action} at ${time(a.t)}${
              a.outcome === 'succeeded' ? '' : ` (${a.outcome})`
            }`,
        )
        .join(', ')}`
    : '';
  return (
    <figure
      style={{ margin: 0 }}
      aria-label={`Canary weight over time: ${points
        .map(p => `${p.weight}%`)
        .join(', ')}${actionsText}`}
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
            domain={domain}
            tickFormatter={time}
            stroke={theme.palette.text.secondary}
          />
          <YAxis
            domain={[0, 100]}
            unit="%"
            stroke={theme.palette.text.secondary}
            width={48}
          />
          <Tooltip
            labelFormatter={value => time(Number(value))}
            formatter={value => [`${value}%`, 'Canary weight']}
            contentStyle={{
              backgroundColor: theme.palette.background.paper,
              borderColor: theme.palette.divider,
              color: theme.palette.text.primary,
            }}
          />
          {warnings.map(w => (
            <ReferenceLine
              key={`${w.t}-${w.title}`}
              x={w.t}
              stroke={theme.palette.error.main}
              strokeDasharray="4 2"
              label={{
                value: '!',
                position: 'top',
                fill: theme.palette.error.main,
              }}
            />
          ))}
          {actions.map(a => (
            <ReferenceLine
              key={`action-${a.id}`}
              x={a.t}
              stroke={actionColor(a.outcome)}
              strokeDasharray={a.outcome === 'pending' ? '2 2' : undefined}
              label={{
                value: a.action,
                position: 'insideTopLeft',
                fill: actionColor(a.outcome),
                fontSize: 11,
              }}
            />
          ))}
          <Line
            type="stepAfter"
            dataKey="weight"
            name="Canary weight"
            stroke={theme.palette.primary.main}
            strokeWidth={2}
            dot
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
};
