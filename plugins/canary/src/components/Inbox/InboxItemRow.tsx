import Box from '@material-ui/core/Box';
import ListItem from '@material-ui/core/ListItem';
import Typography from '@material-ui/core/Typography';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type { InboxItem } from '@backstage-canary/plugin-canary-common';
import { ActionButtons } from '../Actions';
import { PendingNote, PhaseChip, isStuck, timeSince } from '../FleetOverview';

/** The actions the inbox offers: an approval, or ending the run. */
const INBOX_ACTIONS = ['approve', 'abort'];

/** Props of {@link InboxItemRow}. */
export type InboxItemRowProps = {
  item: InboxItem;
  /** Now, in milliseconds, for the time in phase. */
  now: number;
  /** Called after an action ran, to reload the inbox. */
  onActionDone?: () => void;
  /** False for a rollout the user can only watch: no buttons. Defaults to true. */
  actionable?: boolean;
};

/** Why a rollout is in the inbox, in words. */
export const attentionText = (attention: InboxItem['attention']) => {
  if (attention === 'waiting-for-approval') return 'Waiting for approval';
  // eslint-disable-next-line no-restricted-syntax -- a word for people, not a phase to compare
  return 'Failed';
};

/**
 * One rollout that needs someone: its entity, cluster and canary, state and time in phase, and the
 * approve or abort buttons when the rollout says they are possible.
 */
export const InboxItemRow = ({
  item,
  now,
  onActionDone,
  actionable = true,
}: InboxItemRowProps) => {
  const { rollout, entityRef } = item;
  const target = `${rollout.namespace}/${rollout.name}`;
  const inPhase = timeSince(rollout.lastTransitionTime, now);
  const actions = actionable
    ? (rollout.actions ?? []).filter(
        a => a.possible && INBOX_ACTIONS.includes(a.action),
      )
    : [];
  return (
    <ListItem
      divider
      component="li"
      aria-label={`${entityRef} ${target} on ${rollout.cluster}`}
    >
      <Box
        width="100%"
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        style={{ gap: 12 }}
      >
        <Box flexGrow={1} minWidth={240}>
          <Typography variant="body1" component="div">
            <EntityRefLink entityRef={entityRef} />
          </Typography>
          <Typography variant="body2" color="textSecondary">
            {target} on {rollout.cluster}
            {' · '}
            {attentionText(item.attention)}
            {inPhase ? ` · for ${inPhase}` : ''}
          </Typography>
          {/* Why, as the lane and the notification say it; else Flagger's condition. */}
          {(rollout.explanation?.summary ??
            rollout.state?.conditionMessage) && (
            <Typography variant="caption" color="textSecondary" component="div">
              {rollout.explanation?.summary ?? rollout.state?.conditionMessage}
            </Typography>
          )}
          {/* Why it does not move, as the lane says it first. */}
          {isStuck(rollout.diagnosis, rollout.explanation) && (
            <Typography variant="caption" color="error" component="div">
              {rollout.diagnosis.headline}
            </Typography>
          )}
          {/* What was asked and waits for Flagger's next check, as on the lane. */}
          {rollout.pending && (
            <Box mt={1}>
              <PendingNote
                pending={rollout.pending}
                suspended={rollout.state?.suspended}
              />
            </Box>
          )}
        </Box>
        {rollout.state && (
          <PhaseChip
            label={rollout.state.label}
            tone={rollout.state.tone}
            phase={rollout.state.phase}
          />
        )}
        {actions.length > 0 && (
          <ActionButtons
            entityRef={entityRef}
            rollout={{ ...rollout, actions }}
            onDone={onActionDone}
          />
        )}
      </Box>
    </ListItem>
  );
};
