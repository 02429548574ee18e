import { z } from 'zod';
import { objectMetaSchema } from './kubernetes';

/**
 * API version of Kurator Fleets.
 *
 * @public
 */
export const KURATOR_FLEET_API_VERSION = 'fleet.kurator.dev/v1alpha1';

/**
 * API version of Kurator clusters (AttachedCluster, Cluster).
 *
 * @public
 */
export const KURATOR_CLUSTER_API_VERSION = 'cluster.kurator.dev/v1alpha1';

/**
 * Fleet phases.
 *
 * @public
 */
export const FLEET_PHASES = [
  'Pending',
  'Running',
  'Failed',
  'Ready',
  'Terminating',
  'TerminateFailed',
  'TerminateSucceeded',
] as const;

const anyObject = z.record(z.string(), z.unknown());
const chartSchema = z.looseObject({
  repository: z.string().optional(),
  name: z.string().optional(),
  version: z.string().optional(),
});

/**
 * `spec.plugin.flagger` of a Fleet: installs Flagger (and optionally the public loadtester and the
 * traffic provider) in every member cluster.
 *
 * @public
 */
export const fleetFlaggerPluginSchema = z.looseObject({
  trafficRoutingProvider: z.string(),
  chart: chartSchema.optional(),
  extraArgs: anyObject.optional(),
  publicTestloader: z.boolean().optional(),
  config: z
    .looseObject({
      chart: chartSchema.optional(),
      extraArgs: anyObject.optional(),
    })
    .optional(),
});

/**
 * A Kurator Fleet (fleet.kurator.dev/v1alpha1).
 *
 * @public
 */
export const fleetSchema = z.looseObject({
  apiVersion: z.literal(KURATOR_FLEET_API_VERSION),
  kind: z.literal('Fleet'),
  metadata: objectMetaSchema,
  spec: z.looseObject({
    clusters: z
      .array(
        z.looseObject({
          name: z.string().optional(),
          kind: z.string().optional(),
          namespace: z.string().optional(),
        }),
      )
      .optional(),
    plugin: z
      .looseObject({ flagger: fleetFlaggerPluginSchema.optional() })
      .catchall(z.unknown())
      .optional(),
  }),
  status: z
    .looseObject({
      phase: z.enum(FLEET_PHASES).optional(),
      reason: z.string().optional(),
      credentialSecret: z.string().optional(),
      pluginEndpoints: z.record(z.string(), z.array(z.string())).optional(),
      readyClusters: z.number().optional(),
      unReadyClusters: z.number().optional(),
    })
    .optional(),
});

/**
 * A Kurator Fleet.
 *
 * @public
 */
export type Fleet = z.infer<typeof fleetSchema>;

/**
 * A Kurator AttachedCluster (cluster.kurator.dev/v1alpha1): an existing cluster reached through a
 * kubeconfig Secret in the same namespace.
 *
 * @public
 */
export const attachedClusterSchema = z.looseObject({
  apiVersion: z.literal(KURATOR_CLUSTER_API_VERSION),
  kind: z.literal('AttachedCluster'),
  metadata: objectMetaSchema,
  spec: z.looseObject({
    kubeconfig: z
      .looseObject({ name: z.string(), key: z.string().optional() })
      .optional(),
  }),
  status: z.looseObject({ ready: z.boolean().optional() }).optional(),
});

/**
 * A Kurator AttachedCluster.
 *
 * @public
 */
export type AttachedCluster = z.infer<typeof attachedClusterSchema>;

/**
 * The fleet members Kurator acts on: only kinds `Cluster` and `AttachedCluster` are handled (others
 * are skipped), each looked up in the Fleet's namespace.
 *
 * @public
 */
export function getFleetMembers(
  fleet: Fleet,
): { name: string; kind: 'Cluster' | 'AttachedCluster'; namespace?: string }[] {
  const members: {
    name: string;
    kind: 'Cluster' | 'AttachedCluster';
    namespace?: string;
  }[] = [];
  for (const ref of fleet.spec.clusters ?? []) {
    if (!ref.name) continue;
    if (ref.kind !== 'Cluster' && ref.kind !== 'AttachedCluster') continue;
    members.push({
      name: ref.name,
      kind: ref.kind,
      namespace: fleet.metadata.namespace,
    });
  }
  return members;
}
