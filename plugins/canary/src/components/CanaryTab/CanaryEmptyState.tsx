import { CodeSnippet, EmptyState } from '@backstage/core-components';
import {
  ANNOTATION_CANARY,
  ANNOTATION_HOST_CLUSTER,
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KURATOR_APPLICATION,
} from '@backstage-canary/plugin-canary-common';
import Typography from '@material-ui/core/Typography';

const EXAMPLE = `metadata:
  annotations:
    # a Kurator Application in the fleet's host cluster
    ${ANNOTATION_KURATOR_APPLICATION}: default/rollout-demo
    ${ANNOTATION_HOST_CLUSTER}: host
    # or a native Flagger Canary
    ${ANNOTATION_CANARY}: test/podinfo
    # or canaries labelled with the Kubernetes plugin's id
    ${ANNOTATION_KUBERNETES_ID}: podinfo`;

/**
 * Shown when the entity has none of the annotations the Canary tab resolves rollouts from.
 */
export const CanaryEmptyState = () => (
  <EmptyState
    missing="field"
    title="No rollouts configured for this entity"
    description={
      <Typography variant="body1" component="span">
        Add one of these annotations to the entity's catalog-info.yaml: a
        Kurator Application ({ANNOTATION_KURATOR_APPLICATION}), a native Flagger
        Canary ({ANNOTATION_CANARY}), or {ANNOTATION_KUBERNETES_ID} with the
        same label on your canaries.
      </Typography>
    }
    action={<CodeSnippet language="yaml" text={EXAMPLE} showCopyCodeButton />}
  />
);
