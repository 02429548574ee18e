import { useState } from 'react';
import { InfoCard, Progress } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  canaryRolloutAbortPermission,
  describeRevisionRollback,
  type RolloutRun,
  type RolloutSummary,
} from '@backstage-canary/plugin-canary-common';
import { useCanaryApi } from '../../api';
import { useRuns } from '../../hooks';
import { RevisionsList } from './RevisionsList';
import { RollbackDialog } from './RollbackDialog';

/** Props of {@link RevisionsPanel}. */
export type RevisionsPanelProps = {
  entityRef: string;
  rollout: RolloutSummary;
  /** Every lane of the rollout's Kurator policy (empty for a native canary). */
  policyLanes: RolloutSummary[];
  refreshKey?: number;
  /** Called after a rollback ran (or failed), to refresh. */
  onDone?: () => void;
};

function errorMessage(error: unknown): string {
  const e = error as { cause?: { message?: string }; message?: string };
  return e?.cause?.message ?? e?.message ?? String(error);
}

/** The selected rollout's recorded revisions, with rollback to an earlier good one. */
export const RevisionsPanel = ({
  entityRef,
  rollout,
  policyLanes,
  refreshKey,
  onDone,
}: RevisionsPanelProps) => {
  const canary = {
    cluster: rollout.cluster,
    namespace: rollout.namespace,
    name: rollout.name,
  };
  const { runs, loading, error, retry } = useRuns(
    entityRef,
    canary,
    refreshKey,
  );
  const canaryApi = useCanaryApi();
  const alertApi = useApi(alertApiRef);
  const { allowed, loading: checking } = usePermission({
    permission: canaryRolloutAbortPermission,
    resourceRef: entityRef,
  });
  const [pending, setPending] = useState<RolloutRun>();
  const [busy, setBusy] = useState(false);

  const kurator = rollout.kurator && {
    application: `${rollout.kurator.application.namespace}/${rollout.kurator.application.name}`,
    clusters: policyLanes.map(l => l.cluster),
    unreachable: policyLanes
      .filter(l => !l.found || l.error)
      .map(l => l.cluster),
  };
  const effect = (run: RolloutRun) =>
    describeRevisionRollback({
      run,
      workload: rollout.kurator
        ? rollout.name
        : `targeted by canary ${rollout.namespace}/${rollout.name}`,
      cluster: rollout.cluster,
      kurator,
    });

  const rollBack = async (run: RolloutRun, reason: string) => {
    setBusy(true);
    try {
      const result = await canaryApi.rollbackToRevision(entityRef, canary, {
        runId: run.id,
        reason,
      });
      alertApi.post({
        message: result.changed
          ? `Rolled back to revision #${run.number} on ${result.affects
              .map(a => a.cluster)
              .join(', ')}${
              result.unreached.length
                ? `; not changed on ${result.unreached
                    .map(u => u.cluster)
                    .join(', ')}`
                : ''
            }.`
          : result.message,
        severity:
          result.changed && !result.unreached.length ? 'success' : 'info',
        display: 'transient',
      });
    } catch (e) {
      alertApi.post({
        message: `Roll back to revision #${run.number} failed: ${errorMessage(
          e,
        )}`,
        severity: 'error',
      });
    } finally {
      setBusy(false);
      setPending(undefined);
      retry();
      onDone?.();
    }
  };

  const title = `Revisions of ${rollout.namespace}/${rollout.name} on ${rollout.cluster}`;
  return (
    <InfoCard title={title}>
      {loading && <Progress />}
      {error && (
        <Typography color="error" variant="body2">
          Could not read the recorded revisions: {error.message}
        </Typography>
      )}
      {runs && (
        <RevisionsList
          runs={runs}
          currentImages={rollout.revision?.images}
          blocked={
            !checking && !allowed
              ? `You do not have the ${canaryRolloutAbortPermission.name} permission.`
              : undefined
          }
          onRollback={setPending}
        />
      )}
      {pending && (
        <RollbackDialog
          title={`Roll back to revision #${pending.number}?`}
          effect={effect(pending)}
          busy={busy}
          onCancel={() => setPending(undefined)}
          onConfirm={reason => rollBack(pending, reason)}
        />
      )}
    </InfoCard>
  );
};
