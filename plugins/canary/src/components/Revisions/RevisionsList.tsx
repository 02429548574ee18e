import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import {
  canRollBackTo,
  type RolloutRun,
} from '@backstage-canary/plugin-canary-common';

/** Props of {@link RevisionsList}. */
export type RevisionsListProps = {
  runs: RolloutRun[];
  /** The images the workload runs now, to tell which revision is current. */
  currentImages?: string[];
  /** Why rolling back is not allowed for this user, if it is not. */
  blocked?: string;
  onRollback: (run: RolloutRun) => void;
};

const outcomeLabel = (run: RolloutRun) =>
  run.outcome ?? (run.endedAt ? 'Ended' : 'In progress');

const sameImages = (a: string[], b?: string[]) =>
  b !== undefined && a.join('\n') === b.join('\n');

/**
 * The recorded revisions of a rollout, newest first: images, when the run started and ended, its
 * outcome, and "Roll back to this revision" on earlier revisions whose run succeeded.
 */
export const RevisionsList = ({
  runs,
  currentImages,
  blocked,
  onRollback,
}: RevisionsListProps) => {
  if (!runs.length) {
    return (
      <Typography variant="body2" color="textSecondary">
        No revision recorded yet: each new revision Flagger analyses is listed
        here once its run starts.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="Revisions">
      <TableHead>
        <TableRow>
          <TableCell>Run</TableCell>
          <TableCell>Images</TableCell>
          <TableCell>Ran</TableCell>
          <TableCell>Outcome</TableCell>
          <TableCell />
        </TableRow>
      </TableHead>
      <TableBody>
        {runs.map(run => {
          const current = sameImages(run.images, currentImages);
          const offer = canRollBackTo(run, currentImages);
          const label = `Roll back to revision #${run.number}`;
          return (
            <TableRow key={run.id}>
              <TableCell>
                #{run.number}
                {current && (
                  <Box component="span" ml={1}>
                    <Chip size="small" label="running now" />
                  </Box>
                )}
              </TableCell>
              <TableCell>
                {run.images.length ? run.images.join(', ') : 'not recorded'}
              </TableCell>
              <TableCell>
                {new Date(run.startedAt).toLocaleString()}
                {run.endedAt
                  ? ` – ${new Date(run.endedAt).toLocaleTimeString()}`
                  : ''}
              </TableCell>
              <TableCell>{outcomeLabel(run)}</TableCell>
              <TableCell align="right">
                {offer &&
                  (blocked ? (
                    <Tooltip title={blocked}>
                      <span>
                        <Button
                          size="small"
                          variant="outlined"
                          aria-disabled="true"
                          aria-label={`${label}: ${blocked}`}
                          onClick={event => event.preventDefault()}
                        >
                          Roll back to this revision
                        </Button>
                      </span>
                    </Tooltip>
                  ) : (
                    <Button
                      size="small"
                      variant="outlined"
                      color="secondary"
                      aria-label={label}
                      onClick={() => onRollback(run)}
                    >
                      Roll back to this revision
                    </Button>
                  ))}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
};
