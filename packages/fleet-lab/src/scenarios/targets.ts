import { KubeObject } from '../lib/KubeClient';
import { LabInfo, clientFor } from '../lib/labInfo';

/** A Kurator Application's rollout policy, or a native canary in one member. */
export type RolloutTarget =
  | {
      kind: 'kurator';
      name: string;
      app: KubeObject;
      policyIndex: number;
      policyName: string;
      workload: { namespace: string; name: string };
      clusters: string[];
    }
  | {
      kind: 'native';
      name: string;
      cluster: string;
      canary: KubeObject;
      workload: { namespace: string; name: string };
    };

/**
 * Resolves a name the way the catalog uses them: a Kurator Application (`rollout-demo`,
 * `default/rollout-demo`), else a native Canary in a member (`podinfo`, `shop/checkout`).
 */
export async function resolveTarget(
  info: LabInfo,
  name: string,
  onlyCluster?: string,
): Promise<RolloutTarget> {
  const [nsPart, namePart] = name.includes('/')
    ? name.split('/')
    : [undefined, name];
  const members = info.clusters.filter(c => c.role === 'member');
  const host = info.clusters.find(c => c.role === 'host')!;
  const hostClient = clientFor(host);
  try {
    const apps = await hostClient.list({
      apiVersion: 'apps.kurator.dev/v1alpha1',
      kind: 'Application',
    });
    const app = apps.items.find(
      a =>
        a.metadata.name === namePart &&
        (!nsPart || a.metadata.namespace === nsPart),
    );
    if (app) {
      const policies: any[] = app.spec?.syncPolicies ?? [];
      const policyIndex = policies.findIndex(p => p.rollout);
      if (policyIndex < 0) {
        throw new Error(
          `Application ${name} has no sync policy with a rollout`,
        );
      }
      const workload = policies[policyIndex].rollout.workload;
      return {
        kind: 'kurator',
        name,
        app,
        policyIndex,
        policyName:
          policies[policyIndex].name ?? `${app.metadata.name}-${policyIndex}`,
        workload: { namespace: workload.namespace, name: workload.name },
        clusters: onlyCluster ? [onlyCluster] : members.map(m => m.name),
      };
    }
  } finally {
    hostClient.close();
  }
  const found: string[] = [];
  for (const member of members) {
    if (onlyCluster && member.name !== onlyCluster) continue;
    const client = clientFor(member);
    try {
      const canaries = await client.list({
        apiVersion: 'flagger.app/v1beta1',
        kind: 'Canary',
      });
      for (const c of canaries.items) {
        found.push(`${member.name}:${c.metadata.namespace}/${c.metadata.name}`);
        if (
          c.metadata.name === namePart &&
          (!nsPart || c.metadata.namespace === nsPart) &&
          !c.metadata.annotations?.['kurator.dev/rollout']
        ) {
          return {
            kind: 'native',
            name,
            cluster: member.name,
            canary: c,
            workload: {
              namespace: c.metadata.namespace!,
              name: c.spec.targetRef.name,
            },
          };
        }
      }
    } finally {
      client.close();
    }
  }
  throw new Error(
    `No Kurator Application or native Canary named "${name}". Canaries: ${found.join(
      ', ',
    )}`,
  );
}
