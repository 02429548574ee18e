import { useState } from 'react';
import AppBar from '@material-ui/core/AppBar';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import Toolbar from '@material-ui/core/Toolbar';
import Typography from '@material-ui/core/Typography';
import { PolicyEditor } from './PolicyEditor';

/** Props of {@link EditPolicyButton}. */
export type EditPolicyButtonProps = { entityRef: string };

/**
 * "Edit rollout policy": opens the policy editor of the entity in a full-screen dialog.
 */
export const EditPolicyButton = ({ entityRef }: EditPolicyButtonProps) => {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="outlined" color="primary" onClick={() => setOpen(true)}>
        Edit rollout policy
      </Button>
      <Dialog
        fullScreen
        open={open}
        onClose={() => setOpen(false)}
        aria-labelledby="canary-policy-editor-title"
      >
        <AppBar position="sticky" color="default">
          <Toolbar>
            <Box flexGrow={1}>
              <Typography variant="h6" id="canary-policy-editor-title">
                Rollout policy of {entityRef}
              </Typography>
            </Box>
            <Button onClick={() => setOpen(false)}>Close</Button>
          </Toolbar>
        </AppBar>
        <Box p={3}>{open && <PolicyEditor entityRef={entityRef} />}</Box>
      </Dialog>
    </>
  );
};
