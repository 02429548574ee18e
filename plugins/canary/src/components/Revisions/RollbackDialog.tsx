import { useState } from 'react';
import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';

/** Props of {@link RollbackDialog}. */
export type RollbackDialogProps = {
  /** `Roll back to revision #3?` */
  title: string;
  /** What the rollback does and where, from the domain core. */
  effect: string;
  busy?: boolean;
  onCancel: () => void;
  onConfirm: (reason: string) => void;
};

/** Says what a rollback does and where, and asks for a reason, before it runs. */
export const RollbackDialog = ({
  title,
  effect,
  busy,
  onCancel,
  onConfirm,
}: RollbackDialogProps) => {
  const [reason, setReason] = useState('');
  const trimmed = reason.replace(/\s*[\r\n\t]+\s*/g, ' ').trim();
  return (
    <Dialog
      open
      onClose={busy ? undefined : onCancel}
      aria-labelledby="canary-rollback-title"
      fullWidth
      maxWidth="sm"
    >
      <form
        onSubmit={event => {
          event.preventDefault();
          if (trimmed && !busy) onConfirm(trimmed);
        }}
      >
        <DialogTitle id="canary-rollback-title">{title}</DialogTitle>
        <DialogContent>
          <DialogContentText>{effect}</DialogContentText>
          <TextField
            id="canary-rollback-reason"
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
            color="secondary"
            variant="contained"
            disabled={!trimmed || busy}
            startIcon={busy ? <CircularProgress size={16} /> : undefined}
          >
            Roll back
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
};
