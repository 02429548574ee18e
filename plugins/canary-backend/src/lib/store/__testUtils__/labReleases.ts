import type { Canary } from '@backstage-canary/plugin-canary-common';
import { PROMOTE_FOLLOW_UP_MESSAGE } from '../../execution/PromoteFollowUps';
import type { CanaryKey } from '../HistoryTypes';
import type { RolloutStore, StoredEventInput } from '../RolloutStore';

/**
 * A canary's releases as the fleet lab's Flagger writes them (and the recorder sees them): status
 * from SyncStatus / SetStatusPhase, Events with Flagger's texts. Times are cluster times.
 */

export const canaryKey = {
  cluster: 'kurator-member1',
  namespace: 'webapp',
  name: 'backend',
};

/** The Canary as observed, with the status fields that decide its run. */
export function observed(
  time: string,
  phase: string,
  status: {
    revision?: string;
    promoted?: string;
    weight?: number;
    checks?: number;
    uid?: string;
  } = {},
): Canary {
  return {
    apiVersion: 'flagger.app/v1beta1',
    kind: 'Canary',
    metadata: {
      name: canaryKey.name,
      namespace: canaryKey.namespace,
      uid: status.uid ?? 'canary-uid-1',
    },
    spec: { targetRef: { kind: 'Deployment', name: 'backend' } },
    status: {
      phase,
      canaryWeight: status.weight ?? 0,
      failedChecks: status.checks ?? 0,
      lastAppliedSpec: status.revision,
      lastPromotedSpec: status.promoted,
      lastTransitionTime: time,
    },
  } as unknown as Canary;
}

/** A Flagger Event of the canary. */
export function flaggerEvent(
  uid: string,
  time: string,
  message: string,
  options: { type?: 'Normal' | 'Warning'; count?: number } = {},
): StoredEventInput {
  return {
    metadata: { uid },
    involvedObject: {
      kind: 'Canary',
      namespace: canaryKey.namespace,
      name: canaryKey.name,
    },
    type: options.type ?? 'Normal',
    reason: 'Synced',
    message,
    lastTimestamp: time,
    count: options.count ?? 1,
  } as StoredEventInput;
}

/** Progressing from weight 0 to 50 a minute apart, then Promoting, Finalising and Succeeded. */
export function analysedRelease(
  revision: string,
  promoted: string,
  hour: string,
  first = 0,
): Canary[] {
  const at = (minute: number) =>
    `2026-11-22T${hour}:${String(first + minute).padStart(2, '0')}:00Z`;
  return [
    ...[0, 10, 20, 30, 40, 50].map((weight, step) =>
      observed(at(step), 'Progressing', { revision, promoted, weight }),
    ),
    observed(at(6), 'Promoting', { revision, promoted }),
    observed(at(7), 'Finalising', { revision, promoted }),
    observed(at(8), 'Succeeded', { revision, promoted: revision }),
  ];
}

/**
 * A release whose analysis halts once per `halts` entry (the success rate under 99%, one failed
 * check more each time) and fails at `failed`: Flagger's Events and the statuses the recorder
 * sees, in order. Times are full ISO times.
 */
export function failedRelease(
  revision: string,
  promoted: string,
  times: {
    start: string;
    halts: Array<{ at: string; successRate: number }>;
    failed: string;
  },
): RecorderStep[] {
  const status = { revision, promoted };
  return [
    {
      event: flaggerEvent(
        `new-${revision}`,
        times.start,
        'New revision detected! Scaling up backend.webapp',
      ),
    },
    { observe: observed(times.start, 'Progressing', status) },
    ...times.halts.flatMap(({ at, successRate }, index): RecorderStep[] => [
      {
        event: flaggerEvent(
          `halt-${revision}`,
          at,
          `Halt backend.webapp advancement success rate ${successRate.toFixed(
            2,
          )}% < 99%`,
          { type: 'Warning', count: index + 1 },
        ),
      },
      {
        observe: observed(at, 'Progressing', {
          ...status,
          weight: 10,
          checks: index + 1,
        }),
      },
    ]),
    {
      event: flaggerEvent(
        `rollback-${revision}`,
        times.failed,
        `Rolling back backend.webapp failed checks threshold reached ${times.halts.length}`,
        { type: 'Warning' },
      ),
    },
    { observe: observed(times.failed, 'Failed', status) },
  ];
}

