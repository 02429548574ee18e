import { z } from 'zod';
import { objectMetaSchema } from './kubernetes';
import { FLAGGER_API_VERSION } from './canary';

/**
 * Every chat type the AlertProvider CRD accepts.
 *
 * @public
 */
export const ALERT_PROVIDER_TYPES = [
  'slack',
  'msteams',
  'discord',
  'rocket',
  'gchat',
] as const;

/**
 * A Flagger AlertProvider (flagger.app/v1beta1). The CRD requires `type` with either `address`
 * or `secretRef`.
 *
 * @public
 */
export const alertProviderSchema = z.looseObject({
  apiVersion: z.literal(FLAGGER_API_VERSION),
  kind: z.literal('AlertProvider'),
  metadata: objectMetaSchema,
  spec: z.looseObject({
    type: z.enum(ALERT_PROVIDER_TYPES),
    channel: z.string().optional(),
    username: z.string().optional(),
    address: z.string().optional(),
    proxy: z.string().optional(),
    secretRef: z.looseObject({ name: z.string() }).optional(),
  }),
  status: z.record(z.string(), z.unknown()).optional(),
});

/**
 * A Flagger AlertProvider.
 *
 * @public
 */
export type AlertProvider = z.infer<typeof alertProviderSchema>;
