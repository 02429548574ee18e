import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import { usePermission } from '@backstage/plugin-permission-react';
import { canaryPolicyCreatePermission } from '@backstage-canary/plugin-canary-common';

/** Props of {@link ApplyPolicyButton}. */
export type ApplyPolicyButtonProps = {
  entityRef: string;
  /** Why the policy cannot be applied now (errors), if it cannot. */
  blockedBy?: string;
  onClick: () => void;
};

/**
 * Opens the apply confirmation; disabled, with the reason in its name and tooltip, when the user
 * lacks `canary.policy.create` or the policy has errors.
 */
export const ApplyPolicyButton = ({
  entityRef,
  blockedBy,
  onClick,
}: ApplyPolicyButtonProps) => {
  const { allowed, loading } = usePermission({
    permission: canaryPolicyCreatePermission,
    resourceRef: entityRef,
  });
  const blocked =
    !loading && !allowed
      ? `You do not have the ${canaryPolicyCreatePermission.name} permission.`
      : blockedBy;
  if (blocked) {
    return (
      <Tooltip title={blocked}>
        <span>
          <Button
            variant="contained"
            color="primary"
            disabled
            aria-label={`Apply: ${blocked}`}
          >
            Apply
          </Button>
        </span>
      </Tooltip>
    );
  }
  return (
    <Button
      variant="contained"
      color="primary"
      disabled={loading}
      onClick={onClick}
    >
      Apply
    </Button>
  );
};
