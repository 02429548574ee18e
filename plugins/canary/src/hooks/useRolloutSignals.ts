import { useEffect, useRef } from 'react';
import { useApiHolder } from '@backstage/core-plugin-api';
import { signalApiRef } from '@backstage/plugin-signals-react';
import {
  CANARY_SIGNAL_CHANNEL,
  type CanaryRef,
} from '@backstage-canary/plugin-canary-common';

/**
 * What a signal says changed: `state`, the canary object on its cluster (the lanes); `history`,
 * what the recorder stored (the timeline and runs, and the lanes); `undefined` (a backend that
 * does not say), either.
 */
export type RolloutSignalChange = 'state' | 'history' | undefined;

const sameCanary = (a: CanaryRef, b: CanaryRef) =>
  a.cluster === b.cluster && a.namespace === b.namespace && a.name === b.name;

/**
 * Calls `onChange` with the canary, and what changed, when the backend signals that one of
 * `canaries` changed; other canaries' signals are ignored. Returns whether the app delivers
 * signals at all (without them the caller polls at its usual pace).
 *
 * Every message is handled as it arrives, outside React state: the signals of the whole fleet are
 * broadcast, so keeping the last one in state (as `useSignal` does) would re-render the caller for
 * each signal of any canary, and a signal of this entity followed by another canary's before React
 * rendered would be overwritten and lost (the tab would then wait for its next poll).
 */
export function useRolloutSignals(
  canaries: CanaryRef[],
  onChange: (canary: CanaryRef, change: RolloutSignalChange) => void,
): { live: boolean } {
  const signals = useApiHolder().get(signalApiRef);
  const latest = useRef({ canaries, onChange });
  latest.current = { canaries, onChange };

  useEffect(() => {
    if (!signals) return undefined;
    // The message names a canary and what changed: `{ cluster, namespace, name, change }`.
    const { unsubscribe } = signals.subscribe(
      CANARY_SIGNAL_CHANNEL,
      message => {
        const { cluster, namespace, name, change } = message ?? {};
        if (
          typeof cluster !== 'string' ||
          typeof namespace !== 'string' ||
          typeof name !== 'string'
        ) {
          return;
        }
        const changed = { cluster, namespace, name };
        if (latest.current.canaries.some(c => sameCanary(c, changed))) {
          latest.current.onChange(
            changed,
            change === 'state' || change === 'history' ? change : undefined,
          );
        }
      },
    );
    return unsubscribe;
  }, [signals]);

  return { live: Boolean(signals) };
}
