// ******************************************************************
// * GENERATED FILE: DO NOT EDIT.                                     *
// * Source: plugins/canary-backend/src/schema/openapi.yaml           *
// * Regenerate: yarn generate:openapi (in plugins/canary-backend)    *
// ******************************************************************
// The request and response types of the Canary API, written by openapi-typescript.
// A Jest test in plugins/canary-backend fails when this file no longer matches openapi.yaml.
/* eslint-disable */

/**
 * The Canary API's paths and their operations.
 *
 * @public
 */
export interface CanaryApiPaths {
  '/health': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Liveness of the plugin. */
    get: CanaryApiOperations['getHealth'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/inbox': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Rollouts waiting for approval or failed, across the entities the caller may read.
     * Pages over entities (not rollouts); entities whose rollouts could not be read appear in `errors` with their cluster, once per entity and cluster. Each item says whether the caller may act on it (`group`).
     */
    get: CanaryApiOperations['getInbox'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/rollouts': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The entity's rollouts on every cluster.
     * Per cluster: phase, planned and current weights, progress, failed checks against the threshold, last transition, Kurator policy, revision and the actions possible now. Permission `canary.rollout.read`.
     */
    get: CanaryApiOperations['getEntityRollouts'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{canaryNamespace}/{canaryName}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * One rollout of the entity in detail.
     * The rollout in domain terms, the Canary manifest and, for a Kurator-managed canary, the Kurator Application it is rendered from (read on the fleet's host cluster). Permission `canary.rollout.read`.
     */
    get: CanaryApiOperations['getRollout'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{canaryNamespace}/{canaryName}/runs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The recorded runs of a canary (one run = one revision's journey), newest first. */
    get: CanaryApiOperations['listRolloutRuns'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{canaryNamespace}/{canaryName}/timeline': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Recorded transitions, parsed events and actions of a canary, newest first. */
    get: CanaryApiOperations['getRolloutTimeline'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{canaryNamespace}/{canaryName}/metrics': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The canary's analysis metrics over a time range, from Prometheus.
     * For each analysis metric: the canary's and the primary's series in the threshold's unit, the accepted range, the queries and the checks that failed: with `run`, exactly that run's halted checks, whatever the range; without, the halted checks recorded within the range. A metric whose query fails carries `problems`; the other metrics still answer.
     */
    get: CanaryApiOperations['getRolloutMetrics'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{canaryNamespace}/{canaryName}/actions/pause': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Pause the rollout (`spec.suspend`). Permission `canary.rollout.pause`. */
    post: CanaryApiOperations['pauseRollout'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{canaryNamespace}/{canaryName}/actions/resume': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Resume a paused rollout. Permission `canary.rollout.pause`. */
    post: CanaryApiOperations['resumeRollout'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{canaryNamespace}/{canaryName}/actions/promote': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Finish the analysis now and promote. Permission `canary.rollout.promote`. */
    post: CanaryApiOperations['promoteRollout'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{canaryNamespace}/{canaryName}/actions/abort': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Roll back now (through the backend's rollback gate). Permission `canary.rollout.abort`. */
    post: CanaryApiOperations['abortRollout'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{canaryNamespace}/{canaryName}/actions/retry': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Restart the analysis of the current revision. Permission `canary.rollout.retry`. */
    post: CanaryApiOperations['retryRollout'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{canaryNamespace}/{canaryName}/actions/approve': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Open the gate the canary waits at, for its current revision only. Permission `canary.rollout.approve`. */
    post: CanaryApiOperations['approveRollout'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{canaryNamespace}/{canaryName}/rollback': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Set the canary's target Deployment (for a Kurator canary, on every member of its policy) back to the images of a recorded run that succeeded. Permission `canary.rollout.abort`. */
    post: CanaryApiOperations['rollbackRollout'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/gates/{cluster}/{gate}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Flagger webhook gate, answered from the approvals stored per canary, revision and gate.
     * Point a canary webhook of the matching type at this URL. 200 opens the gate; 403 keeps it closed: no approval for this run, or a missing or wrong gate token (`error` says which). The token is checked first, so any call without a valid token gets 403. An approval is spent by the run it was given for and never opens a later release. Flagger treats any answer other than 2xx as a closed gate.
     */
    post: CanaryApiOperations['checkGate'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{canaryNamespace}/{canaryName}/gates': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Where the canary's current run waits, the gate calls recorded and the approvals given. */
    get: CanaryApiOperations['getRolloutGates'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{canaryNamespace}/{canaryName}/gates/rotate-secret': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Gives the canary a new gate secret, stored hashed and shown only in this answer; from then on only it opens the canary's backend gates. Needs canary.policy.create on the entity and a canary the cluster side binds to it. */
    post: CanaryApiOperations['rotateGateSecret'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/policy': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The entity's current rollout policies, per source (Kurator Application policy or native Canary). */
    get: CanaryApiOperations['getEntityPolicies'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/policy/validate': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Validate a rollout policy for a target; every issue names its field. */
    post: CanaryApiOperations['validatePolicy'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/policy/preview': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** What the policy renders on each cluster (nothing is written). */
    post: CanaryApiOperations['previewPolicy'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/policy/dry-run': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Server-side dry run (`dryRun=All`) on each target cluster, with a diff against what is there.
     * For a Kurator policy, the host's Application is dry-run on the host, and each member of the fleet gets an entry (`role: member`, `rendered: true`) comparing what Kurator would render there (Canary and MetricTemplates) with what the member holds now; members are only read, as Kurator, not the backend, writes there. A failing member gets its own error.
     */
    post: CanaryApiOperations['dryRunPolicy'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/policy/apply': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Apply the policy on each target cluster. Permission `canary.policy.create`; `reason` is required. */
    post: CanaryApiOperations['applyPolicy'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
/**
 * The Canary API's schemas.
 *
 * @public
 */
export interface CanaryApiComponents {
  schemas: {
    /**
     * A Kubernetes name (lowercase letters, digits, "-" and ".", starting and ending with a letter or digit, at most 253 characters).
     * @example podinfo
     */
    KubernetesName: string;
    /** Backstage's error body. */
    ErrorResponse: {
      error: {
        /** e.g. `InputError`, `NotAllowedError`, `NotFoundError`, `ConflictError`. */
        name: string;
        message: string;
        stack?: string;
      };
      request?: {
        method?: string;
        url?: string;
      };
      response: {
        statusCode: number;
      };
    };
    CanaryRef: {
      /** Backstage cluster name. */
      cluster: string;
      namespace: string;
      name: string;
    };
    /** A per-cluster failure; the rest of the fleet still answers. */
    ClusterProblem: {
      cluster: string;
      /** The `@backstage/errors` name, e.g. `NotAllowedError`, `ServiceUnavailableError`. */
      name: string;
      message: string;
    };
    KuratorOrigin: {
      /** Backstage name of the fleet's host cluster. */
      hostCluster: string;
      application: {
        namespace: string;
        name: string;
      };
      fleet: string;
      policyName: string;
      policyIndex: number;
      /** The member's name in the fleet. */
      kuratorCluster: string;
    };
    RolloutRevision: {
      images: string[];
      lastAppliedSpec?: string;
      lastPromotedSpec?: string;
    };
    /**
     * Flagger's phase; empty for a canary Flagger has not picked up yet.
     */
    CanaryPhase:
      | ''
      | 'Initializing'
      | 'Initialized'
      | 'Waiting'
      | 'Progressing'
      | 'WaitingPromotion'
      | 'Promoting'
      | 'Finalising'
      | 'Succeeded'
      | 'Failed'
      | 'Terminating'
      | 'Terminated';
    RolloutStrategy:
      | 'canary'
      | 'ab-testing'
      | 'blue-green'
      | 'blue-green-mirroring';
    RolloutStep: {
      kind: 'weight' | 'iteration' | 'route-all-to-canary' | 'promote';
      /** (`weight`) percent routed to the canary after this step. */
      weight?: number;
      iteration?: number;
      iterations?: number;
      traffic?: 'matched' | 'mirrored' | 'none';
      mirroringStopped?: boolean;
    };
    RolloutPlan: {
      strategy: CanaryApiComponents['schemas']['RolloutStrategy'];
      steps: CanaryApiComponents['schemas']['RolloutStep'][];
      maxWeight?: number;
      intervalMs: number;
      minimumDurationMs: number;
      warnings: string[];
    };
    RolloutState: {
      phase: CanaryApiComponents['schemas']['CanaryPhase'];
      label: string;
      description: string;
      tone:
        | 'neutral'
        | 'progress'
        | 'waiting'
        | 'success'
        | 'failure'
        | 'paused';
      suspended: boolean;
      kuratorPolicy?: string;
      weight: {
        /** `status.canaryWeight` as written by Flagger. */
        status: number;
        /** The real percentage routed to the canary, when known. */
        effective?: number;
        source: 'status' | 'plan' | 'unknown';
        matchedRequestsOnly?: boolean;
        note?: string;
      };
      plan: CanaryApiComponents['schemas']['RolloutPlan'];
      progress?: {
        completedSteps: number;
        totalSteps: number;
        fraction: number;
        /**
         * How a run ended before its last step.
         */
        ended?: 'rolled-back' | 'analysis-skipped';
      };
      failedChecks: number;
      failedChecksThreshold: number;
      iterations?: number;
      revisionPending: boolean;
      reverted: boolean;
      conditionMessage?: string;
    };
    StrategyReading: {
      strategy: CanaryApiComponents['schemas']['RolloutStrategy'];
      label: string;
      iterations?: number;
      notes: string[];
    };
    RolloutAction:
      | 'pause'
      | 'resume'
      | 'promote'
      | 'abort'
      | 'retry'
      | 'approve';
    /**
     * How an action reaches the cluster: the Kurator Application's rollout policy (every cluster of the policy), the Canary itself, a gate, or a pod-template annotation (retry).
     */
    RolloutActionRoute:
      | 'application-policy-patch'
      | 'canary-patch'
      | 'gate'
      | 'pod-template-annotation';
    RolloutActionAvailability: {
      action: CanaryApiComponents['schemas']['RolloutAction'];
      possible: boolean;
      /** The `canary.rollout.*` permission the action needs. */
      permission: string;
      route?: CanaryApiComponents['schemas']['RolloutActionRoute'];
      effect?: string;
      /** Why the action is not possible now. */
      reason?: string;
      howToEnable?: string;
      /** The concrete operation (a patch of the Canary, the Application or the workload, or a gate call). */
      operation?: Record<string, unknown>;
      followUp?: {
        when?: string;
        operation?: Record<string, unknown>;
      };
      /** An approval that advances the run by one weight step (a Backstage confirm-traffic-increase gate): the canary's traffic weight now and after the step. */
      step?: {
        from: number;
        to: number;
      };
    };
    /** Whether the cluster side binds the rollout to the entity (the Canary, the Kurator Application or their namespace names the entity in the annotation backstage-canary.io/entity-ref, or carries its backstage.io/kubernetes-id label while no other entity claims that id). An unbound rollout offers no action and takes no policy write. */
    RolloutBinding:
      | {
          bound: true;
          /** Which object proved the binding, and how. */
          proof: string;
        }
      | {
          bound: false;
          /** Why not, and what to add to which object. */
          reason: string;
        };
    /** One rollout of an entity on one cluster, in domain terms. */
    RolloutSummary: CanaryApiComponents['schemas']['CanaryRef'] & {
      source: 'kurator' | 'annotation' | 'label';
      kurator?: CanaryApiComponents['schemas']['KuratorOrigin'];
      /** False when the canary does not exist (yet) on the cluster. */
      found: boolean;
      binding?: CanaryApiComponents['schemas']['RolloutBinding'];
      error?: CanaryApiComponents['schemas']['ClusterProblem'];
      state?: CanaryApiComponents['schemas']['RolloutState'];
      strategy?: CanaryApiComponents['schemas']['StrategyReading'];
      revision?: CanaryApiComponents['schemas']['RolloutRevision'];
      /** Format: date-time */
      lastTransitionTime?: string;
      failedChecks?: {
        count: number;
        threshold: number;
      };
      actions?: CanaryApiComponents['schemas']['RolloutActionAvailability'][];
      run?: CanaryApiComponents['schemas']['RolloutRunInfo'];
      pending?: CanaryApiComponents['schemas']['PendingRolloutChange'];
      recorded?: CanaryApiComponents['schemas']['RecordedRolloutState'];
      explanation?: CanaryApiComponents['schemas']['RunExplanation'];
      diagnosis?: CanaryApiComponents['schemas']['RolloutDiagnosis'];
    };
    /** "Why is it stuck": for a canary meant to move (a run in progress, or a change asked and not yet taken), whether it moves as its policy says and, when not, each cause with its evidence and the fix, most decisive first. From Flagger's events of the last few analysis intervals, the canary's status, the cluster's freshness and what is pending. */
    RolloutDiagnosis: {
      /** False when the rollout does not move on its own (see causes). */
      moving: boolean;
      /** @example Stuck: error-rate returned no data for 3 checks */
      headline: string;
      causes: CanaryApiComponents['schemas']['DiagnosedCause'][];
    };
    DiagnosedCause: {
      cause: CanaryApiComponents['schemas']['StuckCause'];
      title: string;
      evidence: string[];
      fix: string;
      /** Format: date-time */
      since?: string;
      /** The metric, webhook or Deployment the cause is about. */
      subject?: string;
      /** The metric's query (or its MetricTemplate), for metric causes. */
      query?: string;
    };
    StuckCause:
      | 'cluster-unreachable'
      | 'suspended'
      | 'controller-silent'
      | 'kurator-not-rendered'
      | 'workload-not-ready'
      | 'webhook-failing'
      | 'metric-query-failed'
      | 'metric-no-data'
      | 'checks-failing'
      | 'gate-closed';
    /** Why the current run failed, halts or skipped its analysis, from its recorded history: the metrics out of range, the step it stopped at, the failed checks then, when and to which revision it rolled back, where the traffic is. */
    RunExplanation: {
      kind: 'rolled-back' | 'halted' | 'promotion-failed' | 'promoted-manually';
      /** @example Rolled back after 2 of 2 failed checks */
      headline: string;
      summary: string;
      cause?:
        | 'failed-checks'
        | 'progress-deadline'
        | 'manual-rollback'
        | 'primary-not-ready'
        | 'unknown';
      /** The latest failed check of each metric or webhook, the deciding one first. */
      checks: {
        name: string;
        value?: number;
        threshold?: number;
        comparison?: '<' | '>';
        unit: 'percent' | 'milliseconds' | 'value';
        text: string;
        /** Format: date-time */
        at?: string;
      }[];
      stoppedAt?: {
        step?: number;
        totalSteps: number;
        weight?: number;
        iteration?: number;
      };
      failedChecks?: {
        count: number;
        threshold: number;
      };
      /** Format: date-time */
      at?: string;
      rolledBackTo?: {
        images: string[];
        spec?: string;
      };
      traffic?: string;
      actor?: string;
      error?: string;
    };
    /** The canary's current (or last) run, as recorded; its start gives the run's elapsed time. */
    RolloutRunInfo: {
      /** The run's number within its canary (`#3`). */
      number: number;
      /** Format: date-time */
      startedAt: string;
      /** Format: date-time */
      endedAt?: string;
    };
    /** Something asked or detected that Flagger has not acted on yet: a promote requested through the plugin (until Flagger's next check, bounded by the analysis interval plus Kurator's ~30 s re-render for a Kurator canary), or a new revision of the workload (its images differ from the last run's) that starts a run at the next check. */
    PendingRolloutChange:
      | CanaryApiComponents['schemas']['PendingPromote']
      | CanaryApiComponents['schemas']['PendingNewRevision'];
    PendingPromote: {
      kind: 'promote';
      /** Who asked, as an entity or service ref. */
      actor: string;
      /** Format: date-time */
      requestedAt: string;
      /** Flagger's analysis interval. */
      intervalMs: number;
      /** A Kurator-managed canary, which Kurator re-renders first. */
      kurator: boolean;
      /**
       * Format: date-time
       * When it takes effect at the latest.
       */
      takesEffectBy: string;
    };
    PendingNewRevision: {
      kind: 'new-revision';
      images: string[];
      previousImages: string[];
      intervalMs: number;
    };
    /** The last state recorded of a canary whose cluster cannot be read now. */
    RecordedRolloutState: {
      state: CanaryApiComponents['schemas']['RolloutState'];
      revision?: CanaryApiComponents['schemas']['RolloutRevision'];
      /** Format: date-time */
      lastTransitionTime?: string;
      /**
       * Format: date-time
       * When the recorder last stored a change of the canary.
       */
      recordedAt: string;
      /**
       * Format: date-time
       * When the backend last heard from the cluster.
       */
      unreachableSince?: string;
    };
    EntityRolloutsResponse: {
      entityRef: string;
      items: CanaryApiComponents['schemas']['RolloutSummary'][];
      /** Failures not tied to one canary (a host cluster or a cluster that could not be listed). */
      errors: CanaryApiComponents['schemas']['ClusterProblem'][];
      /** @example 2 of 3 clusters promoted, 1 waiting for approval */
      summary: string;
      /** How current each cluster's part of the answer is, per cluster of the items and errors. */
      freshness?: CanaryApiComponents['schemas']['ClusterFreshness'][];
    };
    /** How current one cluster's part of an answer is. The backend watches every cluster it may read with its own identity and answers from those watches while they are connected; otherwise it reads the cluster for the answer, and says why. */
    ClusterFreshness: {
      cluster: string;
      /**
       * `watch`: from the backend's open watches of the cluster; `live`: read for this answer.
       */
      source: 'watch' | 'live';
      /**
       * Format: date-time
       * When the watches (re)connected (source `watch`).
       */
      connectedSince?: string;
      /**
       * Format: date-time
       * The last event, list or probe answer from the cluster (for a cluster read live, the last before its watches broke).
       */
      lastContactAt?: string;
      /**
       * Why the cluster was read live.
       * @example its watches broke and are reconnecting (Cluster kurator-member2 did not answer within 10 s)
       */
      reason?: string;
      /** The backend watches this cluster but its watches are down. */
      disconnected?: boolean;
    };
    RolloutDetailResponse: {
      rollout: CanaryApiComponents['schemas']['RolloutSummary'];
      /** The Canary manifest (`flagger.app/v1beta1`) without `metadata.managedFields`; absent when the canary does not exist (yet) on its cluster or could not be read. */
      canary?: Record<string, unknown>;
      /** The Kurator Application manifest on the host cluster, for a Kurator-managed canary. */
      application?: Record<string, unknown>;
    };
    InboxItem: {
      entityRef: string;
      attention: 'waiting-for-approval' | 'failed';
      /**
       * `needs-you` when the caller may act on the item (give the approval it waits for, or retry the failed run), `can-watch` when only someone else can.
       */
      group: 'needs-you' | 'can-watch';
      rollout: CanaryApiComponents['schemas']['RolloutSummary'];
    };
    InboxResponse: {
      items: CanaryApiComponents['schemas']['InboxItem'][];
      errors: (CanaryApiComponents['schemas']['ClusterProblem'] & {
        entityRef: string;
      })[];
      /** Cursor of the next page of entities. */
      nextCursor?: string;
    };
    /** One revision's journey through the analysis, from the first active phase seen for it (Waiting, Progressing …) until Succeeded or Failed, or until a newer revision supersedes it (ended without an outcome). */
    RolloutRun: {
      /** Addresses the run in the API (the timeline's `run` parameter). */
      id: number;
      /** The run's number within its canary (1, 2, 3 …), shown to users as `#3`. */
      number: number;
      revision: string;
      images: string[];
      /** Format: date-time */
      startedAt: string;
      /** Format: date-time */
      endedAt?: string;
      outcome?: 'Succeeded' | 'Failed';
    };
    RunPage: {
      items: CanaryApiComponents['schemas']['RolloutRun'][];
      nextCursor?: string;
    };
    TransitionRecord: {
      /**
       * discriminator enum property added by openapi-typescript
       */
      type: 'transition';
      id: number;
      runId?: number;
      /** Format: date-time */
      at: string;
      phase: string;
      canaryWeight: number;
      failedChecks: number;
      iterations?: number;
    };
    /**
     * A kind the timeline can be filtered on: `transition`, `action` or a timeline entry kind.
     */
    TimelineFilterKind:
      | 'transition'
      | 'action'
      | 'suspended'
      | 'metric-providers'
      | 'initialized'
      | 'new-revision'
      | 'waiting-for-approval'
      | 'gate-passed'
      | 'analysis-started'
      | 'halted'
      | 'weight-advanced'
      | 'iteration-advanced'
      | 'primary-weight-advanced'
      | 'traffic-routed'
      | 'promotion-started'
      | 'promotion-completed'
      | 'promotion-failed'
      | 'rollback'
      | 'rollback-hook-idle'
      | 'failed'
      | 'webhook-failed'
      | 'metric-error'
      | 'readiness-warning'
      | 'provider-warning'
      | 'terminating'
      | 'terminated'
      | 'error'
      | 'unknown';
    /** A Flagger event parsed into a typed entry; `kind` selects the other fields (see the canary-common `TimelineEntryDetails` type). */
    TimelineEntry: {
      kind:
        | 'suspended'
        | 'metric-providers'
        | 'initialized'
        | 'new-revision'
        | 'waiting-for-approval'
        | 'gate-passed'
        | 'analysis-started'
        | 'halted'
        | 'weight-advanced'
        | 'iteration-advanced'
        | 'primary-weight-advanced'
        | 'traffic-routed'
        | 'promotion-started'
        | 'promotion-completed'
        | 'promotion-failed'
        | 'rollback'
        | 'rollback-hook-idle'
        | 'failed'
        | 'webhook-failed'
        | 'metric-error'
        | 'readiness-warning'
        | 'provider-warning'
        | 'terminating'
        | 'terminated'
        | 'error'
        | 'unknown';
      template: string;
      message: string;
      combined: boolean;
      eventType?: 'Normal' | 'Warning';
      /** Format: date-time */
      timestamp?: string;
    };
    EventRecord: {
      /**
       * discriminator enum property added by openapi-typescript
       */
      type: 'event';
      id: number;
      runId?: number;
      /** Format: date-time */
      at: string;
      eventType: string;
      reason: string;
      message: string;
      entry: CanaryApiComponents['schemas']['TimelineEntry'];
    };
    ActionRecord: {
      /**
       * discriminator enum property added by openapi-typescript
       */
      type: 'action';
      id: number;
      /** The run the action belongs to: the run open when it was taken, or the run it started (a retry, or an action taken while no run was open). Absent until that run opens. */
      runId?: number;
      /** Format: date-time */
      at: string;
      action: string;
      route?: string;
      /** The user or service that asked, as an entity or service ref. */
      actor: string;
      reason: string;
      /**
       * pending while the action's cluster write has no answer; it becomes succeeded or failed when the cluster answers or, if the answer is lost, when a read of the cluster shows whether the write landed.
       */
      outcome: 'succeeded' | 'failed' | 'unchanged' | 'pending';
      message: string;
    };
    TimelineItem:
      | CanaryApiComponents['schemas']['TransitionRecord']
      | CanaryApiComponents['schemas']['EventRecord']
      | CanaryApiComponents['schemas']['ActionRecord'];
    TimelinePage: {
      items: CanaryApiComponents['schemas']['TimelineItem'][];
      nextCursor?: string;
    };
    RolloutActionRequest: {
      /** Say why, in at most 1000 characters (it is kept in the audit log). */
      reason: string;
      /** Promote only: required (true) to promote a canary whose current run has failed checks; without it such a promote is refused with 409. */
      acknowledgeFailedChecks?: boolean;
    };
    RolloutActionResult: {
      action: CanaryApiComponents['schemas']['RolloutAction'];
      route: CanaryApiComponents['schemas']['RolloutActionRoute'];
      /** Every canary the action changed; for a Kurator policy, each cluster of the policy. */
      affects: CanaryApiComponents['schemas']['CanaryRef'][];
      message: string;
      /** False when the rollout was already in the asked state. */
      changed: boolean;
    };
    RevisionRollbackRequest: {
      /** The id of the recorded run whose revision to go back to. */
      runId: number;
      /** Say why, in at most 1000 characters (it is kept in the audit log). */
      reason: string;
    };
    RevisionRollbackResult: {
      action: 'rollback';
      runId: number;
      images: string[];
      /** Every canary whose target Deployment now runs the revision's images. */
      affects: CanaryApiComponents['schemas']['CanaryRef'][];
      /** Members of the Kurator policy that were not changed, and why. */
      unreached: {
        cluster: string;
        message: string;
      }[];
      message: string;
      changed: boolean;
    };
    MetricThreshold: {
      min?: number;
      max?: number;
      unit: 'percent' | 'milliseconds' | 'value';
      deprecatedThreshold?: string;
      description: string;
    };
    /** [unix seconds, value] */
    Point: number[];
    MetricSeries: {
      name: string;
      source: 'builtin' | 'template' | 'inline';
      threshold: CanaryApiComponents['schemas']['MetricThreshold'];
      query?: string;
      primaryQuery?: string;
      canary: CanaryApiComponents['schemas']['Point'][];
      primary: CanaryApiComponents['schemas']['Point'][];
      failedChecks: {
        /** Format: date-time */
        at: string;
        value?: number;
        threshold?: number;
        comparison?: '<' | '>';
        message: string;
      }[];
      problems: string[];
    };
    RolloutMetricsResponse: {
      range: {
        start: number;
        end: number;
        stepSeconds: number;
      };
      metrics: CanaryApiComponents['schemas']['MetricSeries'][];
    };
    /** The payload Flagger posts to a webhook (common's `FlaggerWebhookPayload`, read by `readFlaggerWebhookPayload`). */
    GateWebhookPayload: {
      /** The Canary's name. */
      name: string;
      namespace: string;
      phase?: string;
      /** The run's revision (Flagger's checksum of the canary status). */
      checksum: string;
      /** The webhook's type, when the Flagger version sends it. */
      type?: string;
      /** The webhook's `metadata`; `token` may carry the gate token. */
      metadata?: {
        [key: string]: string;
      };
    };
    GateDecision: {
      open: boolean;
      gate?: string;
      revision?: string;
      /** Who approved (an entity or service ref), when open. */
      approvedBy?: string;
      /** The approval's reason, when open. */
      reason?: string;
      /** Why the token was refused, when it was. */
      error?: string;
      /** Why the gate is closed, in words. */
      message?: string;
    };
    GateApproval: {
      id: number;
      cluster: string;
      namespace: string;
      name: string;
      revision: string;
      gate: string;
      actor: string;
      reason: string;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      usedAt?: string;
      /** Format: date-time */
      spentAt?: string;
    };
    GateCall: {
      cluster: string;
      namespace: string;
      name: string;
      revision: string;
      gate: string;
      phase?: string;
      open: boolean;
      calls: number;
      /** Format: date-time */
      firstAskedAt: string;
      /** Format: date-time */
      lastAskedAt: string;
    };
    RolloutGatesResponse: {
      /** The current run's revision, when the canary has one. */
      revision?: string;
      /** The gate the current run waits at. */
      waiting?: {
        gate: string;
        /** Format: date-time */
        since: string;
        /** Format: date-time */
        lastAskedAt: string;
      };
      calls: CanaryApiComponents['schemas']['GateCall'][];
      approvals: CanaryApiComponents['schemas']['GateApproval'][];
    };
    PolicyTarget: 'kurator' | 'flagger';
    PolicyIssue: {
      /** Dotted path of the field, e.g. `traffic.stepWeight`. */
      path: string;
      message: string;
      severity: 'error' | 'warning';
    };
    PolicyMetric: {
      /** `request-success-rate`, `request-duration` or a custom metric backed by `custom.query`. */
      name: string;
      intervalSeconds: number;
      thresholdRange?: {
        min?: number;
        max?: number;
      };
      custom?: {
        provider: {
          type:
            | 'prometheus'
            | 'influxdb'
            | 'datadog'
            | 'externalmetrics'
            | 'stackdriver'
            | 'cloudwatch'
            | 'newrelic'
            | 'graphite'
            | 'dynatrace'
            | 'keptn'
            | 'splunk';
          address?: string;
          secretRef?: {
            name: string;
          };
          region?: string;
          insecureSkipVerify?: boolean;
        };
        query: string;
      };
    };
    /** The provider-neutral rollout policy: renders to a Kurator Application `syncPolicies[].rollout` block or to a native Flagger Canary. The backend validates it with the canary-common schema; deep sub-objects are left open here. */
    RolloutPolicy: {
      workload: {
        apiVersion: string;
        kind: 'Deployment' | 'DaemonSet';
        name: string;
        namespace: string;
      };
      provider:
        | 'apisix'
        | 'appmesh'
        | 'appmesh:v1beta2'
        | 'contour'
        | 'gatewayapi:v1'
        | 'gatewayapi:v1beta1'
        | 'gloo'
        | 'istio'
        | 'knative'
        | 'kubernetes'
        | 'kuma'
        | 'linkerd'
        | 'nginx'
        | 'osm'
        | 'skipper'
        | 'smi:v1alpha1'
        | 'smi:v1alpha2'
        | 'smi:v1alpha3'
        | 'traefik';
      service: {
        name: string;
        port: number;
        targetPort?: number | string;
        timeoutSeconds?: number;
        gateways?: string[];
        hosts?: string[];
        /** NGINX host (Kurator only). */
        host?: string;
        /** NGINX Ingress a native canary references. */
        ingressName?: string;
        /** Kuma protocol. */
        protocol?: string;
        retries?: Record<string, unknown>;
        headers?: Record<string, unknown>;
        corsPolicy?: Record<string, unknown>;
      };
      traffic: {
        maxWeight?: number;
        stepWeight?: number;
        stepWeights?: number[];
        stepWeightPromotion?: number;
        iterations?: number;
        /** HTTP match conditions (A/B testing), as in the Canary CRD. */
        match?: Record<string, unknown>[];
        mirror?: boolean;
      };
      analysis: {
        intervalSeconds: number;
        threshold: number;
        metrics: CanaryApiComponents['schemas']['PolicyMetric'][];
        loadTest?: {
          commands: string[];
          timeoutSeconds: number;
          url?: string;
        };
        sessionAffinity?: {
          cookieName: string;
          maxAge?: number;
        };
      };
      /** Kurator only; install a private loadtester next to the workload. */
      testLoader?: boolean;
      /** Native canaries only; the gate webhooks to wire. */
      gates?: {
        url: string;
        confirmRollout?: boolean;
        confirmTrafficIncrease?: boolean;
        confirmPromotion?: boolean;
        rollback?: boolean;
      };
      rolloutTimeoutSeconds?: number;
      skipAnalysis?: boolean;
      revertOnDeletion?: boolean;
      suspend?: boolean;
    };
    /** A rollout policy and where it goes. The routes read `policy` themselves, so that every problem of it comes at once in `issues`, each naming its field: preview, dry-run and apply answer 400 with them, validate answers 200 with the policy's own issues. */
    PolicyRequest: {
      target: CanaryApiComponents['schemas']['PolicyTarget'];
      /** A RolloutPolicy (see that schema). Checked by the route rather than by the schema, so that an incomplete policy gets all its issues, each naming its field, not only the first. */
      policy: {
        [key: string]: unknown;
      };
      /** Only these clusters (native canaries). */
      clusters?: string[];
      /** Which rollout policy of the Kurator Application (index in `syncPolicies`). */
      policyIndex?: number;
      /** Why; required by apply (kept in the audit log). */
      reason?: string;
    };
    PolicyValidation: {
      valid: boolean;
      issues: CanaryApiComponents['schemas']['PolicyIssue'][];
    };
    PolicyErrorResponse: {
      error: {
        name: string;
        message: string;
      };
      issues: CanaryApiComponents['schemas']['PolicyIssue'][];
    };
    /** Where a current policy lives: a rollout block of a Kurator Application in the fleet's host cluster (rendered by Kurator on every member), or a native Flagger Canary on one cluster. */
    PolicySource:
      | {
          target: 'kurator';
          hostCluster: string;
          application: {
            namespace: string;
            name: string;
          };
          policyIndex: number;
          policyName: string;
          fleet: string;
          /** Backstage names of the member clusters Kurator renders the policy on. */
          clusters: string[];
        }
      | {
          target: 'flagger';
          cluster: string;
          namespace: string;
          name: string;
        };
    CurrentPolicy: {
      source: CanaryApiComponents['schemas']['PolicySource'];
      policy: CanaryApiComponents['schemas']['RolloutPolicy'];
      /** What reading lost or converted (paths of the object read). */
      warnings: CanaryApiComponents['schemas']['PolicyIssue'][];
      /** What validation says about the policy as it is now. */
      issues: CanaryApiComponents['schemas']['PolicyIssue'][];
    };
    EntityPoliciesResponse: {
      entityRef: string;
      items: CanaryApiComponents['schemas']['CurrentPolicy'][];
      errors: CanaryApiComponents['schemas']['ClusterProblem'][];
    };
    /** A Kubernetes object (an Application, Canary or MetricTemplate). */
    KubernetesObject: {
      apiVersion: string;
      kind: string;
      metadata: Record<string, unknown>;
    };
    PolicyManifest: {
      cluster: string;
      /**
       * `host`: the Kurator Application applied to the host cluster; `member`: what Kurator renders in a member (or, for Flagger, the Canary applied there).
       */
      role: 'host' | 'member';
      objects: CanaryApiComponents['schemas']['KubernetesObject'][];
      /** The objects as one multi-document YAML. */
      yaml: string;
    };
    PolicyPreviewResponse: {
      target: CanaryApiComponents['schemas']['PolicyTarget'];
      manifests: CanaryApiComponents['schemas']['PolicyManifest'][];
      /** Warnings (a policy with errors gets 400). */
      issues: CanaryApiComponents['schemas']['PolicyIssue'][];
      errors: CanaryApiComponents['schemas']['ClusterProblem'][];
    };
    PolicyObjectChange: {
      apiVersion: string;
      kind: string;
      namespace: string;
      name: string;
      operation: 'create' | 'update' | 'unchanged';
      /** Unified diff of the object's YAML as the cluster holds it against what the server would store (or stored), without server-managed fields; empty when unchanged. */
      diff: string;
      /** The resourceVersion the change was based on (absent for a create). */
      resourceVersion?: string;
      error?: CanaryApiComponents['schemas']['ClusterProblem'];
    };
    PolicyChangeResponse: {
      target: CanaryApiComponents['schemas']['PolicyTarget'];
      /** True for an apply, false for a dry run. */
      applied: boolean;
      clusters: {
        cluster: string;
        role: 'host' | 'member';
        /** True for a Kurator member: the objects are what Kurator would render there from the Application, compared with what the member holds now. Kurator, not the backend, writes them, so nothing was sent to the member, not even a dry run. */
        rendered?: boolean;
        objects: CanaryApiComponents['schemas']['PolicyObjectChange'][];
        error?: CanaryApiComponents['schemas']['ClusterProblem'];
      }[];
      issues: CanaryApiComponents['schemas']['PolicyIssue'][];
      errors: CanaryApiComponents['schemas']['ClusterProblem'][];
    };
  };
  responses: {
    /** Bad input; the message names the field and what is allowed. */
    BadRequest: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': CanaryApiComponents['schemas']['ErrorResponse'];
      };
    };
    /** No valid Backstage token. */
    Unauthorized: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': CanaryApiComponents['schemas']['ErrorResponse'];
      };
    };
    /** The caller lacks the permission; the message names it. */
    Forbidden: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': CanaryApiComponents['schemas']['ErrorResponse'];
      };
    };
    /** The entity, or the canary among the entity's rollouts, was not found. */
    NotFound: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': CanaryApiComponents['schemas']['ErrorResponse'];
      };
    };
    /** Another change won (resourceVersion precondition); the message gives the current state. */
    Conflict: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': CanaryApiComponents['schemas']['ErrorResponse'];
      };
    };
    /** The action was carried out, or changed nothing because the rollout was already there. */
    RolloutActionResult: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': CanaryApiComponents['schemas']['RolloutActionResult'];
      };
    };
    /** Bad input, or a policy with errors (then `issues` lists them, each naming its field). */
    PolicyInvalid: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json':
          | CanaryApiComponents['schemas']['PolicyErrorResponse']
          | CanaryApiComponents['schemas']['ErrorResponse'];
      };
    };
  };
  parameters: {
    /** Entity kind, e.g. `component`. */
    kind: string;
    /** Entity namespace, e.g. `default`. */
    namespace: string;
    /** Entity name. */
    name: string;
    /** Backstage name of the cluster (1 to 253 characters, no control characters). */
    cluster: string;
    /** Namespace of the Canary on that cluster. */
    canaryNamespace: CanaryApiComponents['schemas']['KubernetesName'];
    /** Name of the Canary. */
    canaryName: CanaryApiComponents['schemas']['KubernetesName'];
    /** Page size. */
    limit: number;
    /** The `nextCursor` of the previous page. */
    cursor: string;
  };
  requestBodies: {
    RolloutActionRequest: {
      content: {
        'application/json': CanaryApiComponents['schemas']['RolloutActionRequest'];
      };
    };
    PolicyRequest: {
      content: {
        'application/json': CanaryApiComponents['schemas']['PolicyRequest'];
      };
    };
  };
  headers: never;
  pathItems: never;
}
/**
 * The Canary API's operations, by operation id.
 *
 * @public
 */
export interface CanaryApiOperations {
  getHealth: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** The plugin is up. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            status: 'ok';
          };
        };
      };
    };
  };
  getInbox: {
    parameters: {
      query?: {
        /** Page size. */
        limit?: CanaryApiComponents['parameters']['limit'];
        /** The `nextCursor` of the previous page. */
        cursor?: CanaryApiComponents['parameters']['cursor'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** The rollouts that need someone. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': CanaryApiComponents['schemas']['InboxResponse'];
        };
      };
      400: CanaryApiComponents['responses']['BadRequest'];
      401: CanaryApiComponents['responses']['Unauthorized'];
    };
  };
  getEntityRollouts: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** Entity kind, e.g. `component`. */
        kind: CanaryApiComponents['parameters']['kind'];
        /** Entity namespace, e.g. `default`. */
        namespace: CanaryApiComponents['parameters']['namespace'];
        /** Entity name. */
        name: CanaryApiComponents['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** The rollouts, with the clusters that could not be read. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': CanaryApiComponents['schemas']['EntityRolloutsResponse'];
        };
      };
      401: CanaryApiComponents['responses']['Unauthorized'];
      403: CanaryApiComponents['responses']['Forbidden'];
      404: CanaryApiComponents['responses']['NotFound'];
    };
  };
  getRollout: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** Entity kind, e.g. `component`. */
        kind: CanaryApiComponents['parameters']['kind'];
        /** Entity namespace, e.g. `default`. */
        namespace: CanaryApiComponents['parameters']['namespace'];
        /** Entity name. */
        name: CanaryApiComponents['parameters']['name'];
        /** Backstage name of the cluster (1 to 253 characters, no control characters). */
        cluster: CanaryApiComponents['parameters']['cluster'];
        /** Namespace of the Canary on that cluster. */
        canaryNamespace: CanaryApiComponents['parameters']['canaryNamespace'];
        /** Name of the Canary. */
        canaryName: CanaryApiComponents['parameters']['canaryName'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** The rollout. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': CanaryApiComponents['schemas']['RolloutDetailResponse'];
        };
      };
      401: CanaryApiComponents['responses']['Unauthorized'];
      403: CanaryApiComponents['responses']['Forbidden'];
      404: CanaryApiComponents['responses']['NotFound'];
    };
  };
  listRolloutRuns: {
    parameters: {
      query?: {
        /** Page size. */
        limit?: CanaryApiComponents['parameters']['limit'];
        /** The `nextCursor` of the previous page. */
        cursor?: CanaryApiComponents['parameters']['cursor'];
      };
      header?: never;
      path: {
        /** Entity kind, e.g. `component`. */
        kind: CanaryApiComponents['parameters']['kind'];
        /** Entity namespace, e.g. `default`. */
        namespace: CanaryApiComponents['parameters']['namespace'];
        /** Entity name. */
        name: CanaryApiComponents['parameters']['name'];
        /** Backstage name of the cluster (1 to 253 characters, no control characters). */
        cluster: CanaryApiComponents['parameters']['cluster'];
        /** Namespace of the Canary on that cluster. */
        canaryNamespace: CanaryApiComponents['parameters']['canaryNamespace'];
        /** Name of the Canary. */
        canaryName: CanaryApiComponents['parameters']['canaryName'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** A page of runs. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': CanaryApiComponents['schemas']['RunPage'];
        };
      };
      400: CanaryApiComponents['responses']['BadRequest'];
      401: CanaryApiComponents['responses']['Unauthorized'];
      403: CanaryApiComponents['responses']['Forbidden'];
      404: CanaryApiComponents['responses']['NotFound'];
    };
  };
  getRolloutTimeline: {
    parameters: {
      query?: {
        /** Only the entries of this run (its `id`, not its number). */
        run?: number;
        /**
         * Comma-separated entry kinds, each a TimelineFilterKind: `transition`, `action` or a timeline entry kind such as `halted` or `rollback`. An unknown kind gets 400 naming the allowed ones.
         * @example [
         *       "transition",
         *       "halted",
         *       "rollback"
         *     ]
         */
        kind?: CanaryApiComponents['schemas']['TimelineFilterKind'][];
        /** Page size. */
        limit?: CanaryApiComponents['parameters']['limit'];
        /** The `nextCursor` of the previous page. */
        cursor?: CanaryApiComponents['parameters']['cursor'];
      };
      header?: never;
      path: {
        /** Entity kind, e.g. `component`. */
        kind: CanaryApiComponents['parameters']['kind'];
        /** Entity namespace, e.g. `default`. */
        namespace: CanaryApiComponents['parameters']['namespace'];
        /** Entity name. */
        name: CanaryApiComponents['parameters']['name'];
        /** Backstage name of the cluster (1 to 253 characters, no control characters). */
        cluster: CanaryApiComponents['parameters']['cluster'];
        /** Namespace of the Canary on that cluster. */
        canaryNamespace: CanaryApiComponents['parameters']['canaryNamespace'];
        /** Name of the Canary. */
        canaryName: CanaryApiComponents['parameters']['canaryName'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** A page of timeline items. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': CanaryApiComponents['schemas']['TimelinePage'];
        };
      };
      400: CanaryApiComponents['responses']['BadRequest'];
      401: CanaryApiComponents['responses']['Unauthorized'];
      403: CanaryApiComponents['responses']['Forbidden'];
      404: CanaryApiComponents['responses']['NotFound'];
    };
  };
  getRolloutMetrics: {
    parameters: {
      query?: {
        /** Start of the range, unix seconds (default: with `run`, a minute before the run's start; without, an hour before `end`). */
        start?: number;
        /** End of the range, unix seconds (default: with `run`, a minute after the run's end, or now while it runs; without, now). */
        end?: number;
        /** Resolution in seconds (default the analysis interval). */
        step?: number;
        /** A run of the canary (its `id`, not its number): `failedChecks` are that run's halted checks only, and the range defaults to the run's window. A run that is not one of this canary's gets 404 naming it. */
        run?: number;
      };
      header?: never;
      path: {
        /** Entity kind, e.g. `component`. */
        kind: CanaryApiComponents['parameters']['kind'];
        /** Entity namespace, e.g. `default`. */
        namespace: CanaryApiComponents['parameters']['namespace'];
        /** Entity name. */
        name: CanaryApiComponents['parameters']['name'];
        /** Backstage name of the cluster (1 to 253 characters, no control characters). */
        cluster: CanaryApiComponents['parameters']['cluster'];
        /** Namespace of the Canary on that cluster. */
        canaryNamespace: CanaryApiComponents['parameters']['canaryNamespace'];
        /** Name of the Canary. */
        canaryName: CanaryApiComponents['parameters']['canaryName'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** The metrics. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': CanaryApiComponents['schemas']['RolloutMetricsResponse'];
        };
      };
      400: CanaryApiComponents['responses']['BadRequest'];
      401: CanaryApiComponents['responses']['Unauthorized'];
      403: CanaryApiComponents['responses']['Forbidden'];
      404: CanaryApiComponents['responses']['NotFound'];
    };
  };
  pauseRollout: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** Entity kind, e.g. `component`. */
        kind: CanaryApiComponents['parameters']['kind'];
        /** Entity namespace, e.g. `default`. */
        namespace: CanaryApiComponents['parameters']['namespace'];
        /** Entity name. */
        name: CanaryApiComponents['parameters']['name'];
        /** Backstage name of the cluster (1 to 253 characters, no control characters). */
        cluster: CanaryApiComponents['parameters']['cluster'];
        /** Namespace of the Canary on that cluster. */
        canaryNamespace: CanaryApiComponents['parameters']['canaryNamespace'];
        /** Name of the Canary. */
        canaryName: CanaryApiComponents['parameters']['canaryName'];
      };
      cookie?: never;
    };
    requestBody: CanaryApiComponents['requestBodies']['RolloutActionRequest'];
    responses: {
      200: CanaryApiComponents['responses']['RolloutActionResult'];
      400: CanaryApiComponents['responses']['BadRequest'];
      401: CanaryApiComponents['responses']['Unauthorized'];
      403: CanaryApiComponents['responses']['Forbidden'];
      404: CanaryApiComponents['responses']['NotFound'];
      409: CanaryApiComponents['responses']['Conflict'];
    };
  };
  resumeRollout: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** Entity kind, e.g. `component`. */
        kind: CanaryApiComponents['parameters']['kind'];
        /** Entity namespace, e.g. `default`. */
        namespace: CanaryApiComponents['parameters']['namespace'];
        /** Entity name. */
        name: CanaryApiComponents['parameters']['name'];
        /** Backstage name of the cluster (1 to 253 characters, no control characters). */
        cluster: CanaryApiComponents['parameters']['cluster'];
        /** Namespace of the Canary on that cluster. */
        canaryNamespace: CanaryApiComponents['parameters']['canaryNamespace'];
        /** Name of the Canary. */
        canaryName: CanaryApiComponents['parameters']['canaryName'];
      };
      cookie?: never;
    };
    requestBody: CanaryApiComponents['requestBodies']['RolloutActionRequest'];
    responses: {
      200: CanaryApiComponents['responses']['RolloutActionResult'];
      400: CanaryApiComponents['responses']['BadRequest'];
      401: CanaryApiComponents['responses']['Unauthorized'];
      403: CanaryApiComponents['responses']['Forbidden'];
      404: CanaryApiComponents['responses']['NotFound'];
      409: CanaryApiComponents['responses']['Conflict'];
    };
  };
  promoteRollout: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** Entity kind, e.g. `component`. */
        kind: CanaryApiComponents['parameters']['kind'];
        /** Entity namespace, e.g. `default`. */
        namespace: CanaryApiComponents['parameters']['namespace'];
        /** Entity name. */
        name: CanaryApiComponents['parameters']['name'];
        /** Backstage name of the cluster (1 to 253 characters, no control characters). */
        cluster: CanaryApiComponents['parameters']['cluster'];
        /** Namespace of the Canary on that cluster. */
        canaryNamespace: CanaryApiComponents['parameters']['canaryNamespace'];
        /** Name of the Canary. */
        canaryName: CanaryApiComponents['parameters']['canaryName'];
      };
      cookie?: never;
    };
    requestBody: CanaryApiComponents['requestBodies']['RolloutActionRequest'];
    responses: {
      200: CanaryApiComponents['responses']['RolloutActionResult'];
      400: CanaryApiComponents['responses']['BadRequest'];
      401: CanaryApiComponents['responses']['Unauthorized'];
      403: CanaryApiComponents['responses']['Forbidden'];
      404: CanaryApiComponents['responses']['NotFound'];
      409: CanaryApiComponents['responses']['Conflict'];
    };
  };
  abortRollout: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** Entity kind, e.g. `component`. */
        kind: CanaryApiComponents['parameters']['kind'];
        /** Entity namespace, e.g. `default`. */
        namespace: CanaryApiComponents['parameters']['namespace'];
        /** Entity name. */
        name: CanaryApiComponents['parameters']['name'];
        /** Backstage name of the cluster (1 to 253 characters, no control characters). */
        cluster: CanaryApiComponents['parameters']['cluster'];
        /** Namespace of the Canary on that cluster. */
        canaryNamespace: CanaryApiComponents['parameters']['canaryNamespace'];
        /** Name of the Canary. */
        canaryName: CanaryApiComponents['parameters']['canaryName'];
      };
      cookie?: never;
    };
    requestBody: CanaryApiComponents['requestBodies']['RolloutActionRequest'];
    responses: {
      200: CanaryApiComponents['responses']['RolloutActionResult'];
      400: CanaryApiComponents['responses']['BadRequest'];
      401: CanaryApiComponents['responses']['Unauthorized'];
      403: CanaryApiComponents['responses']['Forbidden'];
      404: CanaryApiComponents['responses']['NotFound'];
      409: CanaryApiComponents['responses']['Conflict'];
    };
  };
  retryRollout: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** Entity kind, e.g. `component`. */
        kind: CanaryApiComponents['parameters']['kind'];
        /** Entity namespace, e.g. `default`. */
        namespace: CanaryApiComponents['parameters']['namespace'];
        /** Entity name. */
        name: CanaryApiComponents['parameters']['name'];
        /** Backstage name of the cluster (1 to 253 characters, no control characters). */
        cluster: CanaryApiComponents['parameters']['cluster'];
        /** Namespace of the Canary on that cluster. */
        canaryNamespace: CanaryApiComponents['parameters']['canaryNamespace'];
        /** Name of the Canary. */
        canaryName: CanaryApiComponents['parameters']['canaryName'];
      };
      cookie?: never;
    };
    requestBody: CanaryApiComponents['requestBodies']['RolloutActionRequest'];
    responses: {
      200: CanaryApiComponents['responses']['RolloutActionResult'];
      400: CanaryApiComponents['responses']['BadRequest'];
      401: CanaryApiComponents['responses']['Unauthorized'];
      403: CanaryApiComponents['responses']['Forbidden'];
      404: CanaryApiComponents['responses']['NotFound'];
      409: CanaryApiComponents['responses']['Conflict'];
    };
  };
  approveRollout: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** Entity kind, e.g. `component`. */
        kind: CanaryApiComponents['parameters']['kind'];
        /** Entity namespace, e.g. `default`. */
        namespace: CanaryApiComponents['parameters']['namespace'];
        /** Entity name. */
        name: CanaryApiComponents['parameters']['name'];
        /** Backstage name of the cluster (1 to 253 characters, no control characters). */
        cluster: CanaryApiComponents['parameters']['cluster'];
        /** Namespace of the Canary on that cluster. */
        canaryNamespace: CanaryApiComponents['parameters']['canaryNamespace'];
        /** Name of the Canary. */
        canaryName: CanaryApiComponents['parameters']['canaryName'];
      };
      cookie?: never;
    };
    requestBody: CanaryApiComponents['requestBodies']['RolloutActionRequest'];
    responses: {
      200: CanaryApiComponents['responses']['RolloutActionResult'];
      400: CanaryApiComponents['responses']['BadRequest'];
      401: CanaryApiComponents['responses']['Unauthorized'];
      403: CanaryApiComponents['responses']['Forbidden'];
      404: CanaryApiComponents['responses']['NotFound'];
      409: CanaryApiComponents['responses']['Conflict'];
    };
  };
  rollbackRollout: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** Entity kind, e.g. `component`. */
        kind: CanaryApiComponents['parameters']['kind'];
        /** Entity namespace, e.g. `default`. */
        namespace: CanaryApiComponents['parameters']['namespace'];
        /** Entity name. */
        name: CanaryApiComponents['parameters']['name'];
        /** Backstage name of the cluster (1 to 253 characters, no control characters). */
        cluster: CanaryApiComponents['parameters']['cluster'];
        /** Namespace of the Canary on that cluster. */
        canaryNamespace: CanaryApiComponents['parameters']['canaryNamespace'];
        /** Name of the Canary. */
        canaryName: CanaryApiComponents['parameters']['canaryName'];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': CanaryApiComponents['schemas']['RevisionRollbackRequest'];
      };
    };
    responses: {
      /** The workloads reached now run the revision's images (or already did). */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': CanaryApiComponents['schemas']['RevisionRollbackResult'];
        };
      };
      400: CanaryApiComponents['responses']['BadRequest'];
      401: CanaryApiComponents['responses']['Unauthorized'];
      403: CanaryApiComponents['responses']['Forbidden'];
      404: CanaryApiComponents['responses']['NotFound'];
      409: CanaryApiComponents['responses']['Conflict'];
    };
  };
  checkGate: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** Backstage name of the cluster (1 to 253 characters, no control characters). */
        cluster: CanaryApiComponents['parameters']['cluster'];
        gate:
          | 'confirm-rollout'
          | 'confirm-traffic-increase'
          | 'confirm-promotion'
          | 'rollback';
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': CanaryApiComponents['schemas']['GateWebhookPayload'];
      };
    };
    responses: {
      /** The gate is open for this run. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': CanaryApiComponents['schemas']['GateDecision'];
        };
      };
      /** The body is not Flagger's webhook payload; the message names the field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': CanaryApiComponents['schemas']['GateDecision'];
        };
      };
      /** The gate is closed, or the token is missing or wrong. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': CanaryApiComponents['schemas']['GateDecision'];
        };
      };
      /** Unknown gate; the message names the allowed ones. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': CanaryApiComponents['schemas']['GateDecision'];
        };
      };
    };
  };
  getRolloutGates: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** Entity kind, e.g. `component`. */
        kind: CanaryApiComponents['parameters']['kind'];
        /** Entity namespace, e.g. `default`. */
        namespace: CanaryApiComponents['parameters']['namespace'];
        /** Entity name. */
        name: CanaryApiComponents['parameters']['name'];
        /** Backstage name of the cluster (1 to 253 characters, no control characters). */
        cluster: CanaryApiComponents['parameters']['cluster'];
        /** Namespace of the Canary on that cluster. */
        canaryNamespace: CanaryApiComponents['parameters']['canaryNamespace'];
        /** Name of the Canary. */
        canaryName: CanaryApiComponents['parameters']['canaryName'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** The gate state. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': CanaryApiComponents['schemas']['RolloutGatesResponse'];
        };
      };
      401: CanaryApiComponents['responses']['Unauthorized'];
      403: CanaryApiComponents['responses']['Forbidden'];
      404: CanaryApiComponents['responses']['NotFound'];
    };
  };
  rotateGateSecret: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** Entity kind, e.g. `component`. */
        kind: CanaryApiComponents['parameters']['kind'];
        /** Entity namespace, e.g. `default`. */
        namespace: CanaryApiComponents['parameters']['namespace'];
        /** Entity name. */
        name: CanaryApiComponents['parameters']['name'];
        /** Backstage name of the cluster (1 to 253 characters, no control characters). */
        cluster: CanaryApiComponents['parameters']['cluster'];
        /** Namespace of the Canary on that cluster. */
        canaryNamespace: CanaryApiComponents['parameters']['canaryNamespace'];
        /** Name of the Canary. */
        canaryName: CanaryApiComponents['parameters']['canaryName'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** The new secret, once. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            canary: CanaryApiComponents['schemas']['CanaryRef'];
            /** Format: date-time */
            rotatedAt: string;
            rotatedBy: string;
            secret: string;
            message: string;
          };
        };
      };
      401: CanaryApiComponents['responses']['Unauthorized'];
      403: CanaryApiComponents['responses']['Forbidden'];
      404: CanaryApiComponents['responses']['NotFound'];
      409: CanaryApiComponents['responses']['Conflict'];
    };
  };
  getEntityPolicies: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** Entity kind, e.g. `component`. */
        kind: CanaryApiComponents['parameters']['kind'];
        /** Entity namespace, e.g. `default`. */
        namespace: CanaryApiComponents['parameters']['namespace'];
        /** Entity name. */
        name: CanaryApiComponents['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** The policies, with the clusters that could not be read. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': CanaryApiComponents['schemas']['EntityPoliciesResponse'];
        };
      };
      401: CanaryApiComponents['responses']['Unauthorized'];
      403: CanaryApiComponents['responses']['Forbidden'];
      404: CanaryApiComponents['responses']['NotFound'];
    };
  };
  validatePolicy: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** Entity kind, e.g. `component`. */
        kind: CanaryApiComponents['parameters']['kind'];
        /** Entity namespace, e.g. `default`. */
        namespace: CanaryApiComponents['parameters']['namespace'];
        /** Entity name. */
        name: CanaryApiComponents['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody: CanaryApiComponents['requestBodies']['PolicyRequest'];
    responses: {
      /** Whether the policy is valid, and its issues (errors and warnings). */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': CanaryApiComponents['schemas']['PolicyValidation'];
        };
      };
      400: CanaryApiComponents['responses']['BadRequest'];
      401: CanaryApiComponents['responses']['Unauthorized'];
      403: CanaryApiComponents['responses']['Forbidden'];
      404: CanaryApiComponents['responses']['NotFound'];
    };
  };
  previewPolicy: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** Entity kind, e.g. `component`. */
        kind: CanaryApiComponents['parameters']['kind'];
        /** Entity namespace, e.g. `default`. */
        namespace: CanaryApiComponents['parameters']['namespace'];
        /** Entity name. */
        name: CanaryApiComponents['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody: CanaryApiComponents['requestBodies']['PolicyRequest'];
    responses: {
      /** The manifests per cluster. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': CanaryApiComponents['schemas']['PolicyPreviewResponse'];
        };
      };
      400: CanaryApiComponents['responses']['PolicyInvalid'];
      401: CanaryApiComponents['responses']['Unauthorized'];
      403: CanaryApiComponents['responses']['Forbidden'];
      404: CanaryApiComponents['responses']['NotFound'];
    };
  };
  dryRunPolicy: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** Entity kind, e.g. `component`. */
        kind: CanaryApiComponents['parameters']['kind'];
        /** Entity namespace, e.g. `default`. */
        namespace: CanaryApiComponents['parameters']['namespace'];
        /** Entity name. */
        name: CanaryApiComponents['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody: CanaryApiComponents['requestBodies']['PolicyRequest'];
    responses: {
      /** Per cluster, per object, what would change (dry-run) or changed (apply). */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': CanaryApiComponents['schemas']['PolicyChangeResponse'];
        };
      };
      400: CanaryApiComponents['responses']['PolicyInvalid'];
      401: CanaryApiComponents['responses']['Unauthorized'];
      403: CanaryApiComponents['responses']['Forbidden'];
      404: CanaryApiComponents['responses']['NotFound'];
      409: CanaryApiComponents['responses']['Conflict'];
    };
  };
  applyPolicy: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** Entity kind, e.g. `component`. */
        kind: CanaryApiComponents['parameters']['kind'];
        /** Entity namespace, e.g. `default`. */
        namespace: CanaryApiComponents['parameters']['namespace'];
        /** Entity name. */
        name: CanaryApiComponents['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody: CanaryApiComponents['requestBodies']['PolicyRequest'];
    responses: {
      /** Per cluster, per object, what would change (dry-run) or changed (apply). */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': CanaryApiComponents['schemas']['PolicyChangeResponse'];
        };
      };
      400: CanaryApiComponents['responses']['PolicyInvalid'];
      401: CanaryApiComponents['responses']['Unauthorized'];
      403: CanaryApiComponents['responses']['Forbidden'];
      404: CanaryApiComponents['responses']['NotFound'];
      409: CanaryApiComponents['responses']['Conflict'];
    };
  };
}
