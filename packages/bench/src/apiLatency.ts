import { BackendClient } from './backend';
import { formatSummary, repeat, summarize, type Summary } from './stats';

/** The entity whose rollouts the latency benchmark reads: a Kurator rollout on both members. */
export const latencyEntity = 'component:default/rollout-demo';

/** Splits `kind:namespace/name` (the form `--entity` takes). */
export function parseEntityRef(ref: string): {
  kind: string;
  namespace: string;
  name: string;
} {
  const match = /^([^:/]+):([^:/]+)\/([^:/]+)$/.exec(ref);
  if (!match) {
    throw new Error(
      `--entity takes kind:namespace/name (e.g. ${latencyEntity}), got "${ref}"`,
    );
  }
  return { kind: match[1], namespace: match[2], name: match[3] };
}

/** What the latency benchmark measured. */
export type LatencyResult = {
  canaryRollouts: Summary;
  kubernetesCustomQuery: Summary;
  rolloutItems: number;
  clustersAnswered: number;
};

/**
 * Times the Canary API's entity-rollouts read and, in the same run and alternating with it, the
 * Kubernetes plugin's own custom-resource query for the same entity and the Canary CRD.
 */
export async function benchApiLatency(
  client: BackendClient,
  requests: number,
  log: (line: string) => void,
  entityRef: string = latencyEntity,
): Promise<LatencyResult> {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  const rolloutsPath = `/api/canary/entities/${kind}/${namespace}/${name}/rollouts`;
  const readRollouts = () => client.get(rolloutsPath);
  const customQuery = () =>
    client.post('/api/kubernetes/resources/custom/query', {
      entityRef,
      auth: {},
      customResources: [
        { group: 'flagger.app', apiVersion: 'v1beta1', plural: 'canaries' },
      ],
    });

  const rollouts = await readRollouts();
  const query = await customQuery();
  const clustersAnswered = (query.items ?? []).filter(
    (item: any) => !(item.errors ?? []).length,
  ).length;
  log(
    `${entityRef}: the Canary API answers ${rollouts.items.length} rollouts (${rollouts.errors.length} cluster errors); the Kubernetes plugin answers ${query.items.length} clusters`,
  );

  // Alternate the two reads so both see the same load on the machine.
  const canarySamples: number[] = [];
  const kubernetesSamples: number[] = [];
  for (let i = 0; i < 5; i++) {
    await readRollouts();
    await customQuery();
  }
  for (let i = 0; i < requests; i++) {
    canarySamples.push(...(await repeat(1, readRollouts)));
    kubernetesSamples.push(...(await repeat(1, customQuery)));
  }
  const result: LatencyResult = {
    canaryRollouts: summarize(canarySamples),
    kubernetesCustomQuery: summarize(kubernetesSamples),
    rolloutItems: rollouts.items.length,
    clustersAnswered,
  };
  log(formatSummary(`GET ${rolloutsPath}`, result.canaryRollouts));
  log(
    formatSummary(
      'POST /api/kubernetes/resources/custom/query (canaries)',
      result.kubernetesCustomQuery,
    ),
  );
  return result;
}
