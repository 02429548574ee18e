import { useCallback, useEffect, useRef, useState } from 'react';
import type { EntityRolloutsResponse } from '@backstage-canary/plugin-canary-common';
import { useCanaryApi } from '../api';

/** The state of {@link useEntityRollouts}. */
export type EntityRolloutsState = {
  value?: EntityRolloutsResponse;
  /** True while the first answer is awaited (not while refreshing). */
  loading: boolean;
  refreshing: boolean;
  /** Why the last read failed; the last answer stays in `value`. */
  error?: Error;
  retry: () => void;
};

/**
 * A read that has not answered after this long no longer holds back refreshes: a request to a
 * restarting backend can hang, and the tab would otherwise never update again.
 */
const STALE_READ_MS = 30_000;

/**
 * The reads of one entity while it is shown: a new entity (or unmount) ends it and drops its
 * answers. `reader` counts the read loops started; only the latest one may set the state.
 */
type Session = {
  active: boolean;
  reader: number;
  startedAt?: number;
  again: boolean;
};

/**
 * The entity's rollouts on every cluster. A refresh keeps the last answer on screen, and refreshes
 * asked while one is in flight are coalesced into one more read after it: during a fast run, change
 * signals arrive faster than a busy backend answers, and restarting the read on each of them would
 * show nothing until the run ends. A read left unanswered for {@link STALE_READ_MS} is abandoned on
 * the next refresh.
 */
export function useEntityRollouts(entityRef: string): EntityRolloutsState {
  const canaryApi = useCanaryApi();
  const [state, setState] = useState<{
    value?: EntityRolloutsResponse;
    error?: Error;
    busy: boolean;
  }>({ busy: true });
  const session = useRef<Session>({ active: false, reader: 0, again: false });

  const read = useCallback(
    async (current: Session) => {
      const reader = ++current.reader;
      const mine = () => current.active && current.reader === reader;
      setState(s => ({ ...s, busy: true }));
      do {
        current.again = false;
        current.startedAt = Date.now();
        try {
          const value = await canaryApi.getEntityRollouts(entityRef);
          if (!mine()) return;
          setState({ value, busy: current.again });
        } catch (error) {
          if (!mine()) return;
          setState(s => ({ ...s, error: error as Error, busy: current.again }));
        }
      } while (current.again && mine());
      if (mine()) current.startedAt = undefined;
    },
    [canaryApi, entityRef],
  );

  useEffect(() => {
    const current: Session = { active: true, reader: 0, again: false };
    session.current = current;
    setState({ busy: true });
    read(current);
    return () => {
      current.active = false;
    };
  }, [read]);

  const retry = useCallback(() => {
    const current = session.current;
    if (!current.active) return;
    const startedAt = current.startedAt;
    if (startedAt !== undefined && Date.now() - startedAt < STALE_READ_MS) {
      current.again = true;
      return;
    }
    read(current);
  }, [read]);

  return {
    value: state.value,
    loading: state.busy && !state.value && !state.error,
    refreshing: state.busy && Boolean(state.value),
    error: state.error,
    retry,
  };
}
