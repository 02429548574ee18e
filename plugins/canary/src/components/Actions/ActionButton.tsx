import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import { makeStyles } from '@material-ui/core/styles';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  canaryPermissions,
  canaryRolloutReadPermission,
  type RolloutActionAvailability,
} from '@backstage-canary/plugin-canary-common';
import type { ResourcePermission } from '@backstage/plugin-permission-common';
import { actionTitle } from './actionText';

const useStyles = makeStyles(theme => ({
  blocked: {
    color: theme.palette.action.disabled,
    borderColor: theme.palette.action.disabledBackground,
    cursor: 'not-allowed',
  },
}));

/** Props of {@link ActionButton}. */
export type ActionButtonProps = {
  action: RolloutActionAvailability;
  entityRef: string;
  onClick: () => void;
};

function permissionByName(name: string): ResourcePermission | undefined {
  return canaryPermissions.find(p => p.name === name) as
    | ResourcePermission
    | undefined;
}

/**
 * One rollout action: enabled when it is possible and the user holds its permission; otherwise
 * disabled, with the reason (or the missing permission) in a tooltip that keyboard users reach too.
 */
export const ActionButton = ({
  action,
  entityRef,
  onClick,
}: ActionButtonProps) => {
  const permission = permissionByName(action.permission);
  const { allowed, loading } = usePermission({
    permission:
      permission ?? (canaryRolloutReadPermission as ResourcePermission),
    resourceRef: entityRef,
  });
  const classes = useStyles();
  const label = actionTitle(action);

  let blocked: string | undefined;
  if (!action.possible) {
    blocked = [action.reason ?? 'Not possible now.', action.howToEnable]
      .filter(Boolean)
      .join(' ');
  } else if (!permission) {
    blocked = `Unknown permission ${action.permission}.`;
  } else if (!loading && !allowed) {
    blocked = `You do not have the ${action.permission} permission.`;
  }

  if (blocked) {
    return (
      // aria-disabled rather than disabled: the button keeps its focus, so keyboard users reach
      // the tooltip that says why.
      <Tooltip title={blocked}>
        <Button
          size="small"
          variant="outlined"
          aria-disabled="true"
          aria-label={`${label}: ${blocked}`}
          className={classes.blocked}
          disableRipple
          onClick={event => event.preventDefault()}
        >
          {label}
        </Button>
      </Tooltip>
    );
  }
  return (
    <Tooltip title={action.effect ?? label}>
      <span>
        <Button
          size="small"
          variant="outlined"
          color={action.action === 'abort' ? 'secondary' : 'primary'}
          disabled={loading}
          onClick={onClick}
        >
          {label}
        </Button>
      </span>
    </Tooltip>
  );
};
