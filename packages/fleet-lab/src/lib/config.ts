/**
 * The lab's fixed topology: cluster names, the loopback port block and the time scale.
 *
 * Ports (127.0.0.1, all shifted by CANARY_LAB_PORT_OFFSET):
 *   12379/12380  etcd client/peer (one etcd, one --etcd-prefix per cluster)
 *   16443        kube-apiserver `host` (Kurator fleet control plane)
 *   16444/16445  kube-apiserver `kurator-member1` / `kurator-member2`
 *   19090/19091  Prometheus of `kurator-member1` / `kurator-member2`
 *   19100        lab daemon: simulated mesh metrics, loadtester and gate stubs
 *   17777        the lab's OpenID Provider (https), trusted by `kurator-member2` (clear of every
 *                other port at the offsets 500, 1000 and 2000)
 *
 * The scale profile (`start --members N --canaries M --latency ms`, see scaleProfile.ts) adds:
 *   16443+i      kube-apiserver `kurator-member<i>`, i = 3..N
 *   19100+i      Prometheus of `kurator-member<i>`, i = 3..N
 *   18443+i      latency proxy of cluster i (0 = host), when --latency is set
 */

export type ClusterRole = 'host' | 'member';

export type ClusterSpec = {
  name: string;
  role: ClusterRole;
  apiserverPort: number;
  /** Members only: the cluster's own Prometheus. */
  prometheusPort?: number;
  /** The delaying TCP proxy in front of the API server (scale profile with latency only). */
  proxyPort?: number;
  /** How often the member's Prometheus scrapes the daemon; 1 s unless the scale profile says otherwise. */
  scrapeIntervalSeconds?: number;
};

export type LabConfig = {
  clusters: ClusterSpec[];
  etcdClientPort: number;
  etcdPeerPort: number;
  daemonPort: number;
  /** The lab's OpenID Provider (see idp/). */
  idpPort: number;
  /** Every analysis interval, deadline and resync is divided by this factor (1 = real time). */
  timeScale: number;
  /** Requests per second of simulated user traffic per workload. */
  userTrafficRps: number;
};

export const HOST_CLUSTER = 'host';
export const MEMBER_CLUSTERS = ['kurator-member1', 'kurator-member2'];

function intEnv(env: NodeJS.ProcessEnv, key: string, fallback: number) {
  const raw = env[key];
  if (raw === undefined || raw === '') {
    return fallback;
  }
  const value = Number(raw);
  if (!Number.isFinite(value)) {
    throw new Error(`${key} must be a number, got "${raw}"`);
  }
  return value;
}

export function parseTimeScale(raw: string | number | undefined): number {
  if (raw === undefined || raw === '') {
    return 1;
  }
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 1 || value > 600) {
    throw new Error(`time scale must be a number from 1 to 600, got "${raw}"`);
  }
  return value;
}

/** The port offset of this lab (CANARY_LAB_PORT_OFFSET), shifting every port it uses. */
export function portOffset(env: NodeJS.ProcessEnv = process.env): number {
  return intEnv(env, 'CANARY_LAB_PORT_OFFSET', 0);
}

export function labConfig(env: NodeJS.ProcessEnv = process.env): LabConfig {
  const offset = portOffset(env);
  return {
    clusters: [
      { name: HOST_CLUSTER, role: 'host', apiserverPort: 16443 + offset },
      {
        name: MEMBER_CLUSTERS[0],
        role: 'member',
        apiserverPort: 16444 + offset,
        prometheusPort: 19090 + offset,
      },
      {
        name: MEMBER_CLUSTERS[1],
        role: 'member',
        apiserverPort: 16445 + offset,
        prometheusPort: 19091 + offset,
      },
    ],
    etcdClientPort: 12379 + offset,
    etcdPeerPort: 12380 + offset,
    daemonPort: 19100 + offset,
    idpPort: 17777 + offset,
    timeScale: parseTimeScale(env.CANARY_LAB_TIME_SCALE),
    userTrafficRps: intEnv(env, 'CANARY_LAB_USER_RPS', 20),
  };
}
