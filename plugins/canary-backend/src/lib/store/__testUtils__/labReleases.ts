import type { Canary } from '@backstage-canary/plugin-canary-common';
import type { StoredEventInput } from '../RolloutStore';

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
