import type { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Card from '@material-ui/core/Card';
import CardContent from '@material-ui/core/CardContent';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { Alert } from '@material-ui/lab';
import {
  type ClusterFreshness,
  isRunPhase,
  type RolloutSummary,
} from '@backstage-canary/plugin-canary-common';
import { DiagnosisCallout, showsDiagnosis } from './DiagnosisCallout';
import { FailureCallout } from './FailureCallout';
import { FreshnessNote } from './FreshnessNote';
import { PhaseChip } from './PhaseChip';
import { StepBar } from './StepBar';
import { WeightReadout } from './WeightReadout';
import { PendingNote } from './PendingNote';
import { RunClockReadout } from './RunClockReadout';
import { UnreachableNote } from './UnreachableNote';

const useStyles = makeStyles(theme => ({
  lane: {
    borderLeft: `4px solid ${theme.palette.divider}`,
  },
  selected: {
    borderLeft: `4px solid ${theme.palette.primary.main}`,
  },
  header: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(1),
  },
  grow: { flexGrow: 1 },
  mono: {
    fontFamily: 'monospace',
    wordBreak: 'break-all',
  },
}));

/** Props of {@link RolloutLane}. */
export type RolloutLaneProps = {
  rollout: RolloutSummary;
  /** Now, in milliseconds, for the time in phase. */
  now: number;
  selected?: boolean;
  /** Shows this lane's timeline. */
  onSelect?: () => void;
  /** The lane's action buttons. */
  actions?: ReactNode;
  /** Tools beside the lane's heading, e.g. a button showing the Canary's YAML. */
  tools?: ReactNode;
  /** How current the lane's cluster state is. */
  freshness?: ClusterFreshness;
};

/** Where the lane's canary comes from, in words. */
export function originText(rollout: RolloutSummary): string {
  if (rollout.kurator) {
    const { fleet, policyName, application } = rollout.kurator;
    return `Kurator member of fleet ${fleet} · policy ${policyName} of Application ${application.namespace}/${application.name}`;
  }
  return rollout.source === 'label'
    ? 'Native canary, found by the Kubernetes plugin label'
    : 'Native canary';
}

/** One cluster's rollout: phase, step bar, traffic, checks, revision and time in phase. */
export const RolloutLane = ({
  rollout,
  now,
  selected,
  onSelect,
  actions,
  tools,
  freshness,
}: RolloutLaneProps) => {
  const classes = useStyles();
  const { cluster, namespace, name, state, error } = rollout;
  const unbound = rollout.binding?.bound === false;
  const checks =
    rollout.failedChecks ??
    (state && {
      count: state.failedChecks,
      threshold: state.failedChecksThreshold,
    });
  const headingId = `canary-lane-${cluster}-${namespace}-${name}`;

  return (
    <Card
      component="section"
      aria-labelledby={headingId}
      className={`${classes.lane} ${selected ? classes.selected : ''}`}
      variant="outlined"
    >
      <CardContent>
        <Box className={classes.header}>
          <Typography variant="h6" component="h3" id={headingId}>
            {cluster}
          </Typography>
          {state && (
            <PhaseChip
              label={state.label}
              tone={state.tone}
              phase={state.phase}
            />
          )}
          {state?.suspended && <PhaseChip label="Paused" tone="paused" />}
          <Typography
            variant="body2"
            color="textSecondary"
            className={classes.grow}
          >
            {namespace}/{name} · {originText(rollout)}
          </Typography>
          {onSelect && !error && rollout.found && !unbound && (
            <Button
              size="small"
              color="primary"
              variant={selected ? 'contained' : 'outlined'}
              aria-pressed={Boolean(selected)}
              onClick={onSelect}
            >
              {selected ? 'Showing timeline' : 'Show timeline'}
            </Button>
          )}
          {tools}
        </Box>
        {freshness && <FreshnessNote freshness={freshness} now={now} />}
        {!error && showsDiagnosis(rollout.diagnosis, rollout.explanation) && (
          <DiagnosisCallout diagnosis={rollout.diagnosis} />
        )}
        {!error && rollout.explanation && (
          <FailureCallout explanation={rollout.explanation} />
        )}

        {error && (
          <UnreachableNote
            cluster={cluster}
            error={error}
            recorded={rollout.recorded}
            now={now}
          />
        )}
        {rollout.binding && !rollout.binding.bound && (
          <Alert severity="warning" title="Not bound to this entity">
            {rollout.binding.reason}. Until then this entity can neither see nor
            act on this rollout.
          </Alert>
        )}
        {!error && !rollout.found && (
          <Alert severity="info">
            No canary {namespace}/{name} on {cluster} yet
            {rollout.kurator
              ? ': Kurator has not rendered it for this member cluster.'
              : '.'}
          </Alert>
        )}

        {!error && rollout.found && state && (
          <>
            <Typography variant="body2" paragraph>
              {state.description}
              {state.conditionMessage &&
                state.conditionMessage !== state.description &&
                ` ${state.conditionMessage}`}
            </Typography>
            {rollout.pending && (
              <Box mb={2}>
                <PendingNote
                  pending={rollout.pending}
                  suspended={state.suspended}
                />
              </Box>
            )}
            <Box mb={2}>
              <StepBar
                steps={state.plan.steps}
                progress={state.progress}
                tone={state.tone}
                running={isRunPhase(state.phase)}
              />
            </Box>
            <Grid container spacing={2}>
              <Grid item xs={12} sm={6} md={3}>
                <WeightReadout weight={state.weight} />
              </Grid>
              <Grid item xs={12} sm={6} md={3}>
                <Typography
                  variant="overline"
                  color="textSecondary"
                  component="div"
                >
                  Failed checks
                </Typography>
                <Typography
                  variant="h6"
                  component="div"
                  color={checks && checks.count > 0 ? 'error' : 'textPrimary'}
                >
                  {checks
                    ? `${checks.count} of ${checks.threshold}`
                    : 'unknown'}
                </Typography>
                <Typography variant="body2" color="textSecondary">
                  rollback at {checks?.threshold ?? '?'} failed checks
                </Typography>
              </Grid>
              <Grid item xs={12} sm={6} md={3}>
                <Typography
                  variant="overline"
                  color="textSecondary"
                  component="div"
                >
                  Revision
                </Typography>
                {rollout.revision?.images.length ? (
                  rollout.revision.images.map(image => (
                    <Typography
                      key={image}
                      variant="body2"
                      className={classes.mono}
                    >
                      {image}
                    </Typography>
                  ))
                ) : (
                  <Typography variant="body2">unknown</Typography>
                )}
                {rollout.revision?.lastAppliedSpec && (
                  <Typography variant="caption" color="textSecondary">
                    spec {rollout.revision.lastAppliedSpec}
                    {rollout.revision.lastPromotedSpec &&
                    rollout.revision.lastPromotedSpec !==
                      rollout.revision.lastAppliedSpec
                      ? ` (promoted: ${rollout.revision.lastPromotedSpec})`
                      : ''}
                  </Typography>
                )}
              </Grid>
              <Grid item xs={12} sm={6} md={3}>
                <RunClockReadout
                  state={state}
                  run={rollout.run}
                  lastTransitionTime={rollout.lastTransitionTime}
                  now={now}
                />
                {rollout.strategy && (
                  <Typography variant="body2" color="textSecondary">
                    {rollout.strategy.label} strategy
                  </Typography>
                )}
              </Grid>
            </Grid>
          </>
        )}
        {actions && <Box mt={2}>{actions}</Box>}
      </CardContent>
    </Card>
  );
};
