import { useState } from 'react';
import Button from '@material-ui/core/Button';
import CodeIcon from '@material-ui/icons/Code';
import type { CanaryRef } from '@backstage-canary/plugin-canary-common';
import { RolloutYamlDialog } from './RolloutYamlDialog';

/** Props of {@link RolloutYamlButton}. */
export type RolloutYamlButtonProps = { entityRef: string; canary: CanaryRef };

/** A lane's "YAML" button: opens the Canary's (and Kurator Application's) YAML. */
export const RolloutYamlButton = ({
  entityRef,
  canary,
}: RolloutYamlButtonProps) => {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        size="small"
        variant="outlined"
        startIcon={<CodeIcon />}
        aria-haspopup="dialog"
        aria-label={`YAML of ${canary.namespace}/${canary.name} on ${canary.cluster}`}
        onClick={() => setOpen(true)}
      >
        YAML
      </Button>
      <RolloutYamlDialog
        entityRef={entityRef}
        canary={canary}
        open={open}
        onClose={() => setOpen(false)}
      />
    </>
  );
};
