import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import type { PolicySectionProps } from './fieldSpec';
import { PolicyField } from './PolicyField';
import { WORKLOAD_FIELDS } from './policyFields';

/**
 * Section "Workload" of the policy form: workload, namespace, port, traffic provider (and the
 * NGINX-only host and ingress). Grid cells of the form's one grid, so the layout flows across
 * sections.
 */
export function WorkloadSection(props: PolicySectionProps) {
  return (
    <>
      <Grid item xs={12}>
        <Typography variant="h6">Workload</Typography>
      </Grid>
      {WORKLOAD_FIELDS.map(field => (
        <PolicyField
          key={field.label}
          field={field}
          target={props.policy}
          onChange={props.onChange}
        />
      ))}
    </>
  );
}
