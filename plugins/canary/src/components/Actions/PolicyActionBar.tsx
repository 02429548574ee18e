import Box from '@material-ui/core/Box';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { Alert } from '@material-ui/lab';
import { ActionButtons } from './ActionButtons';
import {
  actingLane,
  type PolicyGroup,
  policyScopeText,
  visibleActions,
} from './policyScope';

/** Props of {@link PolicyActionBar}. */
export type PolicyActionBarProps = {
  entityRef: string;
  group: PolicyGroup;
  /** Called after an action ran (or failed), to refresh. */
  onDone?: () => void;
};

/**
 * One action bar for the lanes of a Kurator sync policy: its actions change the Application's
 * rollout policy, so they act on every member at once. The callout says which, and which members
 * cannot be reached right now.
 */
export const PolicyActionBar = ({
  entityRef,
  group,
  onDone,
}: PolicyActionBarProps) => {
  const { scope, unreachable } = policyScopeText(group);
  const lane = actingLane(group);
  const actions = lane ? visibleActions(lane) : [];
  return (
    <Paper variant="outlined">
      <Box p={2} display="flex" flexDirection="column" style={{ gap: 8 }}>
        <Typography variant="subtitle2">
          Application {group.application} · sync policy {group.policyName}
        </Typography>
        <Alert severity="info" role="note" aria-label="Scope of the actions">
          {scope}.{unreachable ? ` ${unreachable}` : ''}
        </Alert>
        {lane && actions.length ? (
          <ActionButtons
            entityRef={entityRef}
            rollout={{ ...lane, actions }}
            policyClusters={group.lanes.map(l => l.cluster)}
            scopeNote={unreachable}
            target={`Application ${group.application} (policy ${group.policyIndex})`}
            onDone={onDone}
          />
        ) : (
          <Typography variant="body2" color="textSecondary">
            {lane
              ? 'No action applies to this policy now.'
              : 'No member of this policy can be read right now, so no action can be decided.'}
          </Typography>
        )}
      </Box>
    </Paper>
  );
};
