import { parse } from 'yaml';
import {
  KubeClient,
  KubeObject,
  isConflict,
  isNotFound,
} from '../../lib/KubeClient';
import {
  KURATOR_PROVIDER_NAMESPACES,
  KURATOR_ROLLOUT_ANNOTATION,
} from '@backstage-canary/plugin-canary-common';
import { renderTestloader } from './testloader';
import {
  policyResourceName,
  renderCanary,
  type Rollout as RolloutConfig,
} from './renderCanary';

const APPLICATION = {
  apiVersion: 'apps.kurator.dev/v1alpha1',
  kind: 'Application',
};
const FLEET = { apiVersion: 'fleet.kurator.dev/v1alpha1', kind: 'Fleet' };
const ATTACHED = {
  apiVersion: 'cluster.kurator.dev/v1alpha1',
  kind: 'AttachedCluster',
};
const FINALIZER = 'apps.kurator.dev';

export type KuratorEngineOptions = {
  /** The fleet control plane (host cluster). */
  client: KubeClient;
  timeScale: number;
  /** Image of the private testloader Kurator installs (flagger-loadtester 0.29.0). */
  testloaderImage: string;
  log: (message: string) => void;
  pollMs?: number;
};

type MemberCluster = { name: string; kind: string; client: KubeClient };

/**
 * Kurator's fleet manager for rollouts: watches Applications on the host cluster and, per sync
 * policy with a `rollout` and per fleet member, renders the Canary, MetricTemplates and testloader
 * into the member (FLAGGER-KURATOR.md §4.4). Every Application is re-rendered on a resync interval
 * (30 s, divided by the time scale), overwriting direct edits of the Canary as Kurator does, and its
 * `status.syncStatus[].rolloutStatus` carries each member's Canary status.
 */
export class KuratorEngine {
  private readonly reconciled = new Map<
    string,
    { generation: number; at: number }
  >();
  private readonly memberClients = new Map<string, KubeClient>();
  private timer?: NodeJS.Timeout;
  private polling = false;
  private lastFleetSync = 0;
  lastError?: string;
  reconciles = 0;

  constructor(private readonly options: KuratorEngineOptions) {}

  get resyncMs() {
    return Math.max(1000, 30_000 / this.options.timeScale);
  }

  start() {
    const tick = async () => {
      if (this.polling) return;
      this.polling = true;
      try {
        await this.poll();
        this.lastError = undefined;
      } catch (error) {
        const message = (error as Error).message;
        if (message !== this.lastError) {
          this.options.log(`[kurator] poll failed: ${message}`);
        }
        this.lastError = message;
      } finally {
        this.polling = false;
      }
    };
    tick();
    this.timer = setInterval(tick, this.options.pollMs ?? 1000);
  }

  stop() {
    if (this.timer) clearInterval(this.timer);
    for (const c of this.memberClients.values()) c.close();
  }

  async poll() {
    const now = Date.now();
    if (now - this.lastFleetSync >= this.resyncMs) {
      this.lastFleetSync = now;
      await this.reconcileFleets();
    }
    const apps = await this.options.client.list(APPLICATION);
    const live = new Set<string>();
    for (const app of apps.items) {
      const uid = app.metadata.uid!;
      live.add(uid);
      if (app.metadata.deletionTimestamp) {
        await this.finalize(app);
        continue;
      }
      const last = this.reconciled.get(uid);
      const generation = app.metadata.generation ?? 0;
      if (
        last &&
        last.generation === generation &&
        now - last.at < this.resyncMs
      ) {
        continue;
      }
      this.reconciled.set(uid, { generation, at: now });
      try {
        await this.reconcile(app);
        this.reconciles++;
      } catch (error) {
        this.options.log(
          `[kurator] application ${app.metadata.namespace}/${
            app.metadata.name
          }: ${(error as Error).message}`,
        );
      }
    }
    for (const uid of [...this.reconciled.keys()]) {
      if (!live.has(uid)) this.reconciled.delete(uid);
    }
  }

