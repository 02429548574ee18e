import {
  useId,
  useLayoutEffect,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import Link from '@material-ui/core/Link';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'flex',
    alignItems: 'baseline',
    minWidth: 0,
  },
  clamped: {
    flex: '1 1 auto',
    minWidth: 0,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  },
  expanded: {
    flex: '1 1 auto',
    minWidth: 0,
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
  },
  toggle: {
    flex: 'none',
    marginLeft: theme.spacing(1),
    verticalAlign: 'baseline',
  },
}));

/** Props of {@link ClampedText}. */
export type ClampedTextProps = {
  children: ReactNode;
  /** The text as one string: when it changes, whether it fits is measured again. */
  text: string;
};

/**
 * Text on one line, cut with an ellipsis when it does not fit, with a "more" button that shows it
 * whole (and "less" to fold it again). The button is there only when the text is cut.
 */
export const ClampedText = ({ children, text }: ClampedTextProps) => {
  const classes = useStyles();
  const id = useId();
  const ref = useRef<HTMLSpanElement>(null);
  const [expanded, setExpanded] = useState(false);
  const [cut, setCut] = useState(false);

  useLayoutEffect(() => {
    const element = ref.current;
    if (!element || expanded) return undefined;
    const measure = () => setCut(element.scrollWidth > element.clientWidth);
    measure();
    if (typeof ResizeObserver === 'undefined') return undefined;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [text, expanded]);

  return (
    <span className={classes.root}>
      <span
        id={id}
        ref={ref}
        className={expanded ? classes.expanded : classes.clamped}
      >
        {children}
      </span>
      {(cut || expanded) && (
        <Link
          component="button"
          variant="caption"
          className={classes.toggle}
          aria-expanded={expanded}
          aria-controls={id}
          onClick={() => setExpanded(value => !value)}
        >
          {expanded ? 'less' : 'more'}
        </Link>
      )}
    </span>
  );
};
