import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Collapse from '@material-ui/core/Collapse';
import { Alert } from '@material-ui/lab';
import type { InboxResponse } from '@backstage-canary/plugin-canary-common';

/** Props of {@link InboxErrors}. */
export type InboxErrorsProps = {
  errors: InboxResponse['errors'];
};

/** The clusters the inbox could not read, one line collapsed, the details on demand. */
export const InboxErrors = ({ errors }: InboxErrorsProps) => {
  const [open, setOpen] = useState(false);
  if (!errors.length) return null;
  const entities = new Set(errors.map(e => e.entityRef)).size;
  return (
    <Alert
      severity="warning"
      action={
        <Button
          color="inherit"
          size="small"
          onClick={() => setOpen(o => !o)}
          aria-expanded={open}
        >
          {open ? 'Hide details' : 'Show details'}
        </Button>
      }
    >
      {errors.length} cluster{errors.length === 1 ? '' : 's'} of {entities}{' '}
      entit{entities === 1 ? 'y' : 'ies'} could not be read; their rollouts may
      be missing here.
      <Collapse in={open} unmountOnExit>
        <ul style={{ margin: '8px 0 0', paddingLeft: 20 }}>
          {errors.map(e => (
            <li key={`${e.entityRef}-${e.cluster}-${e.message}`}>
              {e.entityRef} on {e.cluster}: {e.message}
            </li>
          ))}
        </ul>
      </Collapse>
    </Alert>
  );
};
