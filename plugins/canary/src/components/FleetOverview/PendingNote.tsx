import { Alert } from '@material-ui/lab';
import type { PendingRolloutChange } from '@backstage-canary/plugin-canary-common';
import { ActorName } from '../Timeline/ActorName';
import { clockTime } from './clockTime';
import { formatDuration } from './formatDuration';

/** Props of {@link PendingNote}. */
export type PendingNoteProps = {
  pending: PendingRolloutChange;
  /** The canary is paused: nothing starts until it is resumed. */
  suspended?: boolean;
};

/**
 * What was asked or detected and waits for Flagger's next check: a promote (who asked, when, and
 * when it takes effect at the latest) or a new revision whose run has not started yet.
 */
export const PendingNote = ({ pending, suspended }: PendingNoteProps) => {
  const every = formatDuration(pending.intervalMs);
  if (pending.kind === 'promote') {
    return (
      <Alert severity="info" role="status" aria-label="Pending promote">
        Promote requested by <ActorName actor={pending.actor} /> at{' '}
        {clockTime(pending.requestedAt)}; takes effect{' '}
        {pending.kurator
          ? `once Kurator re-renders the canary (~30s) and at Flagger's next check (every ${every})`
          : `at Flagger's next check (every ${every})`}
        , at the latest {clockTime(pending.takesEffectBy)}.
      </Alert>
    );
  }
  return (
    <Alert severity="info" role="status" aria-label="New revision detected">
      New revision detected ({pending.images.join(', ')}; the last run had{' '}
      {pending.previousImages.join(', ')}):{' '}
      {suspended
        ? 'the run starts once the canary is resumed.'
        : `the run starts at Flagger's next check (every ${every}).`}
    </Alert>
  );
};
