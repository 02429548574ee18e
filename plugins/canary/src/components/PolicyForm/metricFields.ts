import {
  METRIC_PROVIDER_TYPES,
  type PolicyMetric,
} from '@backstage-canary/plugin-canary-common';
import type { FieldSpec } from './fieldSpec';

/**
 * The fields of one metric of the analysis, one row each, in the order of its card. They edit the
 * metric; ids and issue paths have `#` for the metric index (`analysis.metrics[#].name`).
 */
type MetricField = FieldSpec<PolicyMetric>;

type Custom = NonNullable<PolicyMetric['custom']>;
const withProvider = (
  m: PolicyMetric,
  patch: Partial<Custom['provider']>,
): PolicyMetric =>
  m.custom
    ? {
        ...m,
        custom: { ...m.custom, provider: { ...m.custom.provider, ...patch } },
      }
    : m;
const isCustom = (m: PolicyMetric) => Boolean(m.custom);

/** Fields every metric has (builtin and custom), before its Remove button. */
export const METRIC_FIELDS: MetricField[] = [
  {
    id: 'metric-#-metric-name',
    label: 'Metric name',
    kind: 'text',
    grid: { xs: 12, sm: 4 },
    // Issues about the metric as a whole show under its name.
    paths: ['analysis.metrics[#].name', 'analysis.metrics[#]'],
    get: m => m.name,
    set: (m, name) => ({ ...m, name }),
  },
  {
    id: 'metric-#-interval-s',
    label: 'Interval (s)',
    kind: 'number',
    grid: { xs: 4, sm: 2 },
    paths: ['analysis.metrics[#].intervalSeconds'],
    get: m => m.intervalSeconds,
    set: (m, seconds) => ({ ...m, intervalSeconds: seconds as number }),
  },
  {
    id: 'metric-#-min',
    label: 'Min',
    kind: 'number',
    grid: { xs: 4, sm: 2 },
    // The range is one rule (at least one bound): its issues show once, under Min.
    paths: ['analysis.metrics[#].thresholdRange'],
    get: m => m.thresholdRange?.min,
    set: (m, min) => ({ ...m, thresholdRange: { ...m.thresholdRange, min } }),
  },
  {
    id: 'metric-#-max',
    label: 'Max',
    kind: 'number',
    grid: { xs: 4, sm: 2 },
    paths: [],
    get: m => m.thresholdRange?.max,
    set: (m, max) => ({ ...m, thresholdRange: { ...m.thresholdRange, max } }),
  },
];

/** Fields of a custom metric only (a query against a metric provider), after the Remove button. */
export const CUSTOM_METRIC_FIELDS: MetricField[] = [
  {
    id: 'metric-#-provider-type',
    label: 'Metric provider',
    kind: 'select',
    options: METRIC_PROVIDER_TYPES.map(t => ({ value: t, label: t })),
    grid: { xs: 12, sm: 3 },
    paths: ['analysis.metrics[#].custom.provider'],
    shown: isCustom,
    get: m => m.custom?.provider.type,
    set: (m, type) =>
      withProvider(m, { type: type as Custom['provider']['type'] }),
  },
  {
    id: 'metric-#-provider-address',
    label: 'Provider address',
    kind: 'text',
    grid: { xs: 12, sm: 3 },
    paths: [],
    shown: isCustom,
    get: m => m.custom?.provider.address,
    set: (m, address) => withProvider(m, { address: address || undefined }),
  },
  {
    id: 'metric-#-query',
    label: 'Query',
    kind: 'text',
    multiline: true,
    grid: { xs: 12, sm: 6 },
    paths: ['analysis.metrics[#].custom', 'analysis.metrics[#].custom.query'],
    shown: isCustom,
    get: m => m.custom?.query,
    set: (m, query) =>
      m.custom ? { ...m, custom: { ...m.custom, query } } : m,
  },
];