  /** A client for a fleet member, from its kubeconfig Secret in the fleet namespace. */
  private async memberClient(
    namespace: string,
    ref: { name: string; kind: string },
  ): Promise<MemberCluster | undefined> {
    if (ref.kind !== 'AttachedCluster' && ref.kind !== 'Cluster') {
      this.options.log(
        `[kurator] skipping fleet member ${ref.name} of kind ${ref.kind}`,
      );
      return undefined;
    }
    const apiVersion = 'cluster.kurator.dev/v1alpha1';
    const cluster = await this.options.client.getOrUndefined<KubeObject>({
      apiVersion,
      kind: ref.kind,
      namespace,
      name: ref.name,
    });
    if (!cluster) {
      return undefined;
    }
    const secretName =
      ref.kind === 'AttachedCluster'
        ? cluster.spec?.kubeconfig?.name
        : cluster.spec?.credential?.secretRef;
    const secretKey =
      ref.kind === 'AttachedCluster'
        ? cluster.spec?.kubeconfig?.key ?? 'value'
        : 'value';
    const secret = await this.options.client.getOrUndefined<KubeObject>({
      apiVersion: 'v1',
      kind: 'Secret',
      namespace,
      name: secretName,
    });
    const data = secret?.data?.[secretKey];
    if (!data) {
      this.options.log(
        `[kurator] no kubeconfig in secret ${namespace}/${secretName} key ${secretKey}`,
      );
      return undefined;
    }
    const cacheKey = `${namespace}/${secretName}/${secretKey}@${
      secret!.metadata.resourceVersion
    }`;
    let client = this.memberClients.get(cacheKey);
    if (!client) {
      client = clientFromKubeconfig(
        Buffer.from(data, 'base64').toString('utf8'),
      );
      this.memberClients.set(cacheKey, client);
    }
    return { name: ref.name, kind: ref.kind, client };
  }

  /** Fleet and AttachedCluster status, and the fleet's public testloader per member. */
  private async reconcileFleets() {
    const fleets = await this.options.client.list(FLEET);
    for (const fleet of fleets.items) {
      const ns = fleet.metadata.namespace!;
      let ready = 0;
      let unready = 0;
      for (const ref of fleet.spec?.clusters ?? []) {
        const member = await this.memberClient(ns, ref).catch(() => undefined);
        let ok = false;
        if (member) {
          try {
            await member.client.request('GET', '/version');
            ok = true;
            await this.ensurePublicTestloader(fleet, member);
          } catch {
            ok = false;
          }
        }
        if (ok) ready++;
        else unready++;
        if (ref.kind === 'AttachedCluster') {
          await this.patchStatus(
            { ...ATTACHED, namespace: ns, name: ref.name },
            { ready: ok },
          );
        }
      }
      await this.patchStatus(
        { ...FLEET, namespace: ns, name: fleet.metadata.name },
        {
          phase: unready === 0 ? 'Ready' : 'Failed',
          readyClusters: ready,
          unReadyClusters: unready,
        },
      );
    }
  }

  private async patchStatus(
    ref: { apiVersion: string; kind: string; namespace: string; name: string },
    status: Record<string, unknown>,
  ) {
    try {
      const current = await this.options.client.get<KubeObject>(ref);
      const differs = Object.entries(status).some(
        ([k, v]) => JSON.stringify(current.status?.[k]) !== JSON.stringify(v),
      );
      if (differs) {
        await this.options.client.patch(
          { ...ref, subresource: 'status' },
          { status },
        );
      }
    } catch (error) {
      if (!isNotFound(error)) {
        this.options.log(
          `[kurator] status of ${ref.kind} ${ref.name}: ${
            (error as Error).message
          }`,
        );
      }
    }
  }

