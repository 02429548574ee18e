import type { CanaryPhase } from '@backstage-canary/plugin-canary-common';
import type { KubeClient, KubeObject } from '../../lib/KubeClient';
import type { RouteTable } from '../RouteTable';
import type { EventRecorder } from './EventRecorder';
import type { FlaggerMetrics } from './FlaggerMetrics';

/** Prometheus answered with no series or NaN (Flagger's ErrNoValuesFound). */
export class NoValuesFoundError extends Error {
  constructor() {
    super('no values found');
  }
}

export type SchedulerDeps = {
  cluster: string;
  client: KubeClient;
  routes: RouteTable;
  events: EventRecorder;
  metrics: FlaggerMetrics;
  /** Wall-clock speed-up: intervals, deadlines and query windows are divided by it. */
  timeScale: number;
  /** The controller's `-mesh-provider` (Kurator installs Flagger with the default, istio). */
  meshProvider: string;
  /** POSTs a webhook payload to an in-cluster or loopback URL; resolves the HTTP status and body. */
  post: (
    url: string,
    namespace: string,
    body: string,
    timeoutMs: number,
  ) => Promise<{ status: number; body: string }>;
  /** Runs an instant query on the Prometheus behind a metrics server address. */
  query: (address: string | undefined, query: string) => Promise<number>;
  log: (message: string) => void;
  /**
   * Watch-fed copies of the member's Canaries, Deployments and Services (a scale lab's engines).
   * Without them every read is a GET, as in the demo lab.
   */
  reader?: CachedReads;
};

/**
 * Reads from informer-style caches. An object the cache does not hold is still read from the API
 * (so "not found" answers and errors stay the API's), and a Canary the cache holds in a version
 * older than the scheduler's own last write is read from the API too.
 */
export type CachedReads = {
  canary(namespace: string, name: string): KubeObject | undefined;
  deployment(namespace: string, name: string): KubeObject | undefined;
  service(namespace: string, name: string): KubeObject | undefined;
};

/** A Flagger Canary as the scheduler reads it (untyped spec and status, as the API returns them). */
export type Canary = KubeObject;

export const FLAGGER_GROUP_VERSION = 'flagger.app/v1beta1';

/** The phases of a run under way: a tick in any other phase waits for a new revision. */
export const ACTIVE_PHASES: CanaryPhase[] = [
  'Progressing',
  'WaitingPromotion',
  'Promoting',
  'Finalising',
];
