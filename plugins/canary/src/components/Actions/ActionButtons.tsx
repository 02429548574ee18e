import { useState } from 'react';
import Box from '@material-ui/core/Box';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import type {
  RolloutActionAvailability,
  RolloutSummary,
} from '@backstage-canary/plugin-canary-common';
import { useCanaryApi } from '../../api';
import { ActionButton } from './ActionButton';
import { ConfirmActionDialog } from './ConfirmActionDialog';
import { PromoteConfirmDialog } from './PromoteConfirmDialog';
import { actionTitle } from './actionText';
import { actionToast } from './actionToast';

/** Props of {@link ActionButtons}. */
export type ActionButtonsProps = {
  entityRef: string;
  rollout: RolloutSummary;
  /** Every cluster of the rollout's Kurator policy, for the confirmation. */
  policyClusters?: string[];
  /** Called after an action ran (or failed), to refresh. */
  onDone?: () => void;
  /** What the action acts on, when not this one lane (a Kurator policy's action bar). */
  target?: string;
  /** Said in the confirmation too, e.g. which members are unreachable. */
  scopeNote?: string;
};

function errorMessage(error: unknown): string {
  const e = error as { cause?: { message?: string }; message?: string };
  return e?.cause?.message ?? e?.message ?? String(error);
}

/** The rollout's actions, each behind a confirmation that asks for a reason. */
export const ActionButtons = ({
  entityRef,
  rollout,
  policyClusters,
  onDone,
  target: scopeTarget,
  scopeNote,
}: ActionButtonsProps) => {
  const canaryApi = useCanaryApi();
  const alertApi = useApi(alertApiRef);
  const [pending, setPending] = useState<RolloutActionAvailability>();
  const [busy, setBusy] = useState(false);
  const actions = rollout.actions ?? [];
  if (!actions.length) return null;

  const target =
    scopeTarget ?? `${rollout.namespace}/${rollout.name} on ${rollout.cluster}`;

  const run = async (
    action: RolloutActionAvailability,
    reason: string,
    acknowledgeFailedChecks = false,
  ) => {
    setBusy(true);
    try {
      const result = await canaryApi.runAction(
        entityRef,
        {
          cluster: rollout.cluster,
          namespace: rollout.namespace,
          name: rollout.name,
        },
        action.action,
        acknowledgeFailedChecks
          ? { reason, acknowledgeFailedChecks }
          : { reason },
      );
      // One line: the details are in the lane's pending note and the timeline.
      alertApi.post({
        ...actionToast(action.action, rollout, result),
        display: 'transient',
      });
    } catch (error) {
      alertApi.post({
        message: `${actionTitle(action)} ${target} failed: ${errorMessage(
          error,
        )}`,
        severity: 'error',
      });
    } finally {
      setBusy(false);
      setPending(undefined);
      onDone?.();
    }
  };

  return (
    <Box
      display="flex"
      flexWrap="wrap"
      style={{ gap: 8 }}
      role="group"
      aria-label={`Actions for ${target}`}
    >
      {actions.map(action => (
        <ActionButton
          key={action.action}
          action={action}
          entityRef={entityRef}
          onClick={() => setPending(action)}
        />
      ))}
      {pending?.action === 'promote' && (
        // A promote shows what it would skip and, when the analysis is failing, asks for
        // an explicit "Promote anyway".
        <PromoteConfirmDialog
          open
          entityRef={entityRef}
          rollout={rollout}
          action={pending}
          target={target}
          affectedClusters={policyClusters}
          note={scopeNote}
          busy={busy}
          onCancel={() => setPending(undefined)}
          onConfirm={(reason, acknowledged) =>
            run(pending, reason, acknowledged)
          }
        />
      )}
      {pending && pending.action !== 'promote' && (
        <ConfirmActionDialog
          open
          action={pending}
          target={target}
          affectedClusters={policyClusters}
          note={scopeNote}
          busy={busy}
          onCancel={() => setPending(undefined)}
          onConfirm={reason => run(pending, reason)}
        />
      )}
    </Box>
  );
};