  private async ensurePublicTestloader(
    fleet: KubeObject,
    member: MemberCluster,
  ) {
    const flagger = fleet.spec?.plugin?.flagger;
    if (!flagger?.publicTestloader) {
      return;
    }
    const ns = KURATOR_PROVIDER_NAMESPACES[flagger.trafficRoutingProvider];
    if (!ns) return;
    const release = `${ns}-testloader-${member.name}`;
    const name = `${release}-loadtester`;
    const labels = {
      app: name,
      'fleet.kurator.dev/name': fleet.metadata.name,
      'fleet.kurator.dev/plugin': 'flagger',
      'app.kubernetes.io/managed-by': 'fleet-manager',
    };
    await createIfMissing(member.client, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns },
    });
    const [deployment, service] = renderTestloader(
      { workload: { name: release, namespace: ns } },
      fleet.metadata.name,
      this.options.testloaderImage,
    );
    for (const obj of [deployment, service]) {
      obj.metadata.name = name;
      obj.metadata.labels = labels;
      delete obj.metadata.annotations;
      obj.spec.selector =
        obj.kind === 'Service' ? { app: name } : { matchLabels: { app: name } };
      if (obj.kind === 'Deployment')
        obj.spec.template.metadata.labels = { app: name };
      await createIfMissing(member.client, obj as KubeObject);
    }
  }

  private async fleetMembers(
    app: KubeObject,
    destination: any,
  ): Promise<MemberCluster[]> {
    const ns = app.metadata.namespace!;
    const fleet = await this.options.client.getOrUndefined<KubeObject>({
      ...FLEET,
      namespace: ns,
      name: destination?.fleet,
    });
    if (!fleet) {
      throw new Error(`fleet ${ns}/${destination?.fleet} not found`);
    }
    const selector: Record<string, string> =
      destination?.clusterSelector?.matchLabels ?? {};
    const members: MemberCluster[] = [];
    for (const ref of fleet.spec?.clusters ?? []) {
      if (Object.keys(selector).length > 0) {
        const cluster = await this.options.client.getOrUndefined<KubeObject>({
          apiVersion: 'cluster.kurator.dev/v1alpha1',
          kind: ref.kind,
          namespace: ns,
          name: ref.name,
        });
        const labels = cluster?.metadata.labels ?? {};
        if (!Object.entries(selector).every(([k, v]) => labels[k] === v))
          continue;
      }
      const member = await this.memberClient(ns, ref);
      if (member) members.push(member);
    }
    return members;
  }

  async reconcile(app: KubeObject) {
    const appRef = {
      ...APPLICATION,
      namespace: app.metadata.namespace,
      name: app.metadata.name,
    };
    if (
      !(app.metadata.finalizers as string[] | undefined)?.includes(FINALIZER)
    ) {
      await this.options.client.patch(appRef, {
        metadata: {
          finalizers: [
            ...((app.metadata.finalizers as string[]) ?? []),
            FINALIZER,
          ],
        },
      });
    }
    const syncStatus: any[] = [];
    let statusComplete = true;
    const policies: any[] = app.spec?.syncPolicies ?? [];
    for (let i = 0; i < policies.length; i++) {
      const policy = policies[i];
      const policyName: string = policy.name ?? `${app.metadata.name}-${i}`;
      const destination = policy.destination ?? app.spec?.destination;
      const members = await this.fleetMembers(app, destination);
      for (const member of members) {
        const entry: any = {
          name: policyResourceName(policyName, member.kind, member.name),
        };
        const rollout: RolloutConfig | undefined = policy.rollout;
        if (rollout) {
          try {
            await this.syncRolloutPolicyForCluster(member, rollout, policyName);
          } catch (error) {
            this.options.log(
              `[kurator] ${policyName} in ${member.name}: ${
                (error as Error).message
              }`,
            );
          }
          const canary = await member.client
            .getOrUndefined<KubeObject>({
              apiVersion: 'flagger.app/v1beta1',
              kind: 'Canary',
              namespace: rollout.workload.namespace,
              name: rollout.workload.name,
            })
            .catch(() => undefined);
          if (!canary) {
            // Kurator's status reconcile fails as a whole when a canary cannot be read
            statusComplete = false;
          } else {
            entry.rolloutStatus = {
              clusterName: member.name,
              rolloutNameInCluster: rollout.workload.name,
              // Kurator embeds Flagger v1.34's CanaryStatus, whose counters are never omitted
              rolloutStatusInCluster: {
                ...(canary.status ?? {}),
                phase: canary.status?.phase ?? '',
                canaryWeight: canary.status?.canaryWeight ?? 0,
                failedChecks: canary.status?.failedChecks ?? 0,
                iterations: canary.status?.iterations ?? 0,
              },
            };
          }
        }
        syncStatus.push(entry);
      }
    }
    if (statusComplete) {
      await this.options.client.patch(
        { ...appRef, subresource: 'status' },
        {
          status: { syncStatus },
        },
      );
    }
  }

  private async syncRolloutPolicyForCluster(
    member: MemberCluster,
    rollout: RolloutConfig,
    policyName: string,
  ) {
    const { client } = member;
    const ns = rollout.workload.namespace;
    const annotation = { [KURATOR_ROLLOUT_ANNOTATION]: policyName };
    const provider = rollout.trafficRoutingProvider;

    // 1. provider prerequisites on the workload namespace
    const namespace = await client.getOrUndefined<KubeObject>({
      apiVersion: 'v1',
      kind: 'Namespace',
      name: ns,
    });
    if (!namespace) {
      await client.create({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: ns, annotations: annotation },
      });
    }
    if (provider === 'istio') {
      if (namespace?.metadata.labels?.['istio-injection'] !== 'enabled') {
        await client.patch(
          { apiVersion: 'v1', kind: 'Namespace', name: ns },
          {
            metadata: { labels: { 'istio-injection': 'enabled' } },
          },
        );
      }
    } else if (provider === 'kuma') {
      if (
        namespace?.metadata.annotations?.['kuma.io/sidecar-injection'] !==
        'enabled'
      ) {
        await client.patch(
          { apiVersion: 'v1', kind: 'Namespace', name: ns },
          {
            metadata: {
              annotations: { 'kuma.io/sidecar-injection': 'enabled' },
            },
          },
        );
      }
    } else if (provider === 'nginx') {
      await this.ensureNginxIngress(client, rollout, policyName);
    } else {
      throw new Error(`unknown provider type ${provider}`);
    }

    // 2. private testloader
    const testloaderName = `${rollout.workload.name}-testloader`;
    if (rollout.testLoader) {
      for (const obj of renderTestloader(
        rollout,
        policyName,
        this.options.testloaderImage,
      )) {
        await createOrUpdateSpec(client, obj as KubeObject);
      }
    } else {
      for (const kind of ['Deployment', 'Service']) {
        const ref = {
          apiVersion: kind === 'Service' ? 'v1' : 'apps/v1',
          kind,
          namespace: ns,
          name: testloaderName,
        };
        const existing = await client.getOrUndefined<KubeObject>(ref);
        if (existing?.metadata.annotations?.[KURATOR_ROLLOUT_ANNOTATION]) {
          await client.delete(ref);
        }
      }
    }

    // 3. the workload's Service must exist
    const service = await client.getOrUndefined<KubeObject>({
      apiVersion: 'v1',
      kind: 'Service',
      namespace: ns,
      name: rollout.serviceName,
    });
    if (!service) {
      throw new Error(
        `service ${ns}/${rollout.serviceName} not found; requeue`,
      );
    }
    const targetPort = (service.spec?.ports ?? []).find(
      (p: any) => p.port === rollout.port,
    )?.targetPort;

    // 4. the Canary: fetched by serviceName, rendered as workload.name (Kurator's own mismatch)
    const rendering = renderCanary(rollout, {
      policyName,
      clusterName: member.name,
      targetPort,
    });
    const spec = rendering.spec;
    const canaryRef = {
      apiVersion: 'flagger.app/v1beta1',
      kind: 'Canary',
      namespace: ns,
    };
    const existing = await client.getOrUndefined<KubeObject>({
      ...canaryRef,
      name: rollout.serviceName,
    });
    if (!existing) {
      await client.create({
        apiVersion: 'flagger.app/v1beta1',
        kind: 'Canary',
        metadata: {
          name: rollout.workload.name,
          namespace: ns,
          annotations: annotation,
        },
        spec,
      });
    } else {
      for (let attempt = 0; attempt < 5; attempt++) {
        const latest =
          attempt === 0
            ? existing
            : await client.get<KubeObject>({
                ...canaryRef,
                name: rollout.serviceName,
              });
        try {
          await client.replace({
            ...latest,
            metadata: { ...latest.metadata, annotations: annotation },
            spec,
          });
          break;
        } catch (error) {
          if (!isConflict(error)) throw error;
        }
      }
    }

    // 5. MetricTemplates of custom metrics
    for (const template of rendering.metricTemplates) {
      await createOrUpdateSpec(client, template as unknown as KubeObject);
    }
  }

  private async ensureNginxIngress(
    client: KubeClient,
    rollout: RolloutConfig,
    policyName: string,
  ) {
    const ns = rollout.workload.namespace;
    const ref = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      namespace: ns,
      name: 'nginx',
    };
    const host = rollout.rolloutPolicy?.trafficRouting?.host;
    const rule = {
      host,
      http: {
        paths: [
          {
            path: '/',
            pathType: 'Prefix',
            backend: {
              service: {
                name: rollout.serviceName,
                port: { number: rollout.port },
              },
            },
          },
        ],
      },
    };
    const existing = await client.getOrUndefined<KubeObject>(ref);
    if (!existing) {
      await client.create({
        ...ref,
        metadata: {
          name: 'nginx',
          namespace: ns,
          labels: { app: rollout.serviceName },
          annotations: {
            'kubernetes.io/ingress.class': 'nginx',
            [KURATOR_ROLLOUT_ANNOTATION]: policyName,
          },
        },
        spec: { rules: [rule] },
      });
      return;
    }
    const rules: any[] = existing.spec?.rules ?? [];
    const hasRule = rules.some(r =>
      (r.http?.paths ?? []).some(
        (p: any) => p.backend?.service?.name === rollout.serviceName,
      ),
    );
    if (!hasRule) {
      const apps = new Set(
        String(existing.metadata.labels?.app ?? '')
          .split(',')
          .filter(Boolean),
      );
      apps.add(rollout.serviceName);
      await client.replace({
        ...existing,
        metadata: {
          ...existing.metadata,
          labels: { ...existing.metadata.labels, app: [...apps].join(',') },
        },
        spec: { ...existing.spec, rules: [...rules, rule] },
      });
    }
  }

  /** Application deletion: remove what the policies created in members, then the finalizer. */
  private async finalize(app: KubeObject) {
    const finalizers = (app.metadata.finalizers as string[] | undefined) ?? [];
    if (!finalizers.includes(FINALIZER)) return;
    const policies: any[] = app.spec?.syncPolicies ?? [];
    for (let i = 0; i < policies.length; i++) {
      const rollout: RolloutConfig | undefined = policies[i].rollout;
      if (!rollout) continue;
      const members = await this.fleetMembers(
        app,
        policies[i].destination ?? app.spec?.destination,
      ).catch(() => [] as MemberCluster[]);
      const ns = rollout.workload.namespace;
      for (const { client } of members) {
        const refs = [
          {
            apiVersion: 'flagger.app/v1beta1',
            kind: 'Canary',
            namespace: ns,
            name: rollout.serviceName,
          },
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            namespace: ns,
            name: `${rollout.workload.name}-testloader`,
          },
          {
            apiVersion: 'v1',
            kind: 'Service',
            namespace: ns,
            name: `${rollout.workload.name}-testloader`,
          },
          ...(rollout.rolloutPolicy?.trafficAnalysis?.metrics ?? [])
            .filter((m: any) => m.customMetric)
            .map((m: any) => ({
              apiVersion: 'flagger.app/v1beta1',
              kind: 'MetricTemplate',
              namespace: ns,
              name: m.name,
            })),
        ];
        for (const ref of refs) {
          const obj = await client
            .getOrUndefined<KubeObject>(ref)
            .catch(() => undefined);
          if (obj?.metadata.annotations?.[KURATOR_ROLLOUT_ANNOTATION]) {
            await client.delete(ref).catch(() => undefined);
          }
        }
      }
    }
    await this.options.client.patch(
      {
        ...APPLICATION,
        namespace: app.metadata.namespace,
        name: app.metadata.name,
      },
      { metadata: { finalizers: finalizers.filter(f => f !== FINALIZER) } },
    );
  }
}

