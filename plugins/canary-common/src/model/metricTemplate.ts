import { z } from 'zod';
import { conditionSchema, objectMetaSchema } from './kubernetes';
import { FLAGGER_API_VERSION } from './canary';

/**
 * Every metric provider type the MetricTemplate CRD accepts.
 *
 * @public
 */
export const METRIC_PROVIDER_TYPES = [
  'prometheus',
  'influxdb',
  'datadog',
  'externalmetrics',
  'stackdriver',
  'cloudwatch',
  'newrelic',
  'graphite',
  'dynatrace',
  'keptn',
  'splunk',
] as const;

/**
 * A metric provider type.
 *
 * @public
 */
export type MetricProviderType = (typeof METRIC_PROVIDER_TYPES)[number];

/**
 * `spec.provider` of a MetricTemplate.
 *
 * @public
 */
export const metricProviderSchema = z.looseObject({
  type: z.enum(METRIC_PROVIDER_TYPES),
  address: z.string().optional(),
  headers: z.record(z.string(), z.array(z.string())).optional(),
  secretRef: z.looseObject({ name: z.string() }).optional(),
  region: z.string().optional(),
  insecureSkipVerify: z.boolean().optional(),
});

/**
 * Where and how a metric template queries its provider.
 *
 * @public
 */
export type MetricProvider = z.infer<typeof metricProviderSchema>;

/**
 * `spec` of a MetricTemplate.
 *
 * @public
 */
export const metricTemplateSpecSchema = z.looseObject({
  provider: metricProviderSchema,
  query: z.string(),
});

/**
 * The provider and query of a metric template.
 *
 * @public
 */
export type MetricTemplateSpec = z.infer<typeof metricTemplateSpecSchema>;

/**
 * A Flagger MetricTemplate (flagger.app/v1beta1).
 *
 * @public
 */
export const metricTemplateSchema = z.looseObject({
  apiVersion: z.literal(FLAGGER_API_VERSION),
  kind: z.literal('MetricTemplate'),
  metadata: objectMetaSchema,
  spec: metricTemplateSpecSchema,
  status: z
    .looseObject({ conditions: z.array(conditionSchema).optional() })
    .optional(),
});

/**
 * A Flagger MetricTemplate.
 *
 * @public
 */
export type MetricTemplate = z.infer<typeof metricTemplateSchema>;

/**
 * Secret keys each metric provider reads from `spec.provider.secretRef`, and whether it needs an
 * address (from Flagger's provider implementations).
 *
 * @public
 */
export const METRIC_PROVIDER_REQUIREMENTS: Record<
  MetricProviderType,
  { secretKeys: string[]; addressRequired: boolean; defaultAddress?: string }
> = {
  prometheus: {
    secretKeys: ['token', 'username', 'password'],
    addressRequired: true,
  },
  datadog: {
    secretKeys: ['datadog_api_key', 'datadog_application_key'],
    addressRequired: false,
    defaultAddress: 'https://api.datadoghq.com',
  },
  newrelic: {
    secretKeys: ['newrelic_account_id', 'newrelic_query_key'],
    addressRequired: false,
    defaultAddress: 'https://insights-api.newrelic.com',
  },
  dynatrace: { secretKeys: ['dynatrace_token'], addressRequired: true },
  splunk: { secretKeys: ['sf_token_key'], addressRequired: true },
  graphite: { secretKeys: ['username', 'password'], addressRequired: true },
  influxdb: { secretKeys: ['token', 'org'], addressRequired: true },
  stackdriver: {
    secretKeys: ['project', 'serviceAccountKey'],
    addressRequired: false,
  },
  cloudwatch: { secretKeys: [], addressRequired: false },
  keptn: { secretKeys: [], addressRequired: false },
  externalmetrics: { secretKeys: ['token'], addressRequired: false },
};
