import type { KubeObject } from './KubeClient';
import { exampleManifest } from './manifests';

export const BACKSTAGE_NAMESPACE = 'backstage';
export const BACKSTAGE_SERVICE_ACCOUNT = 'backstage';
export const BACKSTAGE_CLUSTER_ROLE = 'backstage-canary';

/**
 * The `backstage` service account and exactly the access the Canary plugin needs: read canaries,
 * metric templates, Kurator applications, fleets and attached clusters, deployments and events;
 * patch canaries, applications and deployments. Nothing else.
 */
export function rbacObjects(): KubeObject[] {
  const read = ['get', 'list', 'watch'];
  const readPatch = [...read, 'patch'];
  return [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: BACKSTAGE_NAMESPACE },
    },
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: {
        name: BACKSTAGE_SERVICE_ACCOUNT,
        namespace: BACKSTAGE_NAMESPACE,
      },
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: BACKSTAGE_CLUSTER_ROLE },
      rules: [
        {
          apiGroups: ['flagger.app'],
          resources: ['canaries'],
          verbs: readPatch,
        },
        {
          apiGroups: ['flagger.app'],
          resources: ['metrictemplates'],
          verbs: read,
        },
        {
          apiGroups: ['apps.kurator.dev'],
          resources: ['applications'],
          verbs: readPatch,
        },
        {
          apiGroups: ['fleet.kurator.dev'],
          resources: ['fleets'],
          verbs: read,
        },
        {
          apiGroups: ['cluster.kurator.dev'],
          resources: ['attachedclusters', 'clusters'],
          verbs: read,
        },
        { apiGroups: ['apps'], resources: ['deployments'], verbs: readPatch },
        { apiGroups: [''], resources: ['events'], verbs: read },
        // Namespaces may carry the proof that binds a workload to a catalog entity.
        { apiGroups: [''], resources: ['namespaces'], verbs: read },
        { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: read },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: BACKSTAGE_CLUSTER_ROLE },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: BACKSTAGE_CLUSTER_ROLE,
      },
      subjects: [
        {
          kind: 'ServiceAccount',
          name: BACKSTAGE_SERVICE_ACCOUNT,
          namespace: BACKSTAGE_NAMESPACE,
        },
      ],
    },
  ];
}

function withNamespace(objects: KubeObject[], namespace: string) {
  return objects.map(o => ({
    ...o,
    metadata: { ...o.metadata, namespace },
  }));
}

/** The Secret holding a member's kubeconfig, as an AttachedCluster names it. */
export function attachedClusterSecret(
  attached: KubeObject,
  kubeconfig: string,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: attached.spec.kubeconfig.name,
      namespace: attached.metadata.namespace ?? 'default',
    },
    type: 'Opaque',
    stringData: { [attached.spec.kubeconfig.key ?? 'value']: kubeconfig },
  };
}

/**
 * Objects of the fleet control plane (examples/fleet/host.yaml): the AttachedClusters, the Fleet and
 * the two Applications, with the Secrets holding the members' kubeconfigs the AttachedClusters name.
 */
export function hostSeed(
  memberKubeconfigs: Record<string, string>,
): KubeObject[] {
  const objects = exampleManifest('host.yaml');
  const secrets: KubeObject[] = objects
    .filter(o => o.kind === 'AttachedCluster')
    .map(ac => {
      const member = ac.metadata.name;
      const kubeconfig = memberKubeconfigs[member];
      if (!kubeconfig) {
        throw new Error(`The lab has no member cluster named ${member}`);
      }
      return attachedClusterSecret(ac, kubeconfig);
    });
  return [...secrets, ...objects];
}

/** Flagger's load tester in a namespace (examples/fleet/loadtester.yaml). */
export function loadtester(namespace: string): KubeObject[] {
  return withNamespace(exampleManifest('loadtester.yaml'), namespace);
}

/**
 * Objects of a member cluster: the Kurator apps' workloads; member1 also has the native canaries
 * podinfo and checkout, member2 the native canary payments.
 */
export function memberSeed(memberIndex: number): KubeObject[] {
  const objects = exampleManifest('member-workloads.yaml');
  if (memberIndex === 0) {
    const native = exampleManifest('member1-native.yaml');
    const namespaces = native.filter(o => o.kind === 'Namespace');
    const rest = native.filter(o => o.kind !== 'Namespace');
    objects.push(
      ...namespaces,
      ...loadtester('test'),
      ...loadtester('shop'),
      ...rest,
    );
  }
  if (memberIndex === 1) {
    objects.push(...exampleManifest('member2-native.yaml'));
  }
  return objects;
}
