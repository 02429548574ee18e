import type { CanaryRef } from '@backstage-canary/plugin-canary-common';
import { readClusterName } from './clusterName';
import type { InputField } from './InputField';
import { readKubernetesName } from './kubernetesName';

/** Reads the canary a route or an action names: its cluster, namespace and name. */
export function readCanaryRef(
  values: { cluster: unknown; namespace: unknown; name: unknown },
  fields: { cluster: InputField; namespace: InputField; name: InputField },
): CanaryRef {
  return {
    cluster: readClusterName(values.cluster, fields.cluster),
    namespace: readKubernetesName(values.namespace, fields.namespace),
    name: readKubernetesName(values.name, fields.name),
  };
}
