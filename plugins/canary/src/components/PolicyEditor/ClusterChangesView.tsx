import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import type {
  PolicyClusterChange as ClusterChanges,
  PolicyObjectChange as ObjectChange,
} from '@backstage-canary/plugin-canary-common';
import { UnifiedDiff } from './UnifiedDiff';

const objectName = (o: ObjectChange) =>
  `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;

const OPERATION_TEXT: Record<ObjectChange['operation'], string> = {
  create: 'created',
  update: 'updated',
  unchanged: 'unchanged',
};

/** Props of {@link ClusterChangesView}. */
export type ClusterChangesViewProps = {
  clusters: ClusterChanges[];
  /** "Dry run" or "Applied", in each cluster's heading. */
  title: string;
  /** Whether the changes were made (apply) or only checked (dry run). */
  applied?: boolean;
};

/** What a dry run or apply does on each cluster: per object the operation and the diff. */
export const ClusterChangesView = ({
  clusters,
  title,
  applied,
}: ClusterChangesViewProps) => {
  if (!clusters.length) {
    return <Typography variant="body2">No target clusters.</Typography>;
  }
  return (
    <>
      {clusters.map(cluster => {
        const heading = `${title} on ${cluster.cluster} (${cluster.role})`;
        return (
          <Box
            key={cluster.cluster}
            component="section"
            aria-label={heading}
            mb={2}
          >
            <Typography variant="subtitle1" component="h3">
              {heading}
            </Typography>
            {cluster.error && (
              <Alert severity="error">
                {cluster.cluster}: {cluster.error.message}
              </Alert>
            )}
            {cluster.objects.map(object => {
              const name = objectName(object);
              const operation = OPERATION_TEXT[object.operation];
              return (
                <Box key={name} mt={1}>
                  <Box display="flex" alignItems="center" style={{ gap: 8 }}>
                    <Typography variant="body2">{name}</Typography>
                    <Chip
                      size="small"
                      label={
                        applied || object.operation === 'unchanged'
                          ? operation
                          : `would be ${operation}`
                      }
                      color={
                        object.operation === 'unchanged' ? 'default' : 'primary'
                      }
                    />
                  </Box>
                  {object.error && (
                    <Alert severity="error">
                      {name}: {object.error.message}
                    </Alert>
                  )}
                  {object.diff ? (
                    <UnifiedDiff
                      diff={object.diff}
                      label={`Diff of ${name} on ${cluster.cluster}`}
                    />
                  ) : (
                    object.operation === 'unchanged' && (
                      <Typography variant="caption" color="textSecondary">
                        Same as on the cluster.
                      </Typography>
                    )
                  )}
                </Box>
              );
            })}
          </Box>
        );
      })}
    </>
  );
};
