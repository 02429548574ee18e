import type { ReactNode } from 'react';
import Typography from '@material-ui/core/Typography';
import { Alert, AlertTitle } from '@material-ui/lab';
import type { RunExplanation } from '@backstage-canary/plugin-canary-common';
import { ActorName } from '../Timeline/ActorName';

/** Props of {@link FailureCallout}. */
export type FailureCalloutProps = {
  explanation: RunExplanation;
};

const SEVERITY: Record<RunExplanation['kind'], 'error' | 'warning' | 'info'> = {
  'rolled-back': 'error',
  'promotion-failed': 'error',
  halted: 'warning',
  'promoted-manually': 'info',
};

/** What happened at the explanation's time. */
const AT_VERB: Record<RunExplanation['kind'], string> = {
  'rolled-back': 'Rolled back',
  // eslint-disable-next-line no-restricted-syntax -- a verb for people, not a phase to compare
  'promotion-failed': 'Failed',
  halted: 'Halted',
  'promoted-manually': 'Promoted',
};

/** A time in the user's locale and time zone, with the date. */
const when = (iso: string) => new Date(iso).toLocaleString();

/** The headline, with the actor by their catalog display name. */
function title(explanation: RunExplanation): ReactNode {
  const { kind, actor, headline } = explanation;
  if (actor && kind === 'promoted-manually') {
    return (
      <>
        Promoted manually by{' '}
        <bdi>
          <ActorName actor={actor} />
        </bdi>
        , analysis skipped
      </>
    );
  }
  if (
    actor &&
    kind === 'rolled-back' &&
    explanation.cause === 'manual-rollback'
  ) {
    return (
      <>
        Rolled back by{' '}
        <bdi>
          <ActorName actor={actor} />
        </bdi>
      </>
    );
  }
  return headline;
}

/** Where the run stopped: "Stopped at step 2 of 6, with 20% of traffic on the canary". */
function stoppedText(explanation: RunExplanation): string | undefined {
  const stopped = explanation.stoppedAt;
  if (!stopped) return undefined;
  const verb =
    explanation.kind === 'promoted-manually' ? 'Promoted at' : 'Stopped at';
  const step = stopped.step
    ? `step ${stopped.step} of ${stopped.totalSteps}`
    : undefined;
  if (stopped.weight !== undefined) {
    return `${verb} ${
      step ?? `the start (before step 1 of ${stopped.totalSteps})`
    }, with ${stopped.weight}% of traffic on the canary`;
  }
  return step ? `${verb} ${step}` : undefined;
}

/**
 * Why a run failed, halts or skipped its analysis, at the top of its lane: the failed metrics
 * against their bounds, where it stopped, the failed checks at the time, when it rolled back and
 * the revision that serves since, or where the traffic is after a failed promotion.
 */
export const FailureCallout = ({ explanation }: FailureCalloutProps) => {
  const stopped = stoppedText(explanation);
  const { failedChecks, rolledBackTo, checks } = explanation;
  const rows: ReactNode[] = [];
  if (stopped) rows.push(stopped);
  if (failedChecks && explanation.kind === 'rolled-back') {
    rows.push(
      `Failed checks at the time of failure: ${failedChecks.count} of ${failedChecks.threshold}`,
    );
  }
  if (explanation.at && explanation.kind !== 'halted') {
    rows.push(`${AT_VERB[explanation.kind]} at ${when(explanation.at)}`);
  }
  if (rolledBackTo) {
    rows.push(
      <>
        Serving the previous revision
        {rolledBackTo.images.length > 0 && (
          <>
            {' '}
            <code>
              <bdi>{rolledBackTo.images.join(', ')}</bdi>
            </code>
          </>
        )}
        {rolledBackTo.spec && ` (spec ${rolledBackTo.spec})`}
      </>,
    );
  }
  if (explanation.kind === 'promotion-failed' && explanation.traffic) {
    rows.push(explanation.traffic);
  }
  if (explanation.error && explanation.kind !== 'promotion-failed') {
    rows.push(<bdi>{explanation.error}</bdi>);
  }
  if (explanation.kind === 'promotion-failed' && explanation.error) {
    rows.push(
      <>
        Flagger: <bdi>{explanation.error}</bdi>
      </>,
    );
  }
  if (explanation.kind === 'promoted-manually') {
    rows.push(
      'The remaining steps were not analysed; the step bar shows where the analysis stopped.',
    );
  }
  const noReason =
    explanation.kind === 'rolled-back' &&
    explanation.cause === 'unknown' &&
    !checks.length;

  return (
    <Alert
      severity={SEVERITY[explanation.kind]}
      aria-label={explanation.headline}
      style={{ marginBottom: 16 }}
    >
      <AlertTitle>{title(explanation)}</AlertTitle>
      {checks.length > 0 && (
        <ul aria-label="Failed checks" style={{ margin: 0, paddingLeft: 20 }}>
          {checks.map(check => (
            <li key={check.name}>
              <Typography variant="body2" component="span">
                <bdi>{check.text}</bdi>
              </Typography>
            </li>
          ))}
        </ul>
      )}
      {noReason && (
        <Typography variant="body2">
          No recorded event of this run says why (its history was not recorded).
        </Typography>
      )}
      {rows.map((row, index) => (
        <Typography key={index} variant="body2">
          {row}
        </Typography>
      ))}
    </Alert>
  );
};
