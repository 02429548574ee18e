import type { RolloutActionAvailability } from '../rollout/rolloutActions';
import type { RolloutBinding } from '../rollout/rolloutBinding';
import type { RolloutState } from '../rollout/rolloutState';
import type { StrategyReading } from '../rollout/strategy';
import type { TimelineEntry } from '../events/timelineEntry';
import type { TimelineKind } from '../events/timelineKinds';
import type { MetricThreshold } from '../metrics/metricUnits';
import type { Canary } from '../model/canary';
import type { Application } from '../model/application';
import type { RunExplanation } from '../rollout/runExplanation';
import type { RolloutDiagnosis } from '../rollout/diagnosis/types';
import type {
  PendingRolloutChange,
  RecordedRolloutState,
  RolloutRunInfo,
} from './rolloutContextTypes';

/**
 * How a rollout was found for an entity: its Kurator Application, a `backstage-canary.io/canary`
 * annotation, or the Kubernetes plugin's label.
 *
 * @public
 */
export type RolloutSource = 'kurator' | 'annotation' | 'label';

/**
 * A canary on a cluster (Backstage cluster name).
 *
 * @public
 */
export type CanaryRef = { cluster: string; namespace: string; name: string };

/**
 * Where a Kurator-managed canary comes from.
 *
 * @public
 */
export type KuratorOrigin = {
  /** Backstage name of the fleet's host cluster. */
  hostCluster: string;
  application: { namespace: string; name: string };
  fleet: string;
  policyName: string;
  policyIndex: number;
  /** The member's name in the fleet (its Kurator cluster name). */
  kuratorCluster: string;
};

/**
 * A per-cluster failure: the rest of the fleet still answers.
 *
 * @public
 */
export type ClusterProblem = {
  cluster: string;
  /** The `@backstage/errors` name, e.g. `NotAllowedError`, `ServiceUnavailableError`. */
  name: string;
  message: string;
};

/**
 * The revision a canary is rolling out.
 *
 * @public
 */
export type RolloutRevision = {
  /** The target workload's container images. */
  images: string[];
  /** Hash of the canary's last applied spec (Flagger's revision identity). */
  lastAppliedSpec?: string;
  lastPromotedSpec?: string;
};

/**
 * One rollout of an entity on one cluster, in domain terms.
 *
 * @public
 */
export type RolloutSummary = CanaryRef & {
  source: RolloutSource;
  kurator?: KuratorOrigin;
  /** False when the canary does not exist (yet) on the cluster, e.g. Kurator has not rendered it. */
  found: boolean;
  /**
   * Whether the cluster side agrees that the rollout belongs to the entity; an unbound rollout
   * offers no action and takes no policy write.
   */
  binding?: RolloutBinding;
  /** Why this cluster could not be read; the other clusters still answer. */
  error?: ClusterProblem;
  state?: RolloutState;
  strategy?: StrategyReading;
  revision?: RolloutRevision;
  lastTransitionTime?: string;
  /** Failed checks of the current run against the rollback threshold. */
  failedChecks?: { count: number; threshold: number };
  actions?: RolloutActionAvailability[];
  /** The current (or last) run, from the history: when it started. */
  run?: RolloutRunInfo;
  /** What was asked or detected and takes effect at Flagger's next check. */
  pending?: PendingRolloutChange;
  /** For a cluster that cannot be read now: the canary's last recorded state. */
  recorded?: RecordedRolloutState;
  /**
   * Why the current run failed, halts or skipped its analysis, from its recorded history: the
   * metrics out of range, the step it stopped at, the failed checks then, when and to which
   * revision it rolled back.
   */
  explanation?: RunExplanation;
  /**
   * Why the rollout does not move as its policy says, for a canary meant to move: each cause with
   * its evidence and the fix. Absent for a canary at rest.
   */
  diagnosis?: RolloutDiagnosis;
};

/**
 * One rollout in detail: its summary (as in the entity's list), the Canary as its cluster holds it
 * and, for a Kurator-managed canary, the Application in the host cluster that renders it. Both
 * objects come without `metadata.managedFields`.
 *
 * @public
 */
export type RolloutDetail = {
  rollout: RolloutSummary;
  /** Absent when the canary does not exist (yet) on its cluster, or could not be read. */
  canary?: Canary;
  /** The Kurator Application, for Kurator-managed canaries. */
  application?: Application;
};

/**
 * The rollouts of an entity across the fleet.
 *
 * @public
 */
export type EntityRolloutsResponse = {
  entityRef: string;
  items: RolloutSummary[];
  /** Failures not tied to one canary (a host cluster or a cluster that could not be listed). */
  errors: ClusterProblem[];
  /** A one-line summary, e.g. "2 of 3 clusters promoted, 1 waiting for approval". */
  summary: string;
  /** How current each cluster's part of the answer is, per cluster of the items and errors. */
  freshness?: ClusterFreshness[];
};

/**
 * How current one cluster's part of an answer is. The backend watches every cluster it may read
 * with its own identity and answers from those watches while they are connected; otherwise it reads
 * the cluster for the answer (and says why).
 *
 * @public
 */
export type ClusterFreshness = {
  cluster: string;
  /** `watch`: from the backend's open watches of the cluster; `live`: read for this answer. */
  source: 'watch' | 'live';
  /** When the watches (re)connected (source `watch`). */
  connectedSince?: string;
  /**
   * The last event, list or probe answer from the cluster (for a cluster read live: the last before
   * its watches broke, so an unreachable cluster is unreachable since then).
   */
  lastContactAt?: string;
  /** Why the cluster was read live: its watches broke, or it refuses the backend's identity. */
  reason?: string;
  /** The backend watches this cluster but its watches are down: the cluster may be failing. */
  disconnected?: boolean;
};

