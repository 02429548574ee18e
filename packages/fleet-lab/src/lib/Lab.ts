import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import {
  ensureBinaries,
  ensureKubeApiserver,
  ensureKubectl,
} from './apiserverBinary';
import { ClusterSpec, LabConfig, labConfig, portOffset } from './config';
import { KubeClient, KubeError, KubeObject, isNotFound } from './KubeClient';
import { renderKubeconfig } from './kubeconfig';
import { LabClusterInfo, LabInfo, clientFor, readLabInfo } from './labInfo';
import { flaggerCrds, kuratorCrds } from './manifests';
import { httpRequest, portOpen } from './net';
import { LatencyProxySpec } from './latencyProxies';
import { LabPaths, ensureDir, labPaths, packageDir } from './paths';
import { LabPki, ensurePki, randomToken } from './pki';
import {
  recordedNames,
  rssBytes,
  runningPid,
  sleep,
  startDetached,
  stopRecorded,
  waitFor,
} from './processes';
import {
  BACKSTAGE_NAMESPACE,
  BACKSTAGE_SERVICE_ACCOUNT,
  hostSeed,
  memberSeed,
  rbacObjects,
} from './seed';
import { renderScaleAppConfig } from './scaleAppConfig';
import {
  DEFAULT_PROFILE,
  ScaleProfile,
  apiserverUrl,
  clientUrl as clusterClientUrl,
  checkProfileChange,
  isDefaultProfile,
  scaleLabConfig,
} from './scaleProfile';
import { scaleHostSeed, scaleMemberSeed } from './scaleSeed';
import { IdpSpec, idpSpec } from './idp/idpSpec';
import {
  OIDC_MEMBER,
  OIDC_OPERATOR,
  OIDC_PREFIX,
  auditLogFile,
  auditPolicyFiles,
  oidcApiserverArgs,
  oidcRbacObjects,
} from './idp/oidcMember';

const SA_AUDIENCE = 'https://kubernetes.default.svc';
/** The Backstage configuration a scale lab writes into its state directory. */
const SCALE_APP_CONFIG = 'app-config.scale.yaml';
/** What the latency-proxy process serves (state directory). */
const LATENCY_PROXIES_JSON = 'latency-proxies.json';
const LATENCY_PROXY = 'latency-proxy';
/** What the IdP process serves (state directory). */
const IDP_JSON = 'idp.json';
const IDP = 'idp';

function log(message: string) {
  process.stderr.write(`[fleet-lab] ${message}\n`);
}

type StaticTokens = { admin: string; unprivileged: string };

export type StartOptions = {
  /** Divide analysis intervals, deadlines and resyncs by this factor; defaults to the running lab's, else 1. */
  timeScale?: number;
  /** Print the usage hints (the CLI does; tests do not). */
  quiet?: boolean;
  /** Restart the daemon even when it runs at the wanted time scale (e.g. after changing its code). */
  restartDaemon?: boolean;
  /** Members, scale canaries and latency (see scaleProfile.ts); defaults to the running lab's, else the demo lab. */
  profile?: ScaleProfile;
};

/** Runs `fn` over `items`, at most `limit` at a time. */
async function forEachLimit<T>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      await fn(items[next++]);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker),
  );
}

export class Lab {
  readonly paths: LabPaths;
  private readonly env: NodeJS.ProcessEnv;
  private currentProfile: ScaleProfile;
  private currentConfig: LabConfig;

  constructor(env: NodeJS.ProcessEnv = process.env) {
    this.env = env;
    this.paths = labPaths(env);
    this.currentProfile =
      readLabInfo(this.paths.labJson)?.profile ?? DEFAULT_PROFILE;
    this.currentConfig = this.configFor(this.currentProfile);
  }

  private configFor(profile: ScaleProfile): LabConfig {
    return scaleLabConfig(labConfig(this.env), profile, portOffset(this.env));
  }

  /** The clusters, ports and settings of this lab (with its scale profile). */
  get config(): LabConfig {
    return this.currentConfig;
  }

  /** The scale profile this lab runs (or will run); the default is the demo lab. */
  get profile(): ScaleProfile {
    return this.currentProfile;
  }

  private get scaled(): boolean {
    return !isDefaultProfile(this.currentProfile);
  }

  private logFile(name: string) {
    return path.join(this.paths.logDir, `${name}.log`);
  }

