/**
 * Flagger's readiness rules for Deployments (pkg/canary/deployment_ready.go): the error texts and
 * whether an unready deployment is worth retrying (false once its progress deadline passed).
 */
export type Readiness = { ready: boolean; retriable: boolean; error?: string };

function condition(status: any, type: string) {
  return (status?.conditions ?? []).find((c: any) => c.type === type);
}

export function deploymentReadiness(
  deployment: any,
  deadlineSeconds: number,
  readyThresholdPercent: number,
  now: number = Date.now(),
): Readiness {
  const status = deployment.status ?? {};
  const generation = deployment.metadata?.generation ?? 0;
  if (generation > (status.observedGeneration ?? 0)) {
    return {
      ready: false,
      retriable: true,
      error:
        'waiting for rollout to finish: observed deployment generation less than desired generation',
    };
  }
  let retriable = true;
  const progress = condition(status, 'Progressing');
  if (progress) {
    const available = condition(status, 'Available');
    if (
      available &&
      available.status === 'False' &&
      available.reason === 'MinimumReplicasUnavailable'
    ) {
      const from = Date.parse(available.lastUpdateTime ?? '');
      if (Number.isFinite(from)) {
        retriable = from + deadlineSeconds * 1000 >= now;
      }
    }
  }
  const updated = status.updatedReplicas ?? 0;
  const threshold = Math.trunc((updated * readyThresholdPercent) / 100);
  const specReplicas = deployment.spec?.replicas ?? 1;
  if (progress && progress.reason === 'ProgressDeadlineExceeded') {
    return {
      ready: false,
      retriable: false,
      error: `deployment "${deployment.metadata.name}" exceeded its progress deadline`,
    };
  }
  if (updated < specReplicas) {
    return {
      ready: false,
      retriable,
      error: `waiting for rollout to finish: ${updated} out of ${specReplicas} new replicas have been updated`,
    };
  }
  if ((status.replicas ?? 0) > updated) {
    return {
      ready: false,
      retriable,
      error: `waiting for rollout to finish: ${
        (status.replicas ?? 0) - updated
      } old replicas are pending termination`,
    };
  }
  if ((status.availableReplicas ?? 0) < threshold) {
    return {
      ready: false,
      retriable,
      error: `waiting for rollout to finish: ${
        status.availableReplicas ?? 0
      } of ${threshold} (readyThreshold ${readyThresholdPercent}%) updated replicas are available`,
    };
  }
  return { ready: true, retriable: true };
}
