import { type ReactNode, useState } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import CircularProgress from '@material-ui/core/CircularProgress';
import type { RolloutActionAvailability } from '@backstage-canary/plugin-canary-common';
import { actionTitle } from './actionText';

/** Props of {@link ConfirmActionDialog}. */
export type ConfirmActionDialogProps = {
  open: boolean;
  action: RolloutActionAvailability;
  /** The canary, e.g. `webapp/backend on kurator-member1`. */
  target: string;
  /** Every cluster the action reaches, when it changes a Kurator policy. */
  affectedClusters?: string[];
  /** Said under the scope, e.g. the members that cannot be reached now. */
  note?: string;
  busy?: boolean;
  /** Shown above the reason, e.g. what a promote would skip. */
  warning?: ReactNode;
  /** Keeps the confirm button disabled, e.g. until a risk is acknowledged. */
  confirmDisabled?: boolean;
  /** The confirm button's text; default the action's title. */
  confirmLabel?: string;
  onCancel: () => void;
  onConfirm: (reason: string) => void;
};

/** Asks for a reason and says what an action will do and where, before it runs. */
export const ConfirmActionDialog = ({
  open,
  action,
  target,
  affectedClusters,
  note,
  busy,
  warning,
  confirmDisabled,
  confirmLabel,
  onCancel,
  onConfirm,
}: ConfirmActionDialogProps) => {
  const [reason, setReason] = useState('');
  // A reason is one line of plain text (the backend refuses line breaks): lines typed are joined.
  const trimmed = reason.replace(/\s*[\r\n\t]+\s*/g, ' ').trim();
  const title = `${actionTitle(action)} ${target}?`;
  const policyWide = action.route === 'application-policy-patch';
  return (
    <Dialog
      open={open}
      onClose={busy ? undefined : onCancel}
      aria-labelledby="canary-confirm-action-title"
      fullWidth
      maxWidth="sm"
    >
      <form
        onSubmit={event => {
          event.preventDefault();
          if (trimmed && !busy && !confirmDisabled) onConfirm(trimmed);
        }}
      >
        <DialogTitle id="canary-confirm-action-title">{title}</DialogTitle>
        <DialogContent>
          <DialogContentText>
            {action.effect ?? 'The backend will run this action on the canary.'}
          </DialogContentText>
          {policyWide && (
            <DialogContentText>
              This changes the Kurator rollout policy, so it applies to every
              cluster of the policy
              {affectedClusters?.length
                ? `: ${affectedClusters.join(', ')}.`
                : '.'}
            </DialogContentText>
          )}
          {note && <DialogContentText>{note}</DialogContentText>}
          {warning}
          <TextField
            id="canary-action-reason"
            required
            fullWidth
            multiline
            minRows={2}
            variant="outlined"
            label="Reason"
            helperText="Recorded in the audit log with your name."
            value={reason}
            onChange={event => setReason(event.target.value)}
            disabled={busy}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={onCancel} disabled={busy}>
            Cancel
          </Button>
          <Button
            type="submit"
            color="primary"
            variant="contained"
            disabled={!trimmed || busy || confirmDisabled}
            startIcon={busy ? <CircularProgress size={16} /> : undefined}
          >
            {confirmLabel ?? actionTitle(action)}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
};
