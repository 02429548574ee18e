import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import type { PolicyTarget } from '@backstage-canary/plugin-canary-common';

/** Props of {@link ApplyPolicyDialog}. */
export type ApplyPolicyDialogProps = {
  open: boolean;
  target: PolicyTarget;
  /** Where the policy goes, e.g. "Kurator Application default/rollout-demo". */
  destination: string;
  /** The clusters the last dry run covered, if any. */
  clusters?: string[];
  busy?: boolean;
  onCancel: () => void;
  onConfirm: (reason: string) => void;
};

/** Asks for the reason of an apply and says what it changes where. */
export const ApplyPolicyDialog = (props: ApplyPolicyDialogProps) => {
  const [reason, setReason] = useState('');
  const effect =
    props.target === 'kurator'
      ? 'Kurator re-renders the Canary on every cluster of the policy within about 30 seconds.'
      : 'The Canary and its MetricTemplates are created or updated on the cluster.';
  return (
    <Dialog
      open={props.open}
      onClose={props.onCancel}
      aria-labelledby="canary-apply-policy-title"
    >
      <DialogTitle id="canary-apply-policy-title">
        Apply the rollout policy?
      </DialogTitle>
      <DialogContent>
        <Typography variant="body2" paragraph>
          Writes {props.destination}. {effect}
        </Typography>
        {props.clusters && props.clusters.length > 0 && (
          <Typography variant="body2" paragraph>
            Clusters: {props.clusters.join(', ')}
          </Typography>
        )}
        <TextField
          fullWidth
          required
          id="canary-apply-policy-reason"
          label="Reason"
          helperText="Recorded in the audit log."
          value={reason}
          onChange={e => setReason(e.target.value)}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onCancel}>Cancel</Button>
        <Button
          color="primary"
          variant="contained"
          disabled={!reason.trim() || props.busy}
          onClick={() => props.onConfirm(reason.trim())}
        >
          Apply policy
        </Button>
      </DialogActions>
    </Dialog>
  );
};
