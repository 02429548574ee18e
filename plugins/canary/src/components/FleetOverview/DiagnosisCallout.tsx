import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { Alert, AlertTitle } from '@material-ui/lab';
import type {
  DiagnosedCause,
  RolloutDiagnosis,
  RunExplanation,
  StuckCause,
} from '@backstage-canary/plugin-canary-common';

const useStyles = makeStyles(theme => ({
  cause: { marginTop: theme.spacing(1) },
  evidence: { margin: theme.spacing(0.5, 0), paddingLeft: theme.spacing(2.5) },
  query: {
    fontFamily: 'monospace',
    wordBreak: 'break-all',
    display: 'block',
  },
}));

/** Props of {@link DiagnosisCallout}. */
export type DiagnosisCalloutProps = {
  diagnosis: RolloutDiagnosis;
};

/** A gate waiting for someone is news; everything else stops the rollout. */
const SEVERITY: Record<StuckCause, 'info' | 'warning' | 'error'> = {
  'gate-closed': 'info',
  suspended: 'info',
  'checks-failing': 'warning',
  'metric-no-data': 'warning',
  'metric-query-failed': 'warning',
  'webhook-failing': 'warning',
  'workload-not-ready': 'warning',
  'kurator-not-rendered': 'warning',
  'controller-silent': 'error',
  'cluster-unreachable': 'error',
};

const RANK = { info: 0, warning: 1, error: 2 } as const;

function severityOf(causes: DiagnosedCause[]): 'info' | 'warning' | 'error' {
  return causes
    .map(cause => SEVERITY[cause.cause])
    .reduce((worst, s) => (RANK[s] > RANK[worst] ? s : worst), 'info');
}

/**
 * Whether a lane shows its diagnosis: a rollout that does not move, unless all the diagnosis says
 * is that checks fail and the run's explanation already shows them.
 */
export function showsDiagnosis(
  diagnosis: RolloutDiagnosis | undefined,
  explanation?: RunExplanation,
): diagnosis is RolloutDiagnosis {
  if (!diagnosis || diagnosis.moving) return false;
  const onlyFailingChecks = diagnosis.causes.every(
    cause => cause.cause === 'checks-failing',
  );
  return !(onlyFailingChecks && explanation);
}

/**
 * Whether a rollout is stuck on something other than a person: it does not move, and not only
 * because a gate waits for an approval or the canary is paused on purpose.
 */
export function isStuck(
  diagnosis: RolloutDiagnosis | undefined,
  explanation?: RunExplanation,
): diagnosis is RolloutDiagnosis {
  return (
    showsDiagnosis(diagnosis, explanation) &&
    diagnosis.causes.some(
      cause => cause.cause !== 'gate-closed' && cause.cause !== 'suspended',
    )
  );
}

const CauseItem = ({ cause }: { cause: DiagnosedCause }) => {
  const classes = useStyles();
  return (
    <div className={classes.cause}>
      <Typography variant="body2" component="div">
        <strong>
          <bdi>{cause.title}</bdi>
        </strong>
      </Typography>
      <ul className={classes.evidence} aria-label={`Evidence: ${cause.title}`}>
        {cause.evidence.map(line => (
          <li key={line}>
            <Typography variant="body2" component="span">
              <bdi>{line}</bdi>
            </Typography>
          </li>
        ))}
      </ul>
      <Typography variant="body2" component="div">
        What to do: <bdi>{cause.fix}</bdi>
      </Typography>
      {cause.query && !cause.fix.includes(cause.query) && (
        <code className={classes.query}>{cause.query}</code>
      )}
    </div>
  );
};

/**
 * "Why is it stuck", at the top of a lane: each reason the rollout does not move as its policy
 * says, with what shows it and what to do, most decisive first.
 */
export const DiagnosisCallout = ({ diagnosis }: DiagnosisCalloutProps) => (
  <Alert
    severity={severityOf(diagnosis.causes)}
    aria-label={diagnosis.headline}
    style={{ marginBottom: 16 }}
  >
    <AlertTitle>
      <bdi>{diagnosis.headline}</bdi>
    </AlertTitle>
    {diagnosis.causes.map(cause => (
      <CauseItem key={`${cause.cause}:${cause.subject ?? ''}`} cause={cause} />
    ))}
  </Alert>
);
