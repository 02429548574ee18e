import type { KubeObject } from './KubeClient';
import { labManifest, readYamlFile, sharedFile } from './manifests';

export const BACKSTAGE_NAMESPACE = 'backstage';
export const BACKSTAGE_SERVICE_ACCOUNT = 'backstage';
export const BACKSTAGE_CLUSTER_ROLE = 'backstage-canary';
/** The lab marks every object it adjusted from a seed file with this annotation. */
export const LAB_ADJUSTED_ANNOTATION = 'fleet-lab.backstage-canary.io/adjusted';
/** Namespace of the Kuma seed Application's workload in the lab (the seed says webapp). */
export const KUMA_DEMO_NAMESPACE = 'kuma-demo';

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
          resources: ['attachedclusters'],
          verbs: read,
        },
        { apiGroups: ['apps'], resources: ['deployments'], verbs: readPatch },
        { apiGroups: [''], resources: ['events'], verbs: read },
        // Namespaces may carry the proof that binds a workload to a catalog entity.
        { apiGroups: [''], resources: ['namespaces'], verbs: ['get'] },
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

/**
 * The cluster side's proof that an object belongs to a catalog entity (the annotation the Canary
 * backend's trust model reads), as a platform team would set it on the objects it deploys.
 */
export const ENTITY_REF_ANNOTATION = 'backstage-canary.io/entity-ref';

function ownedBy(object: KubeObject, entityRef: string): KubeObject {
  return {
    ...object,
    metadata: {
      ...object.metadata,
      annotations: {
        ...object.metadata.annotations,
        [ENTITY_REF_ANNOTATION]: entityRef,
      },
    },
  };
}

function withNamespace(objects: KubeObject[], namespace: string) {
  return objects.map(o => ({
    ...o,
    metadata: { ...o.metadata, namespace },
  }));
}

/**
 * Objects of the fleet control plane: the member kubeconfig Secrets, the AttachedClusters and the
 * Fleet of the Kurator rollout-plugin docs, and the two seed Applications.
 */
export function hostSeed(
  sharedDir: string,
  memberKubeconfigs: Record<string, string>,
): KubeObject[] {
  const fleetDir = ['domain', 'kurator', 'examples', 'fleet'];
  const rolloutDir = ['domain', 'kurator', 'examples', 'rollout'];
  const attached = readYamlFile(
    sharedFile(sharedDir, ...fleetDir, 'rollout-plugin-attachedclusters.yaml'),
  );
  const secrets: KubeObject[] = attached.map(ac => {
    const member = ac.metadata.name;
    const kubeconfig = memberKubeconfigs[member];
    if (!kubeconfig) {
      throw new Error(`The lab has no member cluster named ${member}`);
    }
    return {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: ac.spec.kubeconfig.name,
        namespace: ac.metadata.namespace ?? 'default',
      },
      type: 'Opaque',
      stringData: { [ac.spec.kubeconfig.key ?? 'value']: kubeconfig },
    };
  });
  const fleet = readYamlFile(
    sharedFile(sharedDir, ...fleetDir, 'rollout-plugin-fleet.yaml'),
  );
  const istioApp = readYamlFile(
    sharedFile(sharedDir, ...rolloutDir, 'canary.yaml'),
  ).map(app => ownedBy(app, 'component:default/rollout-demo'));
  const kumaApp = readYamlFile(
    sharedFile(sharedDir, ...rolloutDir, 'canaryKuma.yaml'),
  ).map(app => {
    for (const policy of app.spec.syncPolicies ?? []) {
      const workload = policy.rollout?.workload;
      if (workload?.namespace === 'webapp') {
        workload.namespace = KUMA_DEMO_NAMESPACE;
      }
    }
    app.metadata.annotations = {
      ...app.metadata.annotations,
      [LAB_ADJUSTED_ANNOTATION]: `rollout workload namespace webapp -> ${KUMA_DEMO_NAMESPACE} (rollout-demo already rolls out webapp/backend)`,
    };
    return ownedBy(app, 'component:default/rollout-kuma-demo');
  });
  return [...secrets, ...attached, ...fleet, ...istioApp, ...kumaApp];
}

/** The podinfo Linkerd canary of the Flagger docs, adapted to a cluster without HPA or Gateway API. */
function podinfoLinkerd(sharedDir: string): KubeObject[] {
  const file = sharedFile(
    sharedDir,
    'domain',
    'flagger',
    'examples',
    'linkerd-progressive-delivery--01.yaml',
  );
  return readYamlFile(file).map(obj => {
    if (obj.kind !== 'Canary') {
      return obj;
    }
    const spec = { ...obj.spec, provider: 'linkerd' };
    delete spec.autoscalerRef;
    const service = { ...spec.service };
    delete service.gatewayRefs;
    spec.service = service;
    return {
      ...obj,
      metadata: {
        ...obj.metadata,
        labels: {
          ...obj.metadata.labels,
          'backstage.io/kubernetes-id': 'podinfo',
        },
        annotations: {
          ...obj.metadata.annotations,
          [LAB_ADJUSTED_ANNOTATION]:
            'provider linkerd set; autoscalerRef and service.gatewayRefs removed (no HPA or Gateway API in the lab)',
        },
      },
      spec,
    };
  });
}

function loadtester(sharedDir: string, namespace: string): KubeObject[] {
  const dir = ['domain', 'flagger', 'loadtester'];
  return withNamespace(
    [
      ...readYamlFile(sharedFile(sharedDir, ...dir, 'deployment.yaml')),
      ...readYamlFile(sharedFile(sharedDir, ...dir, 'service.yaml')),
    ],
    namespace,
  );
}

/** Objects of a member cluster: the Kurator apps' workloads; member1 also has the native canaries. */
export function memberSeed(
  sharedDir: string,
  memberIndex: number,
): KubeObject[] {
  const objects = labManifest('member-workloads.yaml');
  if (memberIndex === 0) {
    const native = labManifest('member1-native.yaml');
    const namespaces = native.filter(o => o.kind === 'Namespace');
    const rest = native.filter(o => o.kind !== 'Namespace');
    objects.push(
      ...namespaces,
      ...loadtester(sharedDir, 'test'),
      ...loadtester(sharedDir, 'shop'),
      ...rest,
      ...podinfoLinkerd(sharedDir),
    );
  }
  return objects;
}
