import type { MetricUnit } from '@backstage-canary/plugin-canary-common';

const round = (value: number, digits: number) =>
  Number(value.toFixed(digits)).toString();

/** A metric value in its unit: "99.53%", "237.3 ms", "0.042". */
export function formatMetricValue(value: number, unit: MetricUnit): string {
  if (!Number.isFinite(value)) return String(value);
  if (unit === 'percent') return `${round(value, 2)}%`;
  if (unit === 'milliseconds') return `${round(value, 1)} ms`;
  return Math.abs(value) >= 100
    ? round(value, 1)
    : String(+value.toPrecision(3));
}

/** The short unit of an axis: "%", " ms" or none. */
export function axisUnit(unit: MetricUnit): string | undefined {
  if (unit === 'percent') return '%';
  if (unit === 'milliseconds') return ' ms';
  return undefined;
}
