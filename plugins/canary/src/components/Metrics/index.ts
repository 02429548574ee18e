export { MetricsPanel } from './MetricsPanel';
export type { MetricsPanelProps } from './MetricsPanel';
export { MetricCard } from './MetricCard';
export type { MetricCardProps } from './MetricCard';
export { MetricChart } from './MetricChart';
export type { MetricChartProps } from './MetricChart';
