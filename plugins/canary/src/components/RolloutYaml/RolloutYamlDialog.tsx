import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import Typography from '@material-ui/core/Typography';
import {
  CodeSnippet,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import {
  type CanaryRef,
  writeManifestsYaml,
} from '@backstage-canary/plugin-canary-common';
import { useRolloutDetail } from '../../hooks';

// Room for the copy button, which sits over the snippet's top right corner.
const SNIPPET_STYLE = { paddingRight: 48, maxHeight: '60vh' };

type Shown = 'canary' | 'application';

/** Props of {@link RolloutYamlDialog}. */
export type RolloutYamlDialogProps = {
  entityRef: string;
  canary: CanaryRef;
  open: boolean;
  onClose: () => void;
};

/**
 * The YAML of a lane's Canary as its cluster holds it and, for a Kurator-managed canary, of the
 * Kurator Application that renders it, each with a copy button. Read when opened.
 */
export const RolloutYamlDialog = ({
  entityRef,
  canary,
  open,
  onClose,
}: RolloutYamlDialogProps) => {
  const { value, loading, error } = useRolloutDetail(entityRef, canary, open);
  const [shown, setShown] = useState<Shown>('canary');
  const titleId = `canary-yaml-${canary.cluster}-${canary.namespace}-${canary.name}`;
  const application = value?.application;
  const showingApplication = shown === 'application' && Boolean(application);
  const object = showingApplication ? application : value?.canary;
  const objectName = showingApplication ? 'Kurator Application' : 'Canary';
  const where =
    showingApplication && application
      ? `Application ${application.metadata.namespace}/${
          application.metadata.name
        } on ${value?.rollout.kurator?.hostCluster ?? 'the host cluster'}`
      : `Canary ${canary.namespace}/${canary.name} on ${canary.cluster}`;

  return (
    <Dialog
      open={open}
      onClose={onClose}
      aria-labelledby={titleId}
      maxWidth="md"
      fullWidth
    >
      <DialogTitle id={titleId}>
        YAML of {canary.namespace}/{canary.name} on {canary.cluster}
      </DialogTitle>
      <DialogContent dividers>
        {loading && <Progress />}
        {error && <ResponseErrorPanel error={error} />}
        {value && (
          <>
            {value.application && (
              <Tabs
                value={showingApplication ? 'application' : 'canary'}
                onChange={(_event, next: Shown) => setShown(next)}
                indicatorColor="primary"
                aria-label="Object to show"
              >
                <Tab value="canary" label="Canary" />
                <Tab value="application" label="Kurator Application" />
              </Tabs>
            )}
            {object ? (
              <Box mt={1} role="region" aria-label={`${objectName} YAML`}>
                <Typography variant="caption" color="textSecondary">
                  {where}, as the cluster holds it (metadata.managedFields left
                  out)
                </Typography>
                <CodeSnippet
                  text={writeManifestsYaml([object])}
                  language="yaml"
                  customStyle={SNIPPET_STYLE}
                  showCopyCodeButton
                />
              </Box>
            ) : (
              <Typography variant="body2">
                {value.rollout.error
                  ? `Could not read ${canary.cluster}: ${value.rollout.error.message}`
                  : `No canary ${canary.namespace}/${canary.name} on ${canary.cluster}.`}
              </Typography>
            )}
          </>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} color="primary">
          Close
        </Button>
      </DialogActions>
    </Dialog>
  );
};
