import {
  CANARY_SIGNAL_CHANNEL,
  type CanaryRef,
} from '@backstage-canary/plugin-canary-common';

/**
 * What changed about a canary: `state`, its object on the cluster (what the lanes show, read live
 * or from the fleet state); `history`, what the recorder stored of it (its timeline and runs, and
 * the lanes' run and explanation).
 */
export type CanarySignalChange = 'state' | 'history';

/**
 * The signal that tells open Canary tabs a canary changed, to every user: the message names the
 * canary and what changed only; its state is read through the permissioned API. A tab reads again
 * what the change concerns: the lanes for a `state` change, the lanes and the history for a
 * `history` change.
 */
export function canarySignal(canary: CanaryRef, change: CanarySignalChange) {
  return {
    recipients: { type: 'broadcast' as const },
    channel: CANARY_SIGNAL_CHANNEL,
    message: {
      cluster: canary.cluster,
      namespace: canary.namespace,
      name: canary.name,
      change,
    },
  };
}
