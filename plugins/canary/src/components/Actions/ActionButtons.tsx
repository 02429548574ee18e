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
import { actionTitle } from './actionText';

/** Props of {@link ActionButtons}. */
export type ActionButtonsProps = {
  entityRef: string;
  rollout: RolloutSummary;
  /** Every cluster of the rollout's Kurator policy, for the confirmation. */
  policyClusters?: string[];
  /** Called after an action ran (or failed), to refresh. */
  onDone?: () => void;
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
}: ActionButtonsProps) => {
  const canaryApi = useCanaryApi();
  const alertApi = useApi(alertApiRef);
  const [pending, setPending] = useState<RolloutActionAvailability>();
  const [busy, setBusy] = useState(false);
  const actions = rollout.actions ?? [];
  if (!actions.length) return null;

  const target = `${rollout.namespace}/${rollout.name} on ${rollout.cluster}`;

  const run = async (action: RolloutActionAvailability, reason: string) => {
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
        { reason },
      );
      const where = result.affects?.length
        ? ` (${result.affects.map(a => a.cluster).join(', ')})`
        : '';
      alertApi.post({
        message: `${
          result.message ?? `${actionTitle(action.action)} done`
        }${where}`,
        // A repeated action changes nothing: say so without claiming success.
        severity: result.changed === false ? 'info' : 'success',
        display: 'transient',
      });
    } catch (error) {
      alertApi.post({
        message: `${actionTitle(
          action.action,
        )} ${target} failed: ${errorMessage(error)}`,
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
      {pending && (
        <ConfirmActionDialog
          open
          action={pending}
          target={target}
          affectedClusters={policyClusters}
          busy={busy}
          onCancel={() => setPending(undefined)}
          onConfirm={reason => run(pending, reason)}
        />
      )}
    </Box>
  );
};
