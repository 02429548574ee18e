import useAsync from 'react-use/esm/useAsync';
import type {
  MetricUnit,
  RolloutSummary,
} from '@backstage-canary/plugin-canary-common';
import { useCanaryApi } from '../../api';
import { latestOutOfRange } from '../Metrics/outOfRange';

/** How far back the latest metric values are read for a promote (seconds). */
const LOOKBACK_SECONDS = 10 * 60;

/** A metric whose latest canary value is out of its accepted range. */
export type OutOfRangeMetric = {
  name: string;
  unit: MetricUnit;
  value: number;
  comparison: '<' | '>';
  bound: number;
};

/** What makes a promote risky now: failed checks of the run, metrics out of range. */
export type PromoteRiskReading = {
  /** The run's failed checks, when there are any. */
  failedChecks?: { count: number; threshold: number };
  outOfRange: OutOfRangeMetric[];
  /** The metrics are being read. */
  loading: boolean;
  /** Why the metrics could not be read. */
  error?: Error;
};

/** Whether a promote needs an explicit "promote anyway". */
export function isRisky(risk: PromoteRiskReading): boolean {
  return Boolean(risk.failedChecks) || risk.outOfRange.length > 0;
}

/**
 * Reads what makes promoting a rollout risky: its failed checks (from the summary) and, while
 * `enabled`, the metrics whose latest canary value is out of range.
 */
export function usePromoteRisk(
  entityRef: string,
  rollout: RolloutSummary,
  enabled: boolean,
): PromoteRiskReading {
  const canaryApi = useCanaryApi();
  const { cluster, namespace, name } = rollout;
  const metrics = useAsync(async () => {
    if (!enabled) return undefined;
    const end = Math.floor(Date.now() / 1000);
    return canaryApi.getMetrics(
      entityRef,
      { cluster, namespace, name },
      { start: end - LOOKBACK_SECONDS, end },
    );
  }, [canaryApi, entityRef, cluster, namespace, name, enabled]);
  const checks =
    rollout.failedChecks ??
    (rollout.state && {
      count: rollout.state.failedChecks,
      threshold: rollout.state.failedChecksThreshold,
    });
  const outOfRange = (metrics.value?.metrics ?? []).flatMap(metric => {
    const latest = latestOutOfRange(metric);
    return latest
      ? [
          {
            name: metric.name,
            unit: metric.threshold.unit,
            value: latest.value,
            comparison: latest.comparison,
            bound: latest.bound,
          },
        ]
      : [];
  });
  return {
    failedChecks: checks && checks.count > 0 ? checks : undefined,
    outOfRange,
    loading: enabled && metrics.loading,
    error: metrics.error,
  };
}
