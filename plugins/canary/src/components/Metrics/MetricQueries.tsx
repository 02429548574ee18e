import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { CodeSnippet } from '@backstage/core-components';

// Room for the copy button, which sits over the snippet's top right corner.
const SNIPPET_STYLE = { paddingRight: 48, wordBreak: 'break-all' as const };

/** Props of {@link MetricQueries}. */
export type MetricQueriesProps = {
  name: string;
  query?: string;
  primaryQuery?: string;
};

/** The queries behind a metric's series, collapsed, each with a copy button. */
export const MetricQueries = ({
  name,
  query,
  primaryQuery,
}: MetricQueriesProps) => {
  if (!query && !primaryQuery) return null;
  return (
    <Accordion
      variant="outlined"
      TransitionProps={{ unmountOnExit: true }}
      style={{ marginTop: 8 }}
    >
      <AccordionSummary
        expandIcon={<ExpandMoreIcon />}
        aria-controls={`canary-metric-queries-${name}`}
      >
        <Typography variant="body2">Queries</Typography>
      </AccordionSummary>
      <AccordionDetails id={`canary-metric-queries-${name}`}>
        <Box width="100%" minWidth={0}>
          {query && (
            <>
              <Typography variant="caption" color="textSecondary">
                Canary
              </Typography>
              <CodeSnippet
                text={query}
                language="text"
                wrapLongLines
                customStyle={SNIPPET_STYLE}
                showCopyCodeButton
              />
            </>
          )}
          {primaryQuery && (
            <Box mt={1}>
              <Typography variant="caption" color="textSecondary">
                Primary
              </Typography>
              <CodeSnippet
                text={primaryQuery}
                language="text"
                wrapLongLines
                customStyle={SNIPPET_STYLE}
                showCopyCodeButton
              />
            </Box>
          )}
        </Box>
      </AccordionDetails>
    </Accordion>
  );
};