/**
 * Two failed runs a minute apart, as on the lab (analysis interval 10 s, threshold 3): rev-3 runs
 * 11:00:00 to 11:00:50 and halts at 11:00:20, :30 and :40 (success rate 91.56, 88.10, 85.00 %);
 * retried at 11:01:00, rev-4 runs 11:01:10 to 11:02:00 and halts at 11:01:30, :40 and :50 (97.20,
 * 96.40, 95.10 %). Each run's window widened by a minute holds the other run's three halts.
 */
export function adjacentFailedRuns(): RecorderStep[] {
  const at = (time: string) => `2026-11-22T${time}Z`;
  return [
    ...failedRelease('rev-3', 'rev-2', {
      start: at('11:00:00'),
      halts: [
        { at: at('11:00:20'), successRate: 91.56 },
        { at: at('11:00:30'), successRate: 88.1 },
        { at: at('11:00:40'), successRate: 85 },
      ],
      failed: at('11:00:50'),
    }),
    { action: 'retry', at: at('11:01:00') },
    // Failed is sticky: lastAppliedSpec follows the retried target, the time stays.
    {
      observe: observed(at('11:00:50'), 'Failed', {
        revision: 'rev-4',
        promoted: 'rev-2',
      }),
      observedAt: at('11:01:02'),
    },
    ...failedRelease('rev-4', 'rev-2', {
      start: at('11:01:10'),
      halts: [
        { at: at('11:01:30'), successRate: 97.2 },
        { at: at('11:01:40'), successRate: 96.4 },
        { at: at('11:01:50'), successRate: 95.1 },
      ],
      failed: at('11:02:00'),
    }),
  ];
}

/** What the recorder hands the store, in the order it handles it. */
export type RecorderStep =
  | { observe: Canary; observedAt?: string }
  | { event: StoredEventInput }
  | { action: string; at: string }
  | { promoteFollowUp: 'intended' | 'done'; at: string };

/** Hands the steps to the store as the recorder does; answers what each observation recorded. */
export async function playRecorder(
  store: RolloutStore,
  steps: RecorderStep[],
  key: CanaryKey = canaryKey,
) {
  const recorded = [];
  for (const step of steps) {
    if ('observe' in step) {
      const at = new Date(
        step.observedAt ?? step.observe.status?.lastTransitionTime ?? '',
      );
      recorded.push({
        step,
        result: await store.recordCanary(key.cluster, step.observe, at),
      });
    } else if ('event' in step) {
      await store.recordEvent(key, step.event);
    } else if ('action' in step) {
      await store.recordAction(key, {
        entityRef: 'component:default/rollout-demo',
        action: step.action,
        actor: 'user:default/alice',
        reason: `${step.action} it`,
        outcome: 'succeeded',
        message: `${step.action} done`,
        at: new Date(step.at),
      });
    } else if (step.promoteFollowUp === 'intended') {
      await store.followUps.add(
        {
          action: 'promote',
          route: 'canary-patch',
          entityRef: 'component:default/rollout-demo',
          actor: 'user:default/alice',
          cluster: key.cluster,
          operation: {
            type: 'patch-canary',
            namespace: key.namespace,
            name: key.name,
            mergePatch: { spec: { skipAnalysis: false } },
          },
          targets: [{ ...key, revision: 'rev-5' }],
        },
        { reason: 'Follow-up of the promote', message: 'pending' },
        new Date(step.at),
      );
    } else {
      const [followUp] = await store.followUps.pending(key);
      await store.followUps.complete(
        followUp,
        'succeeded',
        {
          reason: 'Follow-up of the promote',
          message: `${PROMOTE_FOLLOW_UP_MESSAGE} (the run it was given for ended)`,
        },
        new Date(step.at),
      );
    }
  }
  return recorded;
}
