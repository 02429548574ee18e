import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Collapse from '@material-ui/core/Collapse';
import { Alert } from '@material-ui/lab';
import type { InboxResponse } from '@backstage-canary/plugin-canary-common';

/** Props of {@link InboxErrors}. */
export type InboxErrorsProps = {
  errors: InboxResponse['errors'];
};

const plural = (count: number, one: string, many: string) =>
  `${count} ${count === 1 ? one : many}`;

const listed = (names: string[]) =>
  names.length > 1
    ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`
    : names[0];

/**
 * What could not be read, in one sentence: each cluster named once however many entities it
 * serves, and the entities that could not be read at all (cluster `*`).
 */
export const unreadableText = (errors: InboxResponse['errors']) => {
  const clusters = [
    ...new Set(errors.filter(e => e.cluster !== '*').map(e => e.cluster)),
  ].sort();
  const clusterEntities = new Set(
    errors.filter(e => e.cluster !== '*').map(e => e.entityRef),
  ).size;
  const wholeEntities = new Set(
    errors.filter(e => e.cluster === '*').map(e => e.entityRef),
  ).size;
  const parts: string[] = [];
  if (clusters.length) {
    parts.push(
      `Could not read ${
        clusters.length === 1 ? 'cluster' : 'clusters'
      } ${listed(clusters)} (for ${plural(
        clusterEntities,
        'entity',
        'entities',
      )})`,
    );
  }
  if (wholeEntities) {
    parts.push(
      `${parts.length ? 'and' : 'Could not read'} ${plural(
        wholeEntities,
        'entity',
        'entities',
      )} at all`,
    );
  }
  return `${parts.join(' ')}: rollouts there may be missing here.`;
};

/** The clusters the inbox could not read, one line collapsed, the details on demand. */
export const InboxErrors = ({ errors }: InboxErrorsProps) => {
  const [open, setOpen] = useState(false);
  if (!errors.length) return null;
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
      {unreadableText(errors)}
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