/** A client from a kubeconfig (server, embedded CA, bearer token of the current context). */
export function clientFromKubeconfig(text: string): KubeClient {
  const config = parse(text);
  const contextName = config['current-context'] ?? config.contexts?.[0]?.name;
  const context =
    (config.contexts ?? []).find((c: any) => c.name === contextName)?.context ??
    {};
  const cluster =
    (config.clusters ?? []).find((c: any) => c.name === context.cluster)
      ?.cluster ?? config.clusters?.[0]?.cluster;
  const user =
    (config.users ?? []).find((u: any) => u.name === context.user)?.user ??
    config.users?.[0]?.user;
  if (!cluster?.server || !user?.token) {
    throw new Error('kubeconfig without server or token');
  }
  return new KubeClient({
    server: cluster.server,
    caPem: Buffer.from(
      cluster['certificate-authority-data'] ?? '',
      'base64',
    ).toString('utf8'),
    token: user.token,
  });
}

async function createIfMissing(client: KubeClient, obj: KubeObject) {
  const existing = await client.getOrUndefined({
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    namespace: obj.metadata.namespace,
    name: obj.metadata.name,
  });
  if (!existing) {
    await client.create(obj);
  }
}

/** CreateOrUpdate that replaces spec, labels and annotations but keeps the rest (e.g. replicas status). */
async function createOrUpdateSpec(client: KubeClient, obj: KubeObject) {
  const ref = {
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    namespace: obj.metadata.namespace,
    name: obj.metadata.name,
  };
  for (let attempt = 0; attempt < 5; attempt++) {
    const existing = await client.getOrUndefined<KubeObject>(ref);
    if (!existing) {
      await client.create(obj);
      return;
    }
    const spec =
      obj.kind === 'Service'
        ? {
            ...obj.spec,
            clusterIP: existing.spec?.clusterIP,
            clusterIPs: existing.spec?.clusterIPs,
          }
        : obj.spec;
    try {
      await client.replace({
        ...existing,
        metadata: {
          ...existing.metadata,
          labels: { ...existing.metadata.labels, ...obj.metadata.labels },
          annotations: {
            ...existing.metadata.annotations,
            ...obj.metadata.annotations,
          },
        },
        spec: { ...existing.spec, ...spec },
      });
      return;
    } catch (error) {
      if (!isConflict(error)) throw error;
    }
  }
}
