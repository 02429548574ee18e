import Box from '@material-ui/core/Box';
import type { RolloutSummary } from '@backstage-canary/plugin-canary-common';
import { PolicyActionBar, policyGroups, policyKeyOf } from '../Actions';

/** Props of {@link PolicyLanesHeader}. */
export type PolicyLanesHeaderProps = {
  items: RolloutSummary[];
  rollout: RolloutSummary;
  entityRef: string;
  onDone?: () => void;
};

/**
 * Before the first lane of a Kurator sync policy, the policy's one action bar; nothing before any
 * other lane (native canaries keep their per-lane buttons).
 */
export const PolicyLanesHeader = ({
  items,
  rollout,
  entityRef,
  onDone,
}: PolicyLanesHeaderProps) => {
  const key = policyKeyOf(rollout);
  if (!key) return null;
  const first = items.find(r => policyKeyOf(r) === key);
  if (first !== rollout) return null;
  const group = policyGroups(items).find(g => g.key === key)!;
  return (
    <Box mb={2}>
      <PolicyActionBar entityRef={entityRef} group={group} onDone={onDone} />
    </Box>
  );
};
