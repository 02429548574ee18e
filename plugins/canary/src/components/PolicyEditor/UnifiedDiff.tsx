import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  diff: {
    margin: 0,
    padding: theme.spacing(1),
    overflowX: 'auto',
    fontFamily: 'monospace',
    fontSize: '0.8rem',
    background: theme.palette.background.default,
    borderRadius: theme.shape.borderRadius,
  },
  line: { display: 'block', whiteSpace: 'pre' },
  added: {
    background: theme.palette.type === 'dark' ? '#1b4721' : '#e6ffec',
  },
  removed: {
    background: theme.palette.type === 'dark' ? '#5c1e1e' : '#ffebe9',
  },
  hunk: { color: theme.palette.info.main },
  header: { fontWeight: 'bold' },
}));

/** Props of {@link UnifiedDiff}. */
export type UnifiedDiffProps = {
  diff: string;
  /** What the diff is of, for screen readers. */
  label: string;
};

/** A unified diff, added lines green and removed lines red. */
export const UnifiedDiff = ({ diff, label }: UnifiedDiffProps) => {
  const classes = useStyles();
  const lineClass = (line: string) => {
    if (line.startsWith('+++') || line.startsWith('---')) return classes.header;
    if (line.startsWith('@@')) return classes.hunk;
    if (line.startsWith('+')) return classes.added;
    if (line.startsWith('-')) return classes.removed;
    return undefined;
  };
  const lines = diff.replace(/\n$/, '').split('\n');
  return (
    <pre className={classes.diff} aria-label={label}>
      {lines.map((line, i) => (
        <span key={i} className={`${classes.line} ${lineClass(line) ?? ''}`}>
          {line || ' '}
        </span>
      ))}
    </pre>
  );
};
