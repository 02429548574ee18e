import { BackendClient } from './backend';
import { adminRequest, type LabCluster } from './lab';
import { formatSummary, now, sleep, summarize, type Summary } from './stats';

/** The native canary the propagation benchmark pauses and resumes (owned by component:default/checkout). */
export const propagationCanary = { namespace: 'shop', name: 'checkout' };
const entityPath = '/api/canary/entities/component/default/checkout/rollouts';

/**
 * Time from a change on a cluster to the API showing it: toggles `spec.suspend` of shop/checkout
 * on its member cluster as the cluster's admin, then polls the entity's rollouts every `pollMs`
 * until the item shows the new value. Leaves the canary not suspended.
 */
export async function benchPropagation(
  client: BackendClient,
  members: LabCluster[],
  repetitions: number,
  log: (line: string) => void,
  pollMs = 20,
): Promise<Summary> {
  const { namespace, name } = propagationCanary;
  const canaryPath = `/apis/flagger.app/v1beta1/namespaces/${namespace}/canaries/${name}`;
  const rollouts = await client.get(entityPath);
  const item = rollouts.items.find(
    (i: any) => i.namespace === namespace && i.name === name && i.found,
  );
  const member = members.find(m => m.name === item?.cluster);
  if (!member) {
    throw new Error(
      `${namespace}/${name} is not found on a lab member through ${entityPath}`,
    );
  }
  const shown = async (suspended: boolean) => {
    const body = await client.get(entityPath);
    const current = body.items.find(
      (i: any) => i.cluster === member.name && i.name === name,
    );
    return current?.state?.suspended === suspended;
  };
  const setSuspend = (suspend: boolean) =>
    adminRequest(member, 'PATCH', canaryPath, { spec: { suspend } });

  const samples: number[] = [];
  try {
    for (let i = 0; i < repetitions * 2; i++) {
      const suspend = i % 2 === 0;
      const start = now();
      await setSuspend(suspend);
      const deadline = start + 60_000;
      while (!(await shown(suspend))) {
        if (now() > deadline) {
          throw new Error(
            `the API did not show suspend=${suspend} within 60 s`,
          );
        }
        await sleep(pollMs);
      }
      samples.push(now() - start);
    }
  } finally {
    await setSuspend(false);
  }
  const summary = summarize(samples);
  log(
    formatSummary(
      `${member.name} ${namespace}/${name} spec.suspend -> API`,
      summary,
    ),
  );
  return summary;
}
