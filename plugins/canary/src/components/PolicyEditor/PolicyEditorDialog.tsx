import { useCallback, useState } from 'react';
import AppBar from '@material-ui/core/AppBar';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import Toolbar from '@material-ui/core/Toolbar';
import Typography from '@material-ui/core/Typography';
import { PolicyEditor } from './PolicyEditor';

/** Props of {@link EditPolicyButton}. */
export type EditPolicyButtonProps = { entityRef: string };

/**
 * "Edit rollout policy": opens the policy editor of the entity in a full-screen dialog. Closing it
 * (the Close button, Escape) with edits that are not applied asks first.
 */
export const EditPolicyButton = ({ entityRef }: EditPolicyButtonProps) => {
  const [open, setOpen] = useState(false);
  const [dirty, setDirty] = useState(false);
  const [asking, setAsking] = useState(false);
  const onDirtyChange = useCallback((value: boolean) => setDirty(value), []);
  const close = () => {
    setAsking(false);
    setDirty(false);
    setOpen(false);
  };
  const requestClose = () => (dirty ? setAsking(true) : close());
  return (
    <>
      <Button variant="outlined" color="primary" onClick={() => setOpen(true)}>
        Edit rollout policy
      </Button>
      <Dialog
        fullScreen
        open={open}
        onClose={requestClose}
        aria-labelledby="canary-policy-editor-title"
      >
        <AppBar position="sticky" color="default">
          <Toolbar>
            <Box flexGrow={1}>
              <Typography variant="h6" id="canary-policy-editor-title">
                Rollout policy of {entityRef}
              </Typography>
            </Box>
            <Button onClick={requestClose}>Close</Button>
          </Toolbar>
        </AppBar>
        <Box p={3}>
          {open && (
            <PolicyEditor entityRef={entityRef} onDirtyChange={onDirtyChange} />
          )}
        </Box>
      </Dialog>
      <Dialog
        open={asking}
        onClose={() => setAsking(false)}
        aria-labelledby="canary-policy-discard-title"
      >
        <DialogTitle id="canary-policy-discard-title">
          Discard your changes?
        </DialogTitle>
        <DialogContent>
          <DialogContentText>
            The rollout policy has changes that are not applied. Closing the
            editor discards them.
          </DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setAsking(false)} color="primary">
            Keep editing
          </Button>
          <Button onClick={close} color="secondary">
            Discard changes
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
};
