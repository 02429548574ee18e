import { BackendClient } from './backend';
import { adminRequest, type LabCluster } from './lab';
import { formatSummary, now, sleep, summarize, type Summary } from './stats';

/** The native canary the propagation benchmark pauses and resumes (owned by component:default/checkout). */
export const propagationCanary = { namespace: 'shop', name: 'checkout' };
/** The API path of the rollouts of shop/checkout's entity. */
export const entityPath =
  '/api/canary/entities/component/default/checkout/rollouts';

/** The lab member the API finds shop/checkout on. */
export async function memberOfCanary(
  client: BackendClient,
  members: LabCluster[],
): Promise<LabCluster> {
  const { namespace, name } = propagationCanary;
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
  return member;
}

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
  const member = await memberOfCanary(client, members);
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

/**
 * Creates Kubernetes Events of shop/checkout on its member, shaped as Flagger records them (source
 * `canary-bench`): the recorder stores them in the canary's timeline.
 */
export async function canaryEventWriter(
  member: LabCluster,
): Promise<(message: string) => Promise<unknown>> {
  const { namespace, name } = propagationCanary;
  const canary = await adminRequest(
    member,
    'GET',
    `/apis/flagger.app/v1beta1/namespaces/${namespace}/canaries/${name}`,
  );
  return message => {
    const at = new Date().toISOString();
    return adminRequest(
      member,
      'POST',
      `/api/v1/namespaces/${namespace}/events`,
      {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { generateName: `${name}.bench-`, namespace },
        involvedObject: {
          apiVersion: 'flagger.app/v1beta1',
          kind: 'Canary',
          namespace,
          name,
          uid: canary.metadata.uid,
        },
        reason: 'Synced',
        message,
        type: 'Normal',
        source: { component: 'canary-bench' },
        firstTimestamp: at,
        lastTimestamp: at,
        count: 1,
      },
    );
  };
}

/**
 * Time from a change on a cluster to the recorded history (the timeline) showing it: creates a
 * Kubernetes Event of shop/checkout on its member cluster as the cluster's admin (as Flagger
 * records one at each step of a run), then polls the canary's timeline every `pollMs` until the
 * event is in it. This is the recorder's lag behind the cluster.
 */
export async function benchRecorderLag(
  client: BackendClient,
  members: LabCluster[],
  repetitions: number,
  log: (line: string) => void,
  pollMs = 20,
): Promise<Summary> {
  const { namespace, name } = propagationCanary;
  const member = await memberOfCanary(client, members);
  const createEvent = await canaryEventWriter(member);
  const timeline = `${entityPath}/${member.name}/${namespace}/${name}/timeline?kind=unknown&limit=20`;
  const samples: number[] = [];
  for (let i = 0; i < repetitions; i++) {
    const message = `Benchmark: recorder lag sample ${Date.now()}-${i}`;
    const start = now();
    await createEvent(message);
    const deadline = start + 60_000;
    for (;;) {
      const page = await client.get(timeline);
      if (page.items.some((entry: any) => entry.message === message)) break;
      if (now() > deadline) {
        throw new Error('the timeline did not show the event within 60 s');
      }
      await sleep(pollMs);
    }
    samples.push(now() - start);
  }
  const summary = summarize(samples);
  log(
    formatSummary(
      `${member.name} ${namespace}/${name} Event -> timeline (recorder lag)`,
      summary,
    ),
  );
  return summary;
}
