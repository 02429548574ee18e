import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { CodeBlock } from './CodeBlock';

/** Props of {@link YamlPanel}. */
export type YamlPanelProps = {
  yaml: string;
  fileName: string;
  /** Why the YAML could not be rendered, if it could not. */
  renderError?: string;
};

function download(text: string, fileName: string) {
  const url = URL.createObjectURL(
    new Blob([text], { type: 'application/yaml' }),
  );
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  URL.revokeObjectURL(url);
}

/** The YAML the policy renders to, to copy or download for a GitOps commit. */
export const YamlPanel = ({ yaml, fileName, renderError }: YamlPanelProps) => {
  const alertApi = useApi(alertApiRef);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(yaml);
      alertApi.post({
        message: 'Policy YAML copied',
        severity: 'success',
        display: 'transient',
      });
    } catch (e) {
      alertApi.post({
        message: `Could not copy the YAML: ${(e as Error).message}`,
        severity: 'error',
      });
    }
  };
  return (
    <>
      <Box display="flex" style={{ gap: 8 }} mb={1}>
        <Button size="small" variant="outlined" onClick={copy} disabled={!yaml}>
          Copy YAML
        </Button>
        <Button
          size="small"
          variant="outlined"
          onClick={() => download(yaml, fileName)}
          disabled={!yaml}
        >
          Download {fileName}
        </Button>
      </Box>
      {renderError ? (
        <Typography color="error" variant="body2">
          The policy cannot be rendered yet: {renderError}
        </Typography>
      ) : (
        <CodeBlock text={yaml} label="Policy YAML" />
      )}
    </>
  );
};
