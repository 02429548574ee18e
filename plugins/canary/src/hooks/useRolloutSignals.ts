import { useEffect, useRef } from 'react';
import { useSignal } from '@backstage/plugin-signals-react';
import {
  CANARY_SIGNAL_CHANNEL,
  type CanaryRef,
} from '@backstage-canary/plugin-canary-common';

/** The message of {@link CANARY_SIGNAL_CHANNEL}: a canary whose recorded state changed. */
type CanarySignal = { cluster: string; namespace: string; name: string };

const sameCanary = (a: CanaryRef, b: CanaryRef) =>
  a.cluster === b.cluster && a.namespace === b.namespace && a.name === b.name;

/**
 * Calls `onChange` with the canary when the backend signals that one of `canaries` changed; other
 * canaries' signals are ignored. Returns whether the app delivers signals at all (without them the
 * caller polls at its usual pace).
 */
export function useRolloutSignals(
  canaries: CanaryRef[],
  onChange: (canary: CanaryRef) => void,
): { live: boolean } {
  const { lastSignal, isSignalsAvailable } = useSignal<CanarySignal>(
    CANARY_SIGNAL_CHANNEL,
  );
  const latest = useRef({ canaries, onChange });
  latest.current = { canaries, onChange };

  useEffect(() => {
    if (!lastSignal) return;
    const { cluster, namespace, name } = lastSignal;
    if (
      typeof cluster !== 'string' ||
      typeof namespace !== 'string' ||
      typeof name !== 'string'
    ) {
      return;
    }
    const changed = { cluster, namespace, name };
    if (latest.current.canaries.some(c => sameCanary(c, changed))) {
      latest.current.onChange(changed);
    }
  }, [lastSignal]);

  return { live: isSignalsAvailable };
}
