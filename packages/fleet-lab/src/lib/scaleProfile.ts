import { ClusterSpec, LabConfig } from './config';

/**
 * The scale profile of the lab: how many member clusters, how many extra canaries each member
 * holds, and how much latency each chunk on the path from Backstage to a cluster gets.
 * The default (2 members, no extra canaries, no latency) is the demo lab, unchanged.
 */
export type ScaleProfile = {
  /** Member clusters: kurator-member1..N (1 and 2 are the demo's). */
  members: number;
  /** Copies of the demo's podinfo canary on every member, in the namespace `scale`. */
  canaries: number;
  /** Delay of each chunk, each way, between a client (Backstage, kubectl) and an API server. */
  latencyMs: number;
};

export const DEFAULT_PROFILE: ScaleProfile = {
  members: 2,
  canaries: 0,
  latencyMs: 0,
};

export const MAX_MEMBERS = 50;

/**
 * Requests per second of simulated user traffic to a canary's service, instead of the lab's 20; the
 * scale canaries carry it so that thousands of them do not drown the daemon in simulated requests.
 */
export const USER_RPS_ANNOTATION = 'fleet-lab.backstage-canary.io/user-rps';
export const SCALE_CANARY_USER_RPS = 2;
/**
 * The scale canaries' analysis interval (podinfo's is 30 s): the lab's Flagger reads the API on
 * every tick, which for 2,000 idle canaries at 30 s would take more than two cores.
 */
export const SCALE_CANARY_INTERVAL = '2m';
/**
 * How often the Flagger engines of a scale lab check their jobs and the deployment statuses against
 * their watch-fed caches (changes arrive by watch; this check costs no API request).
 */
export const SCALE_FLAGGER_POLL_MS = 5000;
/**
 * How many canaries of one member the lab's Flagger initialises or ticks at once in a scale lab:
 * from 4 up to 32 while ticks take under 2 s, halved when one takes longer.
 */
export const SCALE_TICK_CONCURRENCY = { min: 4, max: 32, slowMs: 2000 };
/**
 * How often the Prometheus of members 3..N scrape (the demo's members keep 1 s, so the demo's
 * analyses work at any time scale; the scale members' need windows of 10 s or more).
 */
export const SCALE_SCRAPE_INTERVAL_SECONDS = 5;

export const MAX_CANARIES = 500;
export const MAX_LATENCY_MS = 5000;

/** The block of the latency proxies: 18443 + cluster index (0 = host), plus the port offset. */
const PROXY_BASE_PORT = 18443;
/** Members from 3 on: 16443 + i for the API server, 19100 + i for Prometheus. */
const APISERVER_BASE_PORT = 16443;
const PROMETHEUS_BASE_PORT = 19100;

export function isDefaultProfile(profile: ScaleProfile): boolean {
  return (
    profile.members === DEFAULT_PROFILE.members &&
    profile.canaries === DEFAULT_PROFILE.canaries &&
    profile.latencyMs === DEFAULT_PROFILE.latencyMs
  );
}

function parseInteger(
  raw: string | number | undefined,
  what: string,
  min: number,
  max: number,
): number | undefined {
  if (raw === undefined || raw === '') {
    return undefined;
  }
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(
      `${what} must be a whole number from ${min} to ${max}, got "${raw}"`,
    );
  }
  return value;
}

/**
 * The profile asked for on the command line; what is not given is kept from the running lab
 * (`previous`, from lab.json), else the default.
 */
export function parseScaleProfile(
  raw: {
    members?: string | number;
    canaries?: string | number;
    latency?: string | number;
  },
  previous: ScaleProfile = DEFAULT_PROFILE,
): ScaleProfile {
  return {
    members:
      parseInteger(raw.members, '--members', 2, MAX_MEMBERS) ??
      previous.members,
    canaries:
      parseInteger(raw.canaries, '--canaries', 0, MAX_CANARIES) ??
      previous.canaries,
    latencyMs:
      parseInteger(raw.latency, '--latency', 0, MAX_LATENCY_MS) ??
      previous.latencyMs,
  };
}

/**
 * Refuses to shrink a lab: the clusters and canaries it has would stay behind (start never deletes
 * objects). Latency may change freely.
 */
export function checkProfileChange(
  previous: ScaleProfile,
  next: ScaleProfile,
): void {
  if (next.members < previous.members || next.canaries < previous.canaries) {
    throw new Error(
      `The lab has ${previous.members} members with ${previous.canaries} scale canaries each; ` +
        `it cannot shrink to ${next.members} x ${next.canaries}. Run \`yarn lab reset\` first (it deletes the clusters' data)`,
    );
  }
}

export function memberName(index: number): string {
  return `kurator-member${index}`;
}

/**
 * The topology of a profile: the default clusters, then members 3..N on their own ports, and with
 * latency a proxy port for every cluster. Every port is shifted by the lab's port offset.
 */
export function scaleLabConfig(
  base: LabConfig,
  profile: ScaleProfile,
  offset: number,
): LabConfig {
  const clusters: ClusterSpec[] = base.clusters.map(c => ({ ...c }));
  for (let i = clusters.length; i <= profile.members; i++) {
    clusters.push({
      name: memberName(i),
      role: 'member',
      apiserverPort: APISERVER_BASE_PORT + i + offset,
      prometheusPort: PROMETHEUS_BASE_PORT + i + offset,
      scrapeIntervalSeconds: SCALE_SCRAPE_INTERVAL_SECONDS,
    });
  }
  if (profile.latencyMs > 0) {
    clusters.forEach((c, index) => {
      c.proxyPort = PROXY_BASE_PORT + index + offset;
    });
  }
  return { ...base, clusters };
}

/** The API server of a cluster, which the lab's own engines use. */
export function apiserverUrl(cluster: ClusterSpec): string {
  return `https://127.0.0.1:${cluster.apiserverPort}`;
}

/** What clients (Backstage, kubectl, the kubeconfigs) use: the latency proxy when there is one. */
export function clientUrl(cluster: ClusterSpec): string {
  return cluster.proxyPort
    ? `https://127.0.0.1:${cluster.proxyPort}`
    : apiserverUrl(cluster);
}
