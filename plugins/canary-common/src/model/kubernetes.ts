import { z } from 'zod';

/**
 * The parts of Kubernetes object metadata the canary domain reads.
 *
 * @public
 */
export const objectMetaSchema = z.looseObject({
  name: z.string().optional(),
  namespace: z.string().optional(),
  uid: z.string().optional(),
  resourceVersion: z.string().optional(),
  generation: z.number().optional(),
  creationTimestamp: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
  finalizers: z.array(z.string()).optional(),
});

/**
 * Kubernetes object metadata (name, namespace, labels, annotations, ...).
 *
 * @public
 */
export type ObjectMeta = z.infer<typeof objectMetaSchema>;

/**
 * A status condition as Flagger, Flux and Kurator write them.
 *
 * @public
 */
export const conditionSchema = z.looseObject({
  type: z.string(),
  status: z.string(),
  reason: z.string().optional(),
  message: z.string().optional(),
  lastTransitionTime: z.string().optional(),
  lastUpdateTime: z.string().optional(),
  observedGeneration: z.number().optional(),
});

/**
 * A status condition.
 *
 * @public
 */
export type Condition = z.infer<typeof conditionSchema>;

/**
 * A reference to a workload or another object by API version, kind and name.
 *
 * @public
 */
export const typedObjectRefSchema = z.looseObject({
  apiVersion: z.string(),
  kind: z.string(),
  name: z.string(),
  namespace: z.string().optional(),
});

/**
 * A typed object reference.
 *
 * @public
 */
export type TypedObjectRef = z.infer<typeof typedObjectRefSchema>;

/**
 * RFC 1123 label: what Kubernetes accepts as a namespace or a Service name.
 *
 * @public
 */
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * RFC 1123 subdomain: what Kubernetes accepts as the name of most objects.
 *
 * @public
 */
export const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * Whether a string is a valid Kubernetes object name (RFC 1123 subdomain, at most 253 characters).
 *
 * @public
 */
export function isValidObjectName(name: string): boolean {
  return name.length <= 253 && DNS1123_SUBDOMAIN.test(name);
}

/**
 * Whether a string is a valid RFC 1123 label (at most 63 characters): namespaces, Service names.
 *
 * @public
 */
export function isValidLabelName(name: string): boolean {
  return name.length <= 63 && DNS1123_LABEL.test(name);
}
