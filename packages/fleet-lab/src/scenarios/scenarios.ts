import { KubeObject } from '../lib/KubeClient';
import { LabInfo, clientFor, clusterInfo, loadtesterUrl } from '../lib/labInfo';
import { httpRequest } from '../lib/net';
import { RolloutTarget } from './targets';

export type ImageVariant = 'healthy' | 'faulty' | 'slow' | 'stuck';

/**
 * The next image of a rollout: the patch version bumped (`6.0.0` -> `6.0.1`), with `-faulty`,
 * `-slow` or `-stuck` appended for the misbehaving variants. Any previous variant suffix is dropped.
 */
export function nextImage(
  current: string,
  variant: ImageVariant = 'healthy',
): string {
  const at = current.lastIndexOf(':');
  const slash = current.lastIndexOf('/');
  const repo = at > slash ? current.slice(0, at) : current;
  const tag = at > slash ? current.slice(at + 1) : 'latest';
  const base = tag.replace(/-(faulty|slow|stuck)(-\d+)?$/, '');
  const m = /^(.*?)(\d+)([^\d]*)$/.exec(base);
  const bumped = m ? `${m[1]}${Number(m[2]) + 1}${m[3]}` : `${base}-1`;
  return `${repo}:${variant === 'healthy' ? bumped : `${bumped}-${variant}`}`;
}

export type RolloutChange = {
  cluster: string;
  namespace: string;
  deployment: string;
  from: string;
  to: string;
};

/**
 * Triggers a rollout the way the seeds do: set the workload Deployment's image in each cluster
 * (all members of the fleet for a Kurator Application, the canary's cluster for a native one).
 */
export async function rolloutImage(
  info: LabInfo,
  target: RolloutTarget,
  options: { image?: string; variant?: ImageVariant } = {},
): Promise<RolloutChange[]> {
  const clusters =
    target.kind === 'kurator' ? target.clusters : [target.cluster];
  const changes: RolloutChange[] = [];
  for (const cluster of clusters) {
    const client = clientFor(clusterInfo(info, cluster));
    try {
      const ref = {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        namespace: target.workload.namespace,
        name: target.workload.name,
      };
      const deployment = await client.get<KubeObject>(ref);
      const from: string = deployment.spec.template.spec.containers[0].image;
      const to = options.image ?? nextImage(from, options.variant);
      await client.patch(
        ref,
        [
          {
            op: 'test',
            path: '/spec/template/spec/containers/0/image',
            value: from,
          },
          {
            op: 'replace',
            path: '/spec/template/spec/containers/0/image',
            value: to,
          },
        ],
        'json',
      );
      changes.push({
        cluster,
        namespace: target.workload.namespace,
        deployment: target.workload.name,
        from,
        to,
      });
    } finally {
      client.close();
    }
  }
  return changes;
}

/**
 * Pause or resume: a Kurator Application's `rolloutPolicy.suspend` (every cluster of the policy),
 * or a native Canary's `spec.suspend`.
 */
export async function setSuspended(
  info: LabInfo,
  target: RolloutTarget,
  suspended: boolean,
): Promise<string> {
  if (target.kind === 'kurator') {
    const host = clientFor(info.clusters.find(c => c.role === 'host')!);
    try {
      await host.patch(
        {
          apiVersion: 'apps.kurator.dev/v1alpha1',
          kind: 'Application',
          namespace: target.app.metadata.namespace,
          name: target.app.metadata.name,
        },
        [
          {
            op: 'add',
            path: `/spec/syncPolicies/${target.policyIndex}/rollout/rolloutPolicy/suspend`,
            value: suspended,
          },
        ],
        'json',
      );
    } finally {
      host.close();
    }
    return `Application ${target.app.metadata.namespace}/${target.app.metadata.name} policy ${target.policyName}: rolloutPolicy.suspend=${suspended} (Kurator applies it to every cluster on its next reconcile)`;
  }
  const client = clientFor(clusterInfo(info, target.cluster));
  try {
    await client.patch(
      {
        apiVersion: 'flagger.app/v1beta1',
        kind: 'Canary',
        namespace: target.canary.metadata.namespace,
        name: target.canary.metadata.name,
      },
      { spec: { suspend: suspended } },
    );
  } finally {
    client.close();
  }
  return `Canary ${target.cluster}/${target.canary.metadata.namespace}/${target.canary.metadata.name}: spec.suspend=${suspended}`;
}

/**
 * Opens or closes a native canary's loadtester gate (`/gate/open|close`) or rollback switch
 * (`/rollback/open|close`) on the loadtester its webhooks point at.
 */
export async function setGate(
  info: LabInfo,
  target: RolloutTarget,
  gate: 'gate' | 'rollback',
  open: boolean,
): Promise<string> {
  if (target.kind !== 'native') {
    throw new Error(
      'Kurator-managed canaries have no gates (Kurator renders no confirm-* or rollback webhooks)',
    );
  }
  const hooks: any[] = target.canary.spec.analysis?.webhooks ?? [];
  const wanted = gate === 'gate' ? /^confirm-/ : /^rollback$/;
  const hook = hooks.find(h => wanted.test(h.type ?? ''));
  if (!hook) {
    throw new Error(
      `Canary ${target.canary.metadata.namespace}/${
        target.canary.metadata.name
      } has no ${gate === 'gate' ? 'confirm-*' : 'rollback'} webhook`,
    );
  }
  const url = new URL(hook.url);
  const [svc, ns = target.canary.metadata.namespace!] = url.hostname.split('.');
  const base = loadtesterUrl(info, target.cluster, ns, svc);
  const res = await httpRequest(`${base}/${gate}/${open ? 'open' : 'close'}`, {
    method: 'POST',
    body: JSON.stringify({
      name: target.canary.metadata.name,
      namespace: target.canary.metadata.namespace,
    }),
    headers: { 'Content-Type': 'application/json' },
  });
  if (res.status !== 202) {
    throw new Error(`${base}/${gate}: HTTP ${res.status} ${res.body}`);
  }
  return `${open ? 'opened' : 'closed'} ${gate} of ${
    target.canary.metadata.namespace
  }/${target.canary.metadata.name} on ${svc}.${ns} in ${target.cluster}`;
}
