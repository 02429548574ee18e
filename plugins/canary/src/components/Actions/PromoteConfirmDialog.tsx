import { useState } from 'react';
import type { RolloutSummary } from '@backstage-canary/plugin-canary-common';
import {
  ConfirmActionDialog,
  type ConfirmActionDialogProps,
} from './ConfirmActionDialog';
import { PromoteRisk } from './PromoteRisk';
import { isRisky, usePromoteRisk } from './usePromoteRisk';

/** Props of {@link PromoteConfirmDialog}. */
export type PromoteConfirmDialogProps = Omit<
  ConfirmActionDialogProps,
  'onConfirm' | 'warning' | 'confirmDisabled' | 'confirmLabel'
> & {
  entityRef: string;
  rollout: RolloutSummary;
  /** `acknowledgeFailedChecks`: the user ticked "Promote anyway". */
  onConfirm: (reason: string, acknowledgeFailedChecks: boolean) => void;
};

/**
 * The promote confirmation: with failed checks or a metric out of range, it shows their values and
 * enables the confirm button only after an explicit "Promote anyway".
 */
export const PromoteConfirmDialog = ({
  entityRef,
  rollout,
  onConfirm,
  ...dialog
}: PromoteConfirmDialogProps) => {
  const risk = usePromoteRisk(entityRef, rollout, dialog.open);
  const [acknowledged, setAcknowledged] = useState(false);
  const risky = isRisky(risk);
  return (
    <ConfirmActionDialog
      {...dialog}
      warning={
        <PromoteRisk
          risk={risk}
          acknowledged={acknowledged}
          onAcknowledge={setAcknowledged}
          disabled={dialog.busy}
        />
      }
      confirmDisabled={risk.loading || (risky && !acknowledged)}
      confirmLabel={risky ? 'Promote anyway' : undefined}
      onConfirm={reason => onConfirm(reason, risky && acknowledged)}
    />
  );
};