/**
 * One revision's journey through the analysis.
 *
 * @public
 */
export type RolloutRun = {
  /** Addresses the run in the API. */
  id: number;
  /** The run's number within its canary (1, 2, 3 …): what users see, as `#3`. */
  number: number;
  revision: string;
  images: string[];
  startedAt: string;
  endedAt?: string;
  outcome?: 'Succeeded' | 'Failed';
};

/**
 * A phase or weight change of a canary, as recorded.
 *
 * @public
 */
export type TransitionRecord = {
  type: 'transition';
  id: number;
  runId?: number;
  at: string;
  phase: string;
  canaryWeight: number;
  failedChecks: number;
  iterations?: number;
};

/**
 * A Kubernetes Event of a canary, parsed, as recorded.
 *
 * @public
 */
export type EventRecord = {
  type: 'event';
  id: number;
  runId?: number;
  at: string;
  eventType: string;
  reason: string;
  message: string;
  entry: TimelineEntry;
};

/**
 * A rollout action asked through the plugin, from the action log.
 *
 * @public
 */
export type ActionRecord = {
  type: 'action';
  id: number;
  /** The run the action belongs to: taken while it was open, or the run it started. */
  runId?: number;
  at: string;
  action: string;
  route?: string;
  /** The user or service that asked, as an entity or service ref. */
  actor: string;
  reason: string;
  /**
   * `pending` while its cluster write has no answer yet: it becomes `succeeded` or `failed` when
   * the cluster answers or, if the answer is lost, when a read of the cluster shows whether the
   * write landed.
   */
  outcome: 'succeeded' | 'failed' | 'unchanged' | 'pending';
  message: string;
};

/**
 * An item of a canary's timeline.
 *
 * @public
 */
export type TimelineItem = TransitionRecord | EventRecord | ActionRecord;

/**
 * A page of a list, newest first, with the cursor of the next page.
 *
 * @public
 */
export type Page<T> = { items: T[]; nextCursor?: string };

/**
 * Filters of a canary's timeline.
 *
 * @public
 */
export type TimelineQuery = {
  /** Only this run. */
  runId?: number;
  /**
   * Only these kinds (of `TIMELINE_KINDS`): `transition`, `action` and timeline entry kinds such as
   * `halted`, `rollback`.
   */
  kinds?: TimelineKind[];
  limit?: number;
  cursor?: string;
};

/**
 * What to read of a canary's analysis metrics: a time range in unix seconds and, optionally, a run.
 *
 * @public
 */
export type MetricsQuery = {
  /** Default: a minute before the run's start with `runId`, else an hour before `end`. */
  start?: number;
  /** Default: a minute after the run's end (now while it runs) with `runId`, else now. */
  end?: number;
  /** Seconds between points; default the analysis interval. */
  stepSeconds?: number;
  /**
   * A run of the canary (its id, not its number): the failed checks are that run's only, whatever
   * the range, and the range defaults to the run's.
   */
  runId?: number;
};

/**
 * The answer to a rollout action.
 *
 * @public
 */
export type RolloutActionResult = {
  action: RolloutActionAvailability['action'];
  route: NonNullable<RolloutActionAvailability['route']>;
  /** Every canary the action changed: for a Kurator policy, each cluster of the policy. */
  affects: CanaryRef[];
  /** What happened, in words. */
  message: string;
  /** False when the canary was already in the asked state (a repeated action changes nothing). */
  changed: boolean;
  /** For approvals and aborts through the backend's gates: which gate, for which revision. */
  gate?: {
    gate: string;
    webhook: string;
    cluster: string;
    revision: string;
  };
};

/**
 * A failed analysis check of a metric, from the recorded events.
 *
 * @public
 */
export type FailedMetricCheck = {
  at: string;
  value?: number;
  threshold?: number;
  comparison?: '<' | '>';
  message: string;
};

/**
 * One analysis metric of a canary over a time range: the canary's and the primary's series (in the
 * threshold's unit), the accepted range, the queries and the checks that failed.
 *
 * @public
 */
export type MetricSeries = {
  name: string;
  source: 'builtin' | 'template' | 'inline';
  threshold: MetricThreshold;
  query?: string;
  primaryQuery?: string;
  /** [unix seconds, value] points. */
  canary: Array<[number, number]>;
  primary: Array<[number, number]>;
  failedChecks: FailedMetricCheck[];
  /** Why a query could not be rendered or run; the other metrics still answer. */
  problems: string[];
};

/**
 * The analysis metrics of a canary.
 *
 * @public
 */
export type RolloutMetricsResponse = {
  range: { start: number; end: number; stepSeconds: number };
  metrics: MetricSeries[];
};

/**
 * A rollout that needs someone: waiting for approval, or failed.
 *
 * @public
 */
export type InboxItem = {
  entityRef: string;
  /** Why it is in the inbox. */
  attention: 'waiting-for-approval' | 'failed';
  /**
   * `needs-you`: the caller may act on it (give the approval it waits for, or retry the failed
   * run); `can-watch`: someone else acts on it, the caller may only read it.
   */
  group: InboxGroup;
  rollout: RolloutSummary;
};

/**
 * Whose move an inbox item is: the caller's (`needs-you`) or someone else's (`can-watch`).
 *
 * @public
 */
export type InboxGroup = 'needs-you' | 'can-watch';

/**
 * The rollouts across the entities a user may read that wait for approval or failed, with the
 * clusters that could not be read.
 *
 * @public
 */
export type InboxResponse = {
  items: InboxItem[];
  errors: Array<ClusterProblem & { entityRef: string }>;
  /** Cursor of the next page of entities. */
  nextCursor?: string;
};
