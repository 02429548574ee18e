import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { PolicyPreviewResponse } from '@backstage-canary/plugin-canary-common';
import { CodeBlock } from './CodeBlock';
import { ClusterErrors } from './ClusterErrors';
import { IssueList } from './IssueList';

/** Props of {@link ClusterPreview}. */
export type ClusterPreviewProps = { result: PolicyPreviewResponse };

/** What the policy renders to on each cluster (for Kurator: the Canary it creates on every member). */
export const ClusterPreview = ({ result }: ClusterPreviewProps) => (
  <>
    <IssueList issues={result.issues} />
    <ClusterErrors errors={result.errors} />
    {result.manifests.length === 0 && (
      <Typography variant="body2">
        Nothing is rendered on any cluster.
      </Typography>
    )}
    {result.manifests.map(m => {
      const heading = `Rendered on ${m.cluster} (${m.role})`;
      return (
        <Box key={m.cluster} component="section" aria-label={heading} mb={2}>
          <Typography variant="subtitle1" component="h3">
            {heading}
          </Typography>
          <CodeBlock text={m.yaml} label={`Manifests for ${m.cluster}`} />
        </Box>
      );
    })}
  </>
);
