import { useEffect, useRef } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import type {
  CanaryRef,
  RolloutMetricsResponse,
  RolloutRun,
} from '@backstage-canary/plugin-canary-common';
import { useCanaryApi } from '../api';
import {
  isLiveRange,
  resolveMetricsRange,
  type MetricsRangeChoice,
} from './metricsRange';

/** The state of {@link useMetrics}. */
export type MetricsState = {
  value?: RolloutMetricsResponse;
  /** True while the first answer for this canary and range is awaited. */
  loading: boolean;
  error?: Error;
  retry: () => void;
};

/**
 * The analysis metrics of one canary over the chosen range; over a run's range, with that run's
 * failed checks only. A new `refreshKey` reloads them while the range reaches up to now; a
 * finished run's metrics do not change.
 */
export function useMetrics(
  entityRef: string,
  canary: CanaryRef,
  choice: MetricsRangeChoice,
  run: RolloutRun | undefined,
  refreshKey?: number,
): MetricsState {
  const canaryApi = useCanaryApi();
  const { cluster, namespace, name } = canary;
  const runId = run?.id;
  const runStart = run?.startedAt;
  const runEnd = run?.endedAt;
  const state = useAsyncRetry(
    () =>
      canaryApi.getMetrics(
        entityRef,
        { cluster, namespace, name },
        resolveMetricsRange(choice, run, Date.now()),
      ),
    // The run matters only through its id and times.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [
      canaryApi,
      entityRef,
      cluster,
      namespace,
      name,
      choice,
      runId,
      runStart,
      runEnd,
    ],
  );
  const live = isLiveRange(choice, run);
  const { retry } = state;

  // Only a refresh key that changed after the first read reloads: a panel that mounts after the
  // tab's key moved on (it waits for the timeline's run) would otherwise read everything twice.
  const readKey = useRef(refreshKey);
  useEffect(() => {
    if (refreshKey === readKey.current) return;
    readKey.current = refreshKey;
    if (live) retry();
    // Only a new refresh key reloads.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [refreshKey]);

  return {
    value: state.value,
    loading: state.loading && !state.value,
    error: state.error,
    retry,
  };
}
