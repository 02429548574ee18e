import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  code: {
    margin: 0,
    padding: theme.spacing(1),
    overflow: 'auto',
    maxHeight: '60vh',
    fontFamily: 'monospace',
    fontSize: '0.8rem',
    whiteSpace: 'pre',
    background: theme.palette.background.default,
    borderRadius: theme.shape.borderRadius,
  },
}));

/** Props of {@link CodeBlock}. */
export type CodeBlockProps = { text: string; label: string };

/** Preformatted text (YAML) with an accessible name. */
export const CodeBlock = ({ text, label }: CodeBlockProps) => {
  const classes = useStyles();
  return (
    <pre className={classes.code} aria-label={label}>
      {text}
    </pre>
  );
};