  private staticTokens(): StaticTokens {
    const file = path.join(this.paths.pkiDir, 'tokens.json');
    try {
      return JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch {
      const tokens = { admin: randomToken(), unprivileged: randomToken() };
      ensureDir(this.paths.pkiDir);
      fs.writeFileSync(file, JSON.stringify(tokens, null, 2), { mode: 0o600 });
      fs.writeFileSync(
        path.join(this.paths.pkiDir, 'tokens.csv'),
        [
          `${tokens.admin},lab-admin,lab-admin,"system:masters"`,
          `${tokens.unprivileged},lab-unprivileged,lab-unprivileged`,
          '',
        ].join('\n'),
        { mode: 0o600 },
      );
      return tokens;
    }
  }

  private async ensureFree(port: number, what: string, pidName: string) {
    if (
      runningPid(this.paths.pidDir, pidName) === undefined &&
      (await portOpen(port))
    ) {
      throw new Error(
        `Port 127.0.0.1:${port} (${what}) is taken by a process the lab did not start; stop it or set CANARY_LAB_PORT_OFFSET`,
      );
    }
  }

  async start(options: StartOptions = {}): Promise<LabInfo> {
    const began = Date.now();
    const previousProfile = this.currentProfile;
    if (options.profile) {
      checkProfileChange(previousProfile, options.profile);
      this.currentProfile = options.profile;
      this.currentConfig = this.configFor(options.profile);
    }
    const profile = this.currentProfile;
    const { paths, config } = this;
    for (const dir of [
      paths.stateDir,
      paths.logDir,
      paths.pidDir,
      paths.dataDir,
      paths.kubeconfigDir,
    ]) {
      ensureDir(dir);
    }
    const previous = readLabInfo(paths.labJson);
    const timeScale =
      options.timeScale ??
      (process.env.CANARY_LAB_TIME_SCALE
        ? config.timeScale
        : previous?.timeScale ?? 1);

    await ensureBinaries({
      etcd: 'etcd-server',
      prometheus: 'prometheus',
      openssl: 'openssl',
    });
    const kubeBin = await ensureKubeApiserver(paths.cacheDir);
    const pki = ensurePki(paths.pkiDir);
    const tokens = this.staticTokens();
    const caPem = fs.readFileSync(pki.caCert, 'utf8');

    await this.startEtcd();
    // Before the API servers: the OIDC member reads the IdP's discovery document when it starts.
    const idp = await this.startIdp(pki);
    await Promise.all(
      config.clusters.map(c => this.startApiserver(c, kubeBin, pki)),
    );
    await Promise.all(config.clusters.map(c => this.waitApiserver(c, caPem)));

    // The demo lab bootstraps and seeds one cluster at a time; a scale lab four at a time.
    const concurrency = this.scaled ? 4 : 1;
    const clusters: LabClusterInfo[] = new Array(config.clusters.length);
    await forEachLimit([...config.clusters.keys()], concurrency, async i => {
      clusters[i] = await this.bootstrapCluster(
        config.clusters[i],
        caPem,
        tokens,
        previous,
        pki,
      );
    });
    // Kurator reaches the members straight, not through the latency proxies.
    const memberKubeconfigs: Record<string, string> = {};
    for (const c of clusters.filter(x => x.role === 'member')) {
      memberKubeconfigs[c.name] = renderKubeconfig({
        clusterName: c.name,
        server: c.apiserverUrl ?? c.url,
        caPem,
        userName: 'lab-admin',
        token: tokens.admin,
      });
    }
    const members = clusters.filter(x => x.role === 'member');
    await forEachLimit(clusters, concurrency, async c => {
      const client = clientFor(c, 'admin');
      try {
        const seed =
          c.role === 'host'
            ? hostSeed(memberKubeconfigs)
            : memberSeed(members.indexOf(c));
        if (this.scaled) {
          seed.push(
            ...(c.role === 'host'
              ? scaleHostSeed(
                  members.map(m => m.name),
                  Object.fromEntries(
                    members
                      .slice(2)
                      .map(m => [m.name, memberKubeconfigs[m.name]]),
                  ),
                )
              : scaleMemberSeed(profile.canaries)),
          );
        }
        if (c.name === OIDC_MEMBER) seed.push(...oidcRbacObjects());
        await createMissing(client, seed);
      } finally {
        client.close();
      }
    });

    for (const c of clusters) {
      if (c.name === OIDC_MEMBER) {
        c.oidc = {
          issuer: idp.issuer,
          clientId: idp.client.id,
          usernamePrefix: OIDC_PREFIX,
          operators: [OIDC_OPERATOR],
          auditLog: auditLogFile(paths.logDir, c.name),
        };
      }
    }
    const info: LabInfo = {
      version: 1,
      startedAt: previous?.startedAt ?? new Date().toISOString(),
      timeScale,
      kuratorResyncSeconds: Math.max(1, 30 / timeScale),
      clusters,
      idp: {
        issuer: idp.issuer,
        clientId: idp.client.id,
        clientSecret: idp.client.secret,
        caFile: pki.caCert,
      },
      etcd: { url: `http://127.0.0.1:${config.etcdClientPort}` },
      daemon: { url: `http://127.0.0.1:${config.daemonPort}` },
      loadtesterUrlTemplate: `http://127.0.0.1:${config.daemonPort}/loadtester/{cluster}/{namespace}/{service}`,
      ...(this.scaled
        ? { profile, appConfig: path.join(paths.stateDir, SCALE_APP_CONFIG) }
        : {}),
    };
    fs.writeFileSync(paths.labJson, `${JSON.stringify(info, null, 2)}\n`);
    await this.startLatencyProxies();
    if (info.appConfig) {
      fs.writeFileSync(
        info.appConfig,
        renderScaleAppConfig(info, paths.stateDir),
        { mode: 0o600 },
      );
    }

    // New members need engines: the daemon reads the clusters when it starts.
    const membersChanged =
      previousProfile.members !== profile.members ||
      previousProfile.canaries !== profile.canaries;
    await this.startDaemon(
      timeScale,
      options.restartDaemon || membersChanged ? undefined : previous?.timeScale,
    );
    await Promise.all(
      config.clusters
        .filter(c => c.prometheusPort)
        .map(c => this.startPrometheus(c)),
    );
    info.daemon.pid = runningPid(paths.pidDir, 'daemon');
    fs.writeFileSync(paths.labJson, `${JSON.stringify(info, null, 2)}\n`);

    if (!options.quiet) {
      const kubectl = await ensureKubectl(paths.cacheDir).catch(
        () => 'kubectl',
      );
      this.printUsage(info, kubectl, Date.now() - began);
    }
    return info;
  }

  private printUsage(info: LabInfo, kubectl: string, ms: number) {
    // yarn runs workspace scripts in the package directory: print paths relative to the repository
    const rel = (p: string) => {
      const relative = path.relative(this.paths.repoRoot, p);
      // a state directory outside the repository (CANARY_LAB_STATE_DIR) stays absolute
      return !relative || relative.startsWith('..') ? p : relative;
    };
    const lines = [
      `fleet lab ready in ${(ms / 1000).toFixed(1)}s (time scale ${
        info.timeScale
      }x; Kurator resync ${info.kuratorResyncSeconds}s)`,
      '',
      'Clusters (admin kubeconfigs; *-backstage.config use the backstage service account):',
      ...info.clusters.map(
        c =>
          `  ${c.name.padEnd(16)} ${c.url}  ${rel(c.kubeconfig)}${
            c.prometheusUrl ? `  prometheus ${c.prometheusUrl}` : ''
          }`,
      ),
      '',
      'Try:',
      `  ${path.basename(kubectl)} --kubeconfig ${rel(
        info.clusters[1].kubeconfig,
      )} get canary -A`,
      `  ${path.basename(kubectl)} --kubeconfig ${rel(
        info.clusters[0].kubeconfig,
      )} get application rollout-demo -o yaml`,
      '  yarn lab rollout rollout-demo --cluster kurator-member1 --image stefanprodan/podinfo:6.0.1',
      '  yarn lab watch',
      '',
      ...(info.profile
        ? [
            `Scale profile: ${info.profile.members} members, ${
              info.profile.canaries
            } scale canaries each (namespace scale), ${
              info.profile.latencyMs
            } ms latency each way to every cluster${
              info.profile.latencyMs ? ' (kubeconfigs use the proxies)' : ''
            }`,
            `Backstage config: --config app-config.yaml --config ${rel(
              info.appConfig!,
            )}`,
            '',
          ]
        : []),
      `Machine-readable details: ${rel(this.paths.labJson)}`,
      '(paths are relative to the repository root)',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  }

  private async startEtcd() {
    const { config, paths } = this;
    if (runningPid(paths.pidDir, 'etcd') !== undefined) {
      return;
    }
    await this.ensureFree(config.etcdClientPort, 'etcd', 'etcd');
    const url = `http://127.0.0.1:${config.etcdClientPort}`;
    const peer = `http://127.0.0.1:${config.etcdPeerPort}`;
    log('starting etcd');
    startDetached({
      name: 'etcd',
      command: 'etcd',
      args: [
        '--name=fleet-lab',
        `--data-dir=${path.join(paths.dataDir, 'etcd')}`,
        `--listen-client-urls=${url}`,
        `--advertise-client-urls=${url}`,
        `--listen-peer-urls=${peer}`,
        `--initial-advertise-peer-urls=${peer}`,
        `--initial-cluster=fleet-lab=${peer}`,
        '--quota-backend-bytes=1073741824',
        '--auto-compaction-retention=1',
        '--log-level=warn',
        '--logger=zap',
      ],
      logFile: this.logFile('etcd'),
      pidDir: paths.pidDir,
    });
    await waitFor(
      'etcd /health',
      async () => (await httpRequest(`${url}/health`)).status === 200,
      30000,
    );
  }

  private async startApiserver(
    cluster: ClusterSpec,
    kubeBin: string,
    pki: LabPki,
  ) {
    const { config, paths } = this;
    const name = `apiserver-${cluster.name}`;
    const args = [
      '--advertise-address=127.0.0.1',
      '--bind-address=127.0.0.1',
      `--secure-port=${cluster.apiserverPort}`,
      '--insecure-port=0',
      `--etcd-servers=http://127.0.0.1:${config.etcdClientPort}`,
      `--etcd-prefix=/registry-${cluster.name}`,
      `--tls-cert-file=${pki.serverCert}`,
      `--tls-private-key-file=${pki.serverKey}`,
      `--client-ca-file=${pki.caCert}`,
      `--token-auth-file=${path.join(paths.pkiDir, 'tokens.csv')}`,
      '--authorization-mode=RBAC',
      `--service-account-key-file=${pki.serviceAccountPub}`,
      `--service-account-signing-key-file=${pki.serviceAccountKey}`,
      `--service-account-issuer=${SA_AUDIENCE}`,
      `--api-audiences=${SA_AUDIENCE}`,
      '--service-account-max-token-expiration=8760h',
      '--service-cluster-ip-range=10.96.0.0/12',
      '--disable-admission-plugins=ServiceAccount',
      '--endpoint-reconciler-type=none',
      '--enable-priority-and-fairness=false',
      '--profiling=false',
      '--event-ttl=1h',
      ...(cluster.name === OIDC_MEMBER
        ? oidcApiserverArgs({
            issuer: this.idpIssuer(),
            caFile: pki.caCert,
            stateDir: paths.stateDir,
            logDir: paths.logDir,
            cluster: cluster.name,
          })
        : []),
    ];
    const running = runningPid(paths.pidDir, name);
    if (running !== undefined) {
      if (sameArgs(running, args)) {
        return;
      }
      // Started by an earlier version of the lab: its flags changed (its data stays in etcd).
      log(`restarting kube-apiserver for ${cluster.name} (its flags changed)`);
      await stopRecorded(paths.pidDir, name);
    }
    await this.ensureFree(cluster.apiserverPort, name, name);
    log(
      `starting kube-apiserver for ${cluster.name} on :${cluster.apiserverPort}`,
    );
    startDetached({
      name,
      command: path.join(kubeBin, 'kube-apiserver'),
      args,
      logFile: this.logFile(name),
      pidDir: paths.pidDir,
      env: { ...process.env, GOGC: '50' },
    });
  }

  private idpIssuer(): string {
    return `https://127.0.0.1:${this.config.idpPort}`;
  }

  /** The lab's OpenID Provider (idp/); restarted when what it serves changed. */
  private async startIdp(pki: LabPki): Promise<IdpSpec> {
    const { paths, config } = this;
    const spec = idpSpec({
      port: config.idpPort,
      offset: portOffset(this.env),
      pkiDir: paths.pkiDir,
      certFile: pki.serverCert,
      keyFile: pki.serverKey,
    });
    const file = path.join(paths.stateDir, IDP_JSON);
    const text = `${JSON.stringify(spec, null, 2)}\n`;
    const running = runningPid(paths.pidDir, IDP) !== undefined;
    const same = fs.existsSync(file) && fs.readFileSync(file, 'utf8') === text;
    if (running && same) {
      return spec;
    }
    if (running) {
      log('restarting the lab IdP (its settings changed)');
      await stopRecorded(paths.pidDir, IDP);
    }
    await this.ensureFree(config.idpPort, 'lab IdP', IDP);
    fs.writeFileSync(file, text, { mode: 0o600 });
    log(`starting the lab IdP on :${config.idpPort}`);
    startDetached({
      name: IDP,
      command: process.execPath,
      args: [
        '--import',
        'tsx',
        path.join(packageDir(), 'src', 'cli.ts'),
        IDP,
        file,
      ],
      logFile: this.logFile(IDP),
      pidDir: paths.pidDir,
      cwd: packageDir(),
    });
    const caPem = fs.readFileSync(pki.caCert, 'utf8');
    await waitFor(
      'lab IdP discovery document',
      async () => {
        if (runningPid(paths.pidDir, IDP) === undefined) {
          throw new Error(`the lab IdP exited; see ${this.logFile(IDP)}`);
        }
        const res = await httpRequest(
          `${spec.issuer}/.well-known/openid-configuration`,
          { ca: caPem, timeoutMs: 5000 },
        );
        return res.status === 200;
      },
      60000,
    );
    return spec;
  }

  private async waitApiserver(cluster: ClusterSpec, caPem: string) {
    const name = `apiserver-${cluster.name}`;
    await waitFor(
      `${name} /readyz`,
      async () => {
        if (runningPid(this.paths.pidDir, name) === undefined) {
          throw new Error(`${name} exited; see ${this.logFile(name)}`);
        }
        const res = await httpRequest(
          `https://127.0.0.1:${cluster.apiserverPort}/readyz`,
          { ca: caPem, timeoutMs: 2000 },
        );
        return res.status === 200;
      },
      // Many API servers start at once in a scale lab, sharing the cores.
      90000 + 15000 * Math.max(0, this.config.clusters.length - 3),
      300,
    );
  }

  /** CRDs, RBAC, the backstage token and the kubeconfigs of one cluster. */
  private async bootstrapCluster(
    cluster: ClusterSpec,
    caPem: string,
    tokens: StaticTokens,
    previous: LabInfo | undefined,
    pki: LabPki,
  ): Promise<LabClusterInfo> {
    const url = apiserverUrl(cluster);
    // What clients use: the latency proxy in front of the API server, when there is one.
    const clientUrl = clusterClientUrl(cluster);
    const admin = new KubeClient({ server: url, caPem, token: tokens.admin });
    try {
      const crds = cluster.role === 'host' ? kuratorCrds() : flaggerCrds();
      for (const crd of crds) {
        await admin.apply(crd);
      }
      for (const crd of crds) {
        await waitFor(
          `CRD ${crd.metadata.name} established in ${cluster.name}`,
          async () => {
            const got = await admin.get<KubeObject>({
              apiVersion: 'apiextensions.k8s.io/v1',
              kind: 'CustomResourceDefinition',
              name: crd.metadata.name,
            });
            return (got.status?.conditions ?? []).some(
              (c: any) => c.type === 'Established' && c.status === 'True',
            );
          },
          30000,
        );
      }
      for (const obj of rbacObjects()) {
        await admin.apply(obj);
      }
      const backstageToken = await this.backstageToken(
        admin,
        url,
        caPem,
        previous?.clusters.find(c => c.name === cluster.name)?.tokens.backstage,
      );
      const kubeconfig = path.join(
        this.paths.kubeconfigDir,
        `${cluster.name}.config`,
      );
      const backstageKubeconfig = path.join(
        this.paths.kubeconfigDir,
        `${cluster.name}-backstage.config`,
      );
      fs.writeFileSync(
        kubeconfig,
        renderKubeconfig({
          clusterName: cluster.name,
          server: clientUrl,
          caPem,
          userName: 'lab-admin',
          token: tokens.admin,
        }),
        { mode: 0o600 },
      );
      fs.writeFileSync(
        backstageKubeconfig,
        renderKubeconfig({
          clusterName: cluster.name,
          server: clientUrl,
          caPem,
          userName: `system:serviceaccount:${BACKSTAGE_NAMESPACE}:${BACKSTAGE_SERVICE_ACCOUNT}`,
          token: backstageToken,
        }),
        { mode: 0o600 },
      );
      return {
        name: cluster.name,
        role: cluster.role,
        url: clientUrl,
        ...(clientUrl !== url ? { apiserverUrl: url } : {}),
        caFile: pki.caCert,
        tokens: {
          admin: tokens.admin,
          backstage: backstageToken,
          unprivileged: tokens.unprivileged,
        },
        kubeconfig,
        backstageKubeconfig,
        ...(cluster.prometheusPort
          ? { prometheusUrl: `http://127.0.0.1:${cluster.prometheusPort}` }
          : {}),
      };
    } finally {
      admin.close();
    }
  }

  /** A service-account token from the TokenRequest API, reused while the API server accepts it. */
  private async backstageToken(
    admin: KubeClient,
    url: string,
    caPem: string,
    previous: string | undefined,
  ): Promise<string> {
    if (previous) {
      const probe = new KubeClient({ server: url, caPem, token: previous });
      try {
        await probe.request('GET', '/api/v1/events', { query: { limit: 1 } });
        return previous;
      } catch {
        // expired or from a wiped cluster: request a new one
      } finally {
        probe.close();
      }
    }
    const res = await admin.request<any>(
      'POST',
      `/api/v1/namespaces/${BACKSTAGE_NAMESPACE}/serviceaccounts/${BACKSTAGE_SERVICE_ACCOUNT}/token`,
      {
        body: {
          apiVersion: 'authentication.k8s.io/v1',
          kind: 'TokenRequest',
          spec: { audiences: [SA_AUDIENCE], expirationSeconds: 31536000 },
        },
      },
    );
    return res.status.token;
  }

  private prometheusConfig(cluster: ClusterSpec): string {
    return stringify({
      global: {
        scrape_interval: `${cluster.scrapeIntervalSeconds ?? 1}s`,
        evaluation_interval: '15s',
      },
      scrape_configs: [
        {
          job_name: 'fleet-lab-mesh',
          metrics_path: `/metrics/${cluster.name}`,
          static_configs: [
            {
              targets: [`127.0.0.1:${this.config.daemonPort}`],
              labels: { lab_cluster: cluster.name },
            },
          ],
        },
      ],
    });
  }

  private async startPrometheus(cluster: ClusterSpec) {
    const { paths } = this;
    const name = `prometheus-${cluster.name}`;
    const dir = ensureDir(path.join(paths.dataDir, name));
    const configFile = path.join(dir, 'prometheus.yml');
    fs.writeFileSync(configFile, this.prometheusConfig(cluster));
    if (runningPid(paths.pidDir, name) !== undefined) {
      return;
    }
    await this.ensureFree(cluster.prometheusPort!, name, name);
    log(
      `starting Prometheus for ${cluster.name} on :${cluster.prometheusPort}`,
    );
    startDetached({
      name,
      command: 'prometheus',
      args: [
        `--config.file=${configFile}`,
        `--storage.tsdb.path=${path.join(dir, 'tsdb')}`,
        `--web.listen-address=127.0.0.1:${cluster.prometheusPort}`,
        '--storage.tsdb.retention.time=12h',
        '--web.enable-lifecycle',
        '--log.level=warn',
      ],
      logFile: this.logFile(name),
      pidDir: paths.pidDir,
    });
    await waitFor(
      `${name} /-/ready`,
      async () =>
        (
          await httpRequest(
            `http://127.0.0.1:${cluster.prometheusPort}/-/ready`,
          )
        ).status === 200,
      30000,
    );
  }

  /**
   * Scale profile with latency: one process serving a delaying TCP proxy per cluster; restarted
   * when its proxies or delay change, stopped when the latency is set back to 0.
   */
  private async startLatencyProxies() {
    const { paths, config } = this;
    const file = path.join(paths.stateDir, LATENCY_PROXIES_JSON);
    const spec: LatencyProxySpec = {
      delayMs: this.profile.latencyMs,
      proxies: config.clusters
        .filter(c => c.proxyPort)
        .map(c => ({
          cluster: c.name,
          listenPort: c.proxyPort!,
          targetPort: c.apiserverPort,
        })),
    };
    const text = `${JSON.stringify(spec, null, 2)}\n`;
    const running = runningPid(paths.pidDir, LATENCY_PROXY) !== undefined;
    const same = fs.existsSync(file) && fs.readFileSync(file, 'utf8') === text;
    if (running && (same || spec.proxies.length === 0)) {
      if (spec.proxies.length === 0) {
        log('stopping the latency proxies (no latency)');
        await stopRecorded(paths.pidDir, LATENCY_PROXY);
        fs.rmSync(file, { force: true });
      }
      return;
    }
    if (spec.proxies.length === 0) {
      return;
    }
    if (running) {
      log(`restarting the latency proxies (${spec.delayMs} ms)`);
      await stopRecorded(paths.pidDir, LATENCY_PROXY);
    }
    for (const p of spec.proxies) {
      await this.ensureFree(
        p.listenPort,
        `latency proxy of ${p.cluster}`,
        LATENCY_PROXY,
      );
    }
    fs.writeFileSync(file, text);
    log(
      `starting the latency proxies (${spec.delayMs} ms each way) on :${
        spec.proxies[0].listenPort
      }..${spec.proxies[spec.proxies.length - 1].listenPort}`,
    );
    startDetached({
      name: LATENCY_PROXY,
      command: process.execPath,
      args: [
        '--import',
        'tsx',
        path.join(packageDir(), 'src', 'cli.ts'),
        'latency-proxy',
        file,
      ],
      logFile: this.logFile(LATENCY_PROXY),
      pidDir: paths.pidDir,
      cwd: packageDir(),
    });
    const caPem = fs.readFileSync(ensurePki(paths.pkiDir).caCert, 'utf8');
    await Promise.all(
      spec.proxies.map(p =>
        waitFor(
          `latency proxy of ${p.cluster} /readyz`,
          async () => {
            if (runningPid(paths.pidDir, LATENCY_PROXY) === undefined) {
              throw new Error(
                `the latency proxies exited; see ${this.logFile(
                  LATENCY_PROXY,
                )}`,
              );
            }
            const res = await httpRequest(
              `https://127.0.0.1:${p.listenPort}/readyz`,
              { ca: caPem, timeoutMs: 5000 + 4 * spec.delayMs },
            );
            return res.status === 200;
          },
          30000 + 10 * spec.delayMs,
        ),
      ),
    );
  }

  private async startDaemon(timeScale: number, previousScale?: number) {
    const { paths, config } = this;
    const running = runningPid(paths.pidDir, 'daemon');
    if (running !== undefined && previousScale === timeScale) {
      return;
    }
    if (running !== undefined) {
      log(`restarting the lab daemon (time scale ${timeScale}x)`);
      await stopRecorded(paths.pidDir, 'daemon');
    }
    await this.ensureFree(config.daemonPort, 'lab daemon', 'daemon');
    log('starting the lab daemon (Kurator, Flagger, traffic simulator)');
    startDetached({
      name: 'daemon',
      command: process.execPath,
      args: [
        '--import',
        'tsx',
        path.join(packageDir(), 'src', 'cli.ts'),
        'daemon',
        '--time-scale',
        String(timeScale),
      ],
      logFile: this.logFile('daemon'),
      pidDir: paths.pidDir,
      cwd: packageDir(),
      env: { ...process.env, CANARY_LAB_STATE_DIR: paths.stateDir },
    });
    await waitFor(
      'lab daemon /healthz',
      async () => {
        if (runningPid(paths.pidDir, 'daemon') === undefined) {
          throw new Error(`the daemon exited; see ${this.logFile('daemon')}`);
        }
        return (
          (await httpRequest(`http://127.0.0.1:${config.daemonPort}/healthz`))
            .status === 200
        );
      },
      60000,
    );
  }

  /** Stops every process the lab started, daemon first, etcd last. */
  async stop(): Promise<string[]> {
    const order = [
      LATENCY_PROXY,
      'daemon',
      'prometheus-',
      'apiserver-',
      IDP,
      'etcd',
    ];
    const names = recordedNames(this.paths.pidDir).sort(
      (a, b) =>
        order.findIndex(p => a.startsWith(p)) -
        order.findIndex(p => b.startsWith(p)),
    );
    const stopped: string[] = [];
    for (const group of order) {
      const batch = names.filter(n => n.startsWith(group));
      const results = await Promise.all(
        batch.map(async n =>
          (await stopRecorded(this.paths.pidDir, n)) ? n : undefined,
        ),
      );
      stopped.push(...(results.filter(Boolean) as string[]));
    }
    return stopped;
  }

  /** The spec of a member cluster; a clear error naming the members otherwise. */
  private memberSpec(name: string): ClusterSpec {
    const members = this.config.clusters.filter(c => c.role === 'member');
    const member = members.find(c => c.name === name);
    if (!member) {
      throw new Error(
        `"${name}" is not a member cluster of the lab; members are ${members
          .map(c => c.name)
          .join(', ')}`,
      );
    }
    return member;
  }

  /**
   * Stops the kube-apiserver of one member cluster (its data stays in etcd), to see how clients
   * cope with an unreachable cluster. Returns false when it was not running.
   */
  async stopMember(name: string): Promise<boolean> {
    const member = this.memberSpec(name);
    const stopped = await stopRecorded(
      this.paths.pidDir,
      `apiserver-${member.name}`,
    );
    log(
      stopped
        ? `stopped the kube-apiserver of ${member.name}`
        : `the kube-apiserver of ${member.name} was not running`,
    );
    return stopped;
  }

  /** Starts the kube-apiserver of a member stopped by `stopMember` again and waits until it is ready. */
  async startMember(name: string): Promise<void> {
    const member = this.memberSpec(name);
    const kubeBin = await ensureKubeApiserver(this.paths.cacheDir);
    const pki = ensurePki(this.paths.pkiDir);
    await this.startApiserver(member, kubeBin, pki);
    await this.waitApiserver(member, fs.readFileSync(pki.caCert, 'utf8'));
  }

  status() {
    const names = recordedNames(this.paths.pidDir);
    const processes = names.map(name => {
      const pid = runningPid(this.paths.pidDir, name);
      return { name, pid, rss: pid ? rssBytes(pid) : 0 };
    });
    return { processes, info: readLabInfo(this.paths.labJson) };
  }

  /**
   * Stops the lab and deletes what it wrote (certificates, kubeconfigs, cluster and Prometheus data,
   * logs, lab.json). Files other tools keep in the state directory stay.
   */
  async reset() {
    const stopped = await this.stop();
    const { paths } = this;
    for (const p of [
      paths.pkiDir,
      paths.kubeconfigDir,
      paths.dataDir,
      paths.logDir,
      paths.pidDir,
      paths.labJson,
      paths.routesJson,
      path.join(paths.stateDir, LATENCY_PROXIES_JSON),
      path.join(paths.stateDir, SCALE_APP_CONFIG),
      path.join(paths.stateDir, IDP_JSON),
      ...auditPolicyFiles(paths.stateDir),
    ]) {
      fs.rmSync(p, { recursive: true, force: true });
    }
    try {
      fs.rmdirSync(paths.stateDir);
    } catch {
      // not empty: other tools' files
    }
    return stopped;
  }

  /** True when every process of the lab runs. */
  isRunning(): boolean {
    const wanted = [
      'etcd',
      'daemon',
      IDP,
      ...this.config.clusters.map(c => `apiserver-${c.name}`),
      ...this.config.clusters
        .filter(c => c.prometheusPort)
        .map(c => `prometheus-${c.name}`),
      ...(this.profile.latencyMs > 0 ? [LATENCY_PROXY] : []),
    ];
    return wanted.every(n => runningPid(this.paths.pidDir, n) !== undefined);
  }
}

/** True when the running process was started with exactly these arguments (from /proc). */
function sameArgs(pid: number, args: string[]): boolean {
  try {
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    const running = cmdline.split('\0').filter(Boolean).slice(1);
    return JSON.stringify(running) === JSON.stringify(args);
  } catch {
    return true;
  }
}

/** Creates each object that does not exist yet; never overwrites (a rolled-out image stays). */
export async function createMissing(client: KubeClient, objects: KubeObject[]) {
  for (const obj of objects) {
    const ref = {
      apiVersion: obj.apiVersion,
      kind: obj.kind,
      namespace: obj.metadata.namespace,
      name: obj.metadata.name,
    };
    for (let attempt = 0; ; attempt++) {
      try {
        await client.get(ref);
        break;
      } catch (error) {
        if (!isNotFound(error)) {
          throw error;
        }
      }
      try {
        await client.create(obj);
        break;
      } catch (error) {
        // a namespace being created concurrently, or a CRD not served yet
        if (
          attempt < 20 &&
          error instanceof KubeError &&
          (error.statusCode === 404 || error.statusCode === 409)
        ) {
          await sleep(250);
          continue;
        }
        throw error;
      }
    }
  }
}
