import fs from 'node:fs';
import { KubeClient } from './KubeClient';
import { labPaths } from './paths';
import type { ScaleProfile } from './scaleProfile';
import type { OidcMemberInfo } from './idp/oidcMember';

/** How to reach one cluster of the lab; written to `lab.json`. */
export type LabClusterInfo = {
  name: string;
  role: 'host' | 'member';
  /**
   * The URL clients (Backstage, kubectl, the kubeconfigs) use: the API server (https on
   * 127.0.0.1), or its latency proxy in the scale profile with `--latency`.
   */
  url: string;
  /** Scale profile with latency only: the API server itself, which the lab's engines use. */
  apiserverUrl?: string;
  /** PEM file of the lab CA that signed the API server certificate. */
  caFile: string;
  /** Bearer tokens: `admin` (system:masters), `backstage` (service account backstage/backstage with the plugin's RBAC), `unprivileged` (no RBAC at all). */
  tokens: { admin: string; backstage: string; unprivileged: string };
  /** kubeconfig files for kubectl: admin and the backstage service account. */
  kubeconfig: string;
  backstageKubeconfig: string;
  /** Members: the cluster's Prometheus (the metrics server its Flagger queries). */
  prometheusUrl?: string;
  /** The member that also trusts the lab IdP's ID tokens (users `oidc:<name>`), with its audit log. */
  oidc?: OidcMemberInfo;
};

export type LabInfo = {
  version: 1;
  startedAt: string;
  timeScale: number;
  /** Seconds between Kurator re-renders at this time scale. */
  kuratorResyncSeconds: number;
  clusters: LabClusterInfo[];
  etcd: { url: string };
  /** The lab daemon: simulated mesh metrics, loadtester and gate stubs. */
  daemon: { url: string; pid?: number };
  /**
   * Base URL of each in-cluster loadtester (`<base>/gate/open`, `/gate/check`, `/rollback/open`...),
   * keyed `<cluster>/<namespace>/<service>`. The API server's service proxy refuses loopback
   * endpoints, so local runs reach the loadtesters here.
   */
  loadtesterUrlTemplate: string;
  /**
   * The lab's OpenID Provider (https on 127.0.0.1, its certificate signed by the lab CA) and the
   * confidential client of Backstage's auth backend (redirect URI
   * `http://localhost:<7007|7307>/api/auth/oidc/handler/frame`). Any user name signs in.
   */
  idp?: {
    issuer: string;
    clientId: string;
    clientSecret: string;
    caFile: string;
  };
  /** Only when the lab runs a scale profile (`start --members/--canaries/--latency`). */
  profile?: ScaleProfile;
  /** Scale profile: the Backstage configuration written for it (app-config.scale.yaml). */
  appConfig?: string;
};

export function readLabInfo(file = labPaths().labJson): LabInfo | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as LabInfo;
  } catch {
    return undefined;
  }
}

export function requireLabInfo(): LabInfo {
  const info = readLabInfo();
  if (!info) {
    throw new Error(
      'The fleet lab is not set up (no lab.json); run `yarn lab start` first',
    );
  }
  return info;
}

export function clusterInfo(info: LabInfo, name: string): LabClusterInfo {
  const cluster = info.clusters.find(c => c.name === name);
  if (!cluster) {
    throw new Error(
      `Unknown cluster "${name}"; the lab has ${info.clusters
        .map(c => c.name)
        .join(', ')}`,
    );
  }
  return cluster;
}

export type TokenKind = keyof LabClusterInfo['tokens'];

/** The lab's own client of a cluster: straight to the API server, never through a latency proxy. */
export function clientFor(
  cluster: LabClusterInfo,
  token: TokenKind = 'admin',
): KubeClient {
  return new KubeClient({
    server: cluster.apiserverUrl ?? cluster.url,
    caPem: fs.readFileSync(cluster.caFile, 'utf8'),
    token: cluster.tokens[token],
  });
}

export function loadtesterUrl(
  info: LabInfo,
  cluster: string,
  namespace: string,
  service: string,
) {
  return info.loadtesterUrlTemplate
    .replace('{cluster}', cluster)
    .replace('{namespace}', namespace)
    .replace('{service}', service);
}
